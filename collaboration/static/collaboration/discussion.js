// Live discussion: progressively enhances the server-rendered page at /spaces/<id>/.
//
// Without these modules the page lists messages and posts them with a plain form. With them,
// the page talks the WebSocket protocol of docs/protocol.md: optimistic sending with client
// ids and acks, the space's change sequence (every post, edit, hide and unhide has a `seq`;
// the page syncs whatever it misses), reconnect with backoff, presence with local times,
// typing notices, topics, edits, hiding, read marks and the count of unread notifications.
// Messages come drawn by the server (their `html`); this client adds the reader's controls,
// times and words. The rules it shares with the server (limits, the general topic, close
// codes) come from the page (`#discussion-protocol`).
//
// This module wires the others together and handles the frames:
//   connection.js  the socket, reconnecting, the connection state
//   changes.js     the change sequence and syncing
//   messages.js    the conversation: the server's messages in order, unread divider, older ones
//   controls.js    edit and hide on a message, for the reader who may
//   composer.js    the form: sending, pending copies, typing notices
//   topics.js      the topic filter
//   presence.js    who is online and typing
//   readmarks.js   read marks
//   notices.js     the live region and the error line
//   notifications.js  the unread-notifications badge
//   times.js, dom.js  formatting and small helpers

import { ChangeSequence } from "./changes.js";
import { Composer } from "./composer.js";
import { Connection } from "./connection.js";
import { MessageControls } from "./controls.js";
import { gettext, interpolate, make, ngettext } from "./dom.js";
import { markMentionsOf } from "./mentions.js";
import { MessageList } from "./messages.js";
import { Notices } from "./notices.js";
import { showUnreadNotifications } from "./notifications.js";
import { Presence } from "./presence.js";
import { ReadMarks } from "./readmarks.js";
import { Times, pageLanguage } from "./times.js";
import { Topics } from "./topics.js";

class Discussion {
  constructor(root, protocol) {
    const data = root.dataset;
    this.root = root;
    this.protocol = protocol;
    this.apiUrl = data.apiUrl;
    this.hideUrl = data.hideUrl;
    this.userId = data.userId;
    this.userName = data.userName;
    this.lastRead = Number(data.lastRead);
    this.canHide = data.canHide === "true";
    this.canPost = data.canPost === "true";
    this.csrfToken = document.querySelector("input[name=csrfmiddlewaretoken]").value;
    this.times = new Times(pageLanguage(), data.timezone);
    // An older page of the conversation fetches the messages after it once (by id).
    this.fillAfter = null;
    this.caughtUp = 0;
    this.outage = false;
    this.retryTimer = null;

    const send = (frame) => this.connection.send(frame);
    this.connection = new Connection(root, protocol.close_codes, {
      open: () => this.onOpen(),
      frame: (frame) => this.onFrame(frame),
      lost: () => this.onLost(),
      stopped: (text) => this.onStopped(text),
    });
    this.sequence = new ChangeSequence(Number(data.headSeq), send);
    this.list = new MessageList(this);
    markMentionsOf(this.list.list, this.userId);
    const form = document.getElementById("message-form");
    this.notices = new Notices(this.list.list, form);
    this.composer = form ? new Composer(this, form) : null;
    this.topics = new Topics(this);
    this.controls = new MessageControls(this);
    this.presence = new Presence(this);
    this.readMarks = new ReadMarks(this.lastRead, send);
  }

  start() {
    this.root.classList.add("is-live");
    if (this.root.querySelector(".pager-newer")) this.fillAfter = this.list.maxId();
    for (const article of this.list.stored()) this.enhance(article);
    this.list.placeUnreadDivider(this.lastRead, (article) => this.controls.isMine(article));
    this.topics.start();
    this.list.scrollToStart();
    if (this.composer) this.composer.start();
    this.startClock();
    this.connection.start((text) => this.notices.announce(text));
  }

  // The reader's times, words and controls on a message the server drew.
  enhance(article) {
    this.list.showTimes(article);
    this.controls.add(article);
    this.readMarks.observe(article);
  }

  // A message the server drew has just been put in the list.
  shown(item, message) {
    const article = item.querySelector("article.message");
    this.controls.remember(message);
    this.enhance(article);
    this.topics.add(message.topic);
    this.topics.applyTo(item);
    return article;
  }

  startClock() {
    const tick = () => {
      this.presence.updateClocks();
      this.controls.expire();
    };
    // Align to the minute so that the clocks turn over with the real ones.
    const untilNextMinute = 60000 - (Date.now() % 60000);
    setTimeout(() => {
      tick();
      setInterval(tick, 60000);
    }, untilNextMinute);
  }

  // --- The connection ------------------------------------------------------------------------

  onOpen() {
    this.sequence.forget();
    this.caughtUp = 0;
    if (this.fillAfter !== null) this.connection.send({ type: "sync", after: this.fillAfter });
    this.sequence.sync();
    if (this.composer) this.composer.resendAll();
    this.readMarks.schedule();
  }

  onLost() {
    this.presence.clearTyping();
  }

  onStopped(text) {
    this.sequence.stop();
    clearTimeout(this.retryTimer);
    this.notices.showError(text);
    if (this.composer) this.composer.stop();
  }

  onFrame(frame) {
    switch (frame.type) {
      case "message":
        this.receive(frame.message, { live: true });
        this.sequence.hold(frame.seq);
        break;
      case "ack":
        // The stored message replaces the pending copy at once, before or after the broadcast.
        // An ack of a message hidden since carries no message (its tombstone came first).
        if (frame.hidden) this.dropPending(frame.client_id);
        else this.receive(frame.message, { live: false });
        this.sequence.hold(frame.seq);
        break;
      case "message.hidden":
        this.hideMessage(frame.id, frame.seq);
        this.sequence.hold(frame.seq);
        break;
      case "head":
        this.sequence.behind(frame.seq);
        break;
      case "history":
        if (frame.changes) this.receiveChanges(frame);
        else this.receiveNewer(frame);
        break;
      case "presence":
        this.presence.show(frame.online);
        break;
      case "typing":
        this.presence.typing(frame.user);
        break;
      case "notifications":
        showUnreadNotifications(frame.unread);
        break;
      case "error":
        this.showError(frame);
        break;
      default:
        // Frames this client does not know are left alone (docs/protocol.md).
        break;
    }
  }

  // --- Changes -------------------------------------------------------------------------------

  // The seq of the state of message `id` on the page (or of its hiding), 0 if unknown.
  versionOf(id) {
    const article = this.list.article(id);
    if (article) return Number(article.dataset.seq);
    return this.sequence.hiddenSeq(id);
  }

  // The answer to `sync {after_seq}`: the current state of every message changed since, in
  // seq order, complete up to `head` (or up to the last change while `has_more`).
  receiveChanges(frame) {
    for (const change of frame.changes) {
      if (change.kind === "hidden") this.hideMessage(change.id, change.seq);
      else if (this.receive(change.message, { live: false })) this.caughtUp += 1;
    }
    if (this.sequence.answered(frame)) return;
    this.recovered();
    this.announceCaughtUp();
  }

  // The answer to `sync {after}` on an older page: the messages after it, by id.
  receiveNewer(frame) {
    for (const message of frame.messages) {
      if (this.receive(message, { live: false })) this.caughtUp += 1;
    }
    const last = frame.messages[frame.messages.length - 1];
    if (frame.has_more && last) {
      this.fillAfter = last.id;
      this.connection.send({ type: "sync", after: last.id });
      return;
    }
    this.fillAfter = null;
    this.announceCaughtUp();
  }

  announceCaughtUp() {
    if (this.caughtUp > 0) {
      this.notices.announce(
        interpolate(ngettext("%s new message.", "%s new messages.", this.caughtUp), [
          this.caughtUp,
        ]),
      );
    }
    this.caughtUp = 0;
  }

  dropPending(clientId) {
    const entry = this.composer && this.composer.settle(clientId);
    if (entry) entry.item.remove();
  }

  // Adds or replaces a message in its current state; returns true when it is new from someone
  // else. A copy no newer than the one shown (or than its hiding) changes nothing.
  receive(message, { live }) {
    const { list } = this;
    const existing = list.article(message.id);
    if (message.seq <= this.versionOf(message.id)) {
      // Stored, and shown or hidden already: the pending copy goes.
      this.dropPending(message.client_id);
      return false;
    }
    if (existing && existing.querySelector(".edit-form")) {
      // Its author is editing it right now; the edit's own broadcast will refresh it.
      return false;
    }
    const pending = this.composer && this.composer.pending.get(message.client_id);
    // Left for "Show older messages", which would skip the messages in between otherwise.
    if (!existing && !pending && list.beforeShown(message.id)) return false;
    this.sequence.shown(message.id);
    const wasNear = list.nearBottom();
    const item = list.itemFor(message);
    let isNew = false;
    let refocus = null;
    if (existing) {
      const focused = document.activeElement;
      if (existing.contains(focused)) {
        refocus = focused.matches("button.edit")
          ? "button.edit"
          : focused.closest("form.message-hide")
            ? "form.message-hide button"
            : "article";
      }
      this.readMarks.forget(existing);
      list.itemOf(existing).replaceWith(item);
      this.dropPending(message.client_id);
    } else if (pending) {
      this.composer.settle(message.client_id);
      pending.item.replaceWith(item);
    } else {
      // New, or shown again by a teacher: in order of id, in place of its author's note.
      const note = document.getElementById("hidden-mine-" + message.id);
      if (note) list.itemOf(note).remove();
      list.insertInOrder(item, message.id);
      isNew = String(message.author.id) !== this.userId;
    }
    const article = this.shown(item, message);
    if (refocus) {
      // Keyboard users stay where they were when the message is redrawn.
      const target = refocus === "article" ? null : article.querySelector(refocus);
      if (target) target.focus();
      else {
        article.setAttribute("tabindex", "-1");
        article.focus();
      }
    }
    if (isNew) {
      this.presence.stopTyping(String(message.author.id));
      if (message.id > this.lastRead && !list.hasDivider()) {
        if (document.visibilityState !== "visible" || !wasNear) list.insertDivider(item);
      }
      if (live) {
        this.notices.announce(
          interpolate(
            gettext("New message from %(name)s: %(text)s"),
            { name: message.author.name, text: excerpt(message.body) },
            true,
          ),
        );
      }
    }
    if (wasNear && !existing) list.scrollToBottom();
    else if (isNew && live && !item.hidden) list.jumpButton.hidden = false;
    return isNew;
  }

  // Hidden messages leave every list, as they do on the server-rendered page. A hiding older
  // than the state shown (the message was shown again since) changes nothing.
  hideMessage(id, seq) {
    if (seq < this.versionOf(id)) return;
    this.sequence.hidden(id, seq);
    const article = this.list.article(id);
    if (!article) return;
    const item = this.list.itemOf(article);
    const hadFocus = article.contains(document.activeElement);
    const next = item.nextElementSibling;
    this.readMarks.forget(article);
    this.controls.forget(id);
    if (article.dataset.authorId === this.userId) {
      // Its author keeps their own text, marked; the reason comes as a notification.
      item.replaceWith(this.ownHiddenItem(article, id));
    } else item.remove();
    this.notices.announce(gettext("A teacher hid a message."));
    if (hadFocus) {
      const target = next && next.querySelector("a, button");
      (target || this.list.list).focus();
    }
  }

  // The author's view of their message that a teacher hid, made from the article shown.
  ownHiddenItem(article, id) {
    const body = article.querySelector(".message-body");
    return make(
      "li",
      {},
      make(
        "article",
        { className: "message-hidden-mine", id: "hidden-mine-" + id, "data-hidden-id": id },
        make(
          "p",
          { className: "message-hidden-note" },
          make("strong", { text: gettext("Hidden by a teacher") }),
        ),
        make("p", {
          className: "meta",
          text: gettext("Only you and the module’s teachers see this message."),
        }),
        body,
      ),
    );
  }

  // --- Errors --------------------------------------------------------------------------------

  showError(frame) {
    const { composer, notices } = this;
    const texts = {
      invalid: gettext("The server could not accept that."),
      forbidden: gettext("You are not allowed to do that."),
      not_found: gettext("That message does not exist any more."),
      unavailable: gettext("The discussion is briefly unavailable…"),
    };
    let text = texts[frame.code] || gettext("Something went wrong.");
    const wait = Math.max(1, Math.ceil(frame.retry_after || 1));
    if (frame.code === "too_long") text = this.tooLongText();
    if (frame.code === "unavailable") {
      this.retryLater(wait);
    } else if (frame.code === "rate_limited") {
      text = interpolate(
        ngettext(
          "You are sending messages too quickly. Wait %s second.",
          "You are sending messages too quickly. Wait %s seconds.",
          wait,
        ),
        [wait],
      );
      if (composer) composer.retryAfter(frame.client_id, wait);
    } else if (composer) {
      composer.giveBack(frame.client_id);
    }
    if (frame.code === "invalid" && frame.detail) text += " " + frame.detail;
    notices.showError(text);
    notices.announce(text);
  }

  tooLongText() {
    return interpolate(gettext("Your message is too long: at most %s characters."), [
      this.protocol.body_max_length.toLocaleString(this.times.language),
    ]);
  }

  // The server could not handle a frame (its database or channel layer is down) and stored
  // nothing: after `wait` seconds, send the pending messages again (same client ids, so
  // nothing is stored twice) and sync, since a sync that failed gets no answer.
  retryLater(wait) {
    this.outage = true;
    this.sequence.forget();
    if (this.composer) this.composer.markAll(gettext("Waiting…"));
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.composer) this.composer.resendAll();
      this.sequence.sync();
    }, wait * 1000);
  }

  recovered() {
    if (!this.outage || (this.composer && this.composer.pending.size > 0)) return;
    this.waitOver();
  }

  // A wait the server asked for is over: its notice goes.
  waitOver() {
    this.outage = false;
    this.notices.showError("");
  }
}

function excerpt(text) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 140 ? flat.slice(0, 139) + "…" : flat;
}

const root = document.getElementById("discussion");
if (root) {
  const protocol = JSON.parse(document.getElementById("discussion-protocol").textContent);
  new Discussion(root, protocol).start();
}
