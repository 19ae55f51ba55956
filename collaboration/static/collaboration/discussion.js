// Live discussion: progressively enhances the server-rendered page at /spaces/<id>/.
//
// Without this module the page lists messages and posts them with a plain form. With it,
// the page talks the WebSocket protocol of docs/protocol.md: optimistic sending with
// client ids and acks, the space's change sequence (every post, edit, hide and unhide has a
// `seq`; the page syncs whatever it misses), reconnect with backoff, presence with local
// times, typing notices, topics, edits, hiding and read marks.
//
// Safety: only `body_html` (sanitised by the server) is ever inserted as HTML; every other
// value (names, institutions, topics, our own pending text) goes in through textContent.

const gettext = globalThis.gettext || ((text) => text);
const ngettext =
  globalThis.ngettext || ((singular, plural, count) => (count === 1 ? singular : plural));
const interpolate =
  globalThis.interpolate ||
  ((format, values, named) =>
    named
      ? format.replace(/%\((\w+)\)s/g, (_match, key) => String(values[key]))
      : format.replace(/%s/g, () => String(values.shift())));

const GENERAL_TOPIC = "general";
const MAX_BODY_LENGTH = 10000;
const EDIT_WINDOW_MS = 15 * 60 * 1000;
const TYPING_SEND_EVERY_MS = 3000;
const TYPING_SHOWN_FOR_MS = 6000;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30000;
const READ_MARK_DELAY_MS = 800;
const LIVE_REGION_KEEP = 5;
const OLDER_PAGE_SIZE = 50;
// A gap in the seqs often closes by itself when the frame in between is still on its way.
const SYNC_DELAY_MS = 200;
// Close codes after which reconnecting cannot help; every other close (4503 among them) is
// followed by a reconnect and a sync.
const FINAL_CLOSE_CODES = new Set([4401, 4403, 4404]);

function flag(value) {
  return ["true", "1", "yes", "on"].includes(String(value || "").toLowerCase());
}

function make(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "className") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function newClientId() {
  if (globalThis.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID needs a secure context; plain-HTTP deployments on a LAN still get a v4 UUID.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join(
    "-",
  );
}

class Discussion {
  constructor(root) {
    this.root = root;
    this.spaceId = root.dataset.spaceId;
    this.wsPath = root.dataset.wsUrl || "/ws/spaces/" + this.spaceId + "/";
    this.apiUrl = root.dataset.apiUrl || "/api/spaces/" + this.spaceId + "/messages/";
    this.userId = String(root.dataset.userId || "");
    this.lastRead = Number(root.dataset.lastRead || 0);
    this.canHide = flag(root.dataset.canHide);
    // The page's language, with the browser's regional variant when it matches (en-GB
    // formats times with 24 hours, plain "en" would not).
    const pageLanguage = document.documentElement.lang || "en";
    const browserLanguage = navigator.language || "";
    this.language = browserLanguage.toLowerCase().startsWith(pageLanguage.toLowerCase())
      ? browserLanguage
      : pageLanguage;
    this.timeZone = root.dataset.timezone || Intl.DateTimeFormat().resolvedOptions().timeZone;

    this.list = document.getElementById("messages");
    this.form = document.getElementById("message-form");
    this.presence = document.getElementById("presence");
    this.live = document.getElementById("live-status");
    this.bodyField = this.form ? this.form.elements.namedItem("body") : null;
    this.topicField = this.form ? this.form.elements.namedItem("topic") : null;

    this.socket = null;
    this.attempt = 0;
    this.reconnectTimer = null;
    this.stopped = false;
    this.everOpened = false;
    this.lostConnection = false;
    // The change sequence: the page holds every change up to `contiguous`; `known` is the
    // highest seq the server has mentioned, `ahead` the seqs held beyond a gap.
    this.contiguous = Number(root.dataset.headSeq || 0);
    this.known = this.contiguous;
    this.ahead = new Set();
    this.hiddenAt = new Map(); // message id -> seq of the change that hid it
    this.syncing = false;
    this.syncTimer = null;
    this.retryTimer = null;
    this.outage = false;
    // An older page of the conversation fetches the messages after it once (by id).
    this.fillAfter = null;
    this.caughtUp = 0;
    this.pending = new Map(); // client_id -> {body, topic, item}
    this.bodies = new Map(); // message id -> Markdown body, for editing
    this.typingPeople = new Map(); // user id -> {name, timer}
    this.lastTypingSent = 0;
    this.visibleIds = new Set();
    this.readSent = this.lastRead;
    this.readTimer = null;
    // A page the server filtered by topic lists only that topic: switching topics reloads.
    this.serverTopic = root.dataset.topic || "";
    this.filter = this.serverTopic;
  }

  // --- Set-up -------------------------------------------------------------------------------

  start() {
    if (!this.list) return;
    this.root.classList.add("is-live");
    if (this.root.querySelector(".pager-newer")) this.fillAfter = this.maxId();
    this.buildChrome();
    for (const article of this.articles()) this.enhance(article);
    this.placeUnreadDivider();
    this.refreshTopics();
    this.observeReading();
    this.scrollToStart();
    if (this.form && this.bodyField) this.bindForm();
    this.startClock();
    window.addEventListener("online", () => this.reconnectNow());
    window.addEventListener("offline", () => this.dropConnection());
    document.addEventListener("visibilitychange", () => this.scheduleReadMark());
    this.connect();
  }

  buildChrome() {
    // Connection state, under the heading of the space.
    this.statusLine = make("p", { className: "connection-status", "data-state": "connecting" });
    this.statusLine.textContent = gettext("Connecting…");
    const heading = this.root.querySelector("h1");
    if (heading) heading.after(this.statusLine);
    else this.root.prepend(this.statusLine);

    // The conversation scrolls inside its own box; it must be reachable by keyboard.
    this.list.setAttribute("tabindex", "0");
    if (!this.list.hasAttribute("aria-label") && !this.list.hasAttribute("aria-labelledby")) {
      if (document.getElementById("messages-heading")) {
        this.list.setAttribute("aria-labelledby", "messages-heading");
      } else {
        this.list.setAttribute("aria-label", gettext("Messages"));
      }
    }

    // Topics: the server's links (if any) become a filter that needs no reload.
    this.topicNav = this.root.querySelector("nav.topic-filter");
    if (!this.topicNav) {
      this.topicNav = make("nav", { className: "topic-filter", "aria-label": gettext("Topics") });
      const olderPager = this.root.querySelector(".pager-older");
      (olderPager || this.list).before(this.topicNav);
    }
    this.topicNav.addEventListener("click", (event) => this.onTopicClick(event));
    this.list.addEventListener("click", (event) => this.onTopicClick(event));

    // Older messages are fetched into the list instead of paging away.
    const olderPager = this.root.querySelector(".pager-older");
    this.olderButton = make("button", {
      type: "button",
      className: "button button-secondary load-older",
      text: gettext("Show older messages"),
    });
    this.olderButton.addEventListener("click", () => this.loadOlder());
    this.list.before(this.olderButton);
    this.olderButton.hidden = !olderPager;
    if (olderPager) olderPager.remove();
    // Newer messages than this page holds arrive through `sync`, so that link is not needed.
    const newerPager = this.root.querySelector(".pager-newer");
    if (newerPager) newerPager.remove();

    // Shown when someone writes while the reader is further up in the conversation.
    this.jumpButton = make("button", {
      type: "button",
      className: "button jump-latest",
      hidden: true,
      text: gettext("New messages below"),
    });
    this.jumpButton.addEventListener("click", () => {
      this.scrollToBottom();
      this.jumpButton.hidden = true;
      this.list.focus();
    });
    this.list.after(this.jumpButton);
    this.list.addEventListener("scroll", () => {
      if (!this.jumpButton.hidden && this.nearBottom()) this.jumpButton.hidden = true;
    });

    // Who is typing, between the conversation and the form. Not announced: it would be noise.
    this.typingLine = make("p", { className: "typing-indicator", "aria-hidden": "true" });
    if (this.form) this.form.before(this.typingLine);
    else this.list.after(this.typingLine);

    if (this.form && this.bodyField) {
      // Errors next to the form; the textarea points at them.
      this.formError = make("p", {
        className: "form-error",
        id: "message-form-error",
        hidden: true,
      });
      this.form.querySelector("[type=submit]").before(this.formError);
      const hint = make("p", {
        className: "helptext keyboard-hint",
        id: "message-form-hint",
        text: gettext("Enter sends, Shift+Enter starts a new line."),
      });
      this.bodyField.after(hint);
      const describedBy = (this.bodyField.getAttribute("aria-describedby") || "").split(" ");
      this.bodyField.setAttribute(
        "aria-describedby",
        [...describedBy.filter(Boolean), "message-form-hint", "message-form-error"].join(" "),
      );
    } else {
      this.formError = make("p", { className: "form-error", hidden: true });
      this.list.after(this.formError);
    }

    if (this.topicField) {
      const listId = this.topicField.getAttribute("list");
      this.topicList = listId ? document.getElementById(listId) : null;
      if (!this.topicList) {
        this.topicList = make("datalist", { id: "topic-names" });
        this.topicField.setAttribute("list", "topic-names");
        this.topicField.after(this.topicList);
      }
    }

    // The presence container may be the list itself or hold one.
    if (this.presence) {
      this.presenceList = ["UL", "OL"].includes(this.presence.tagName)
        ? this.presence
        : this.presence.querySelector("ul") || this.presence.appendChild(make("ul"));
      this.presenceList.classList.add("presence-list");
    }

    // Hiding through the socket; the plain form stays as the fallback when it is closed.
    this.list.addEventListener("submit", (event) => {
      const form = event.target.closest("form.message-hide");
      if (!form) return;
      const article = form.closest("article.message");
      if (!this.isOpen() || !article) return;
      event.preventDefault();
      this.askHide(article);
    });
  }

  articles() {
    return Array.from(this.list.querySelectorAll("article.message"));
  }

  maxId() {
    let max = 0;
    for (const article of this.articles()) max = Math.max(max, Number(article.dataset.id || 0));
    return max;
  }

  article(id) {
    return document.getElementById("m-" + id);
  }

  itemOf(article) {
    return article.closest("li") || article;
  }

  isMine(article) {
    return this.userId !== "" && article.dataset.authorId === this.userId;
  }

  topicOf(article) {
    if (article.dataset.topic) return article.dataset.topic;
    const label = article.querySelector(".message-topic");
    const text = label ? label.textContent.trim().replace(/^#/, "") : "";
    return text || GENERAL_TOPIC;
  }

  // --- The connection -------------------------------------------------------------------------

  connect() {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(scheme + "//" + location.host + this.wsPath);
    this.socket = socket;
    this.setState("connecting", gettext("Connecting…"));
    socket.addEventListener("open", () => this.onOpen(socket));
    socket.addEventListener("message", (event) => this.onFrame(socket, event));
    socket.addEventListener("close", (event) => this.onClose(socket, event));
  }

  isOpen() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  send(frame) {
    if (!this.isOpen()) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  onOpen(socket) {
    if (socket !== this.socket) return;
    this.attempt = 0;
    this.setState("open", gettext("Live"));
    if (this.lostConnection) this.announce(gettext("Reconnected."));
    this.lostConnection = false;
    this.everOpened = true;
    this.syncing = false;
    this.caughtUp = 0;
    if (this.fillAfter !== null) this.send({ type: "sync", after: this.fillAfter });
    this.sync();
    // The server stores each client id once, so resending after a lost ack is safe.
    for (const [clientId, entry] of this.pending) this.sendPending(clientId, entry);
    this.scheduleReadMark();
  }

  onClose(socket, event) {
    if (socket !== this.socket) return;
    this.socket = null;
    if (FINAL_CLOSE_CODES.has(event.code)) {
      this.stop(event.code);
      return;
    }
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    if (this.stopped) return;
    if (this.everOpened && !this.lostConnection) {
      this.lostConnection = true;
      this.announce(gettext("Connection lost. Reconnecting…"));
    }
    this.clearTyping();
    // Exponential backoff with jitter, so that a restarted server is not hit by everyone at once.
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt);
    const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    this.attempt += 1;
    const seconds = Math.max(1, Math.round(delay / 1000));
    this.setState(
      "closed",
      navigator.onLine === false
        ? gettext("Offline. Messages you write are sent when the connection is back.")
        : interpolate(
            ngettext(
              "Connection lost. Trying again in %s second…",
              "Connection lost. Trying again in %s seconds…",
              seconds,
            ),
            [seconds],
          ),
    );
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  reconnectNow() {
    if (this.stopped || this.isOpen()) return;
    this.attempt = 0;
    if (this.socket) {
      // A socket that is still connecting is left to finish.
      return;
    }
    this.connect();
  }

  dropConnection() {
    // The browser knows it is offline; the socket may take long to notice on its own.
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close();
    this.scheduleReconnect();
  }

  stop(code) {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.syncTimer);
    clearTimeout(this.retryTimer);
    const texts = {
      4401: gettext("Your session has ended. Sign in again to keep talking."),
      4403: gettext("You no longer have access to this space."),
      4404: gettext("This space does not exist any more."),
    };
    const text = texts[code];
    this.setState("stopped", text);
    this.announce(text);
    this.showFormError(text);
    if (code === 4401) {
      const link = make("a", {
        href: "/accounts/login/?next=" + encodeURIComponent(location.pathname),
        text: gettext("Sign in"),
      });
      this.statusLine.append(" ", link);
    }
    // A page without a form: someone who may read the space but not post in it.
    if (this.form) for (const control of this.form.elements) control.disabled = true;
    for (const entry of this.pending.values()) this.markPending(entry, gettext("Not sent"));
  }

  setState(state, text) {
    this.root.dataset.connection = state;
    this.statusLine.dataset.state = state;
    this.statusLine.textContent = text;
  }

  // --- Frames from the server ---------------------------------------------------------------

  onFrame(socket, event) {
    if (socket !== this.socket) return;
    let frame;
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    switch (frame.type) {
      case "message":
        this.receive(frame.message, { live: true });
        this.hold(frame.seq);
        break;
      case "ack":
        // The stored message replaces the pending copy at once, before or after the broadcast.
        this.receive(frame.message, { live: false });
        this.hold(frame.seq);
        break;
      case "message.hidden":
        this.hideMessage(frame.id, frame.seq);
        this.hold(frame.seq);
        break;
      case "head":
        this.behind(frame.seq);
        break;
      case "history":
        if (frame.changes) this.receiveChanges(frame);
        else this.receiveNewer(frame);
        break;
      case "presence":
        this.showPresence(frame.online);
        break;
      case "typing":
        this.showTyping(frame.user);
        break;
      case "error":
        this.showError(frame);
        break;
      default:
        break;
    }
  }

  // --- The change sequence ------------------------------------------------------------------

  // Asks for every change after the last one held without a gap; one sync at a time.
  sync() {
    clearTimeout(this.syncTimer);
    this.syncTimer = null;
    if (this.syncing || !this.send({ type: "sync", after_seq: this.contiguous })) return;
    this.syncing = true;
  }

  // The server has a change up to `seq`: sync soon, unless the frames on their way fill the gap.
  behind(seq) {
    this.known = Math.max(this.known, seq);
    if (this.known <= this.contiguous || this.syncing || this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      if (this.known > this.contiguous) this.sync();
    }, SYNC_DELAY_MS);
  }

  // Change `seq` is on the page.
  hold(seq) {
    if (seq === this.contiguous + 1) {
      this.advance(seq);
    } else if (seq > this.contiguous) {
      this.ahead.add(seq);
      this.behind(seq);
    }
  }

  // Every change up to `seq` is on the page.
  advance(seq) {
    if (seq <= this.contiguous) return;
    this.contiguous = seq;
    for (const each of this.ahead) if (each <= seq) this.ahead.delete(each);
    while (this.ahead.delete(this.contiguous + 1)) this.contiguous += 1;
  }

  // The seq of the state of message `id` on the page (or of its hiding), 0 if unknown.
  versionOf(id) {
    const article = this.article(id);
    if (article) return Number(article.dataset.seq || 0);
    return this.hiddenAt.get(String(id)) || 0;
  }

  // The answer to `sync {after_seq}`: the current state of every message changed since, in
  // seq order, complete up to `head` (or up to the last change while `has_more`).
  receiveChanges(frame) {
    for (const change of frame.changes) {
      if (change.kind === "hidden") this.hideMessage(change.id, change.seq);
      else if (this.receive(change.message, { live: false })) this.caughtUp += 1;
    }
    this.syncing = false;
    const last = frame.changes[frame.changes.length - 1];
    if (frame.has_more && last) {
      this.advance(last.seq);
      this.sync();
      return;
    }
    if (!frame.has_more) this.advance(frame.head);
    this.recovered();
    this.announceCaughtUp();
    // Frames of changes after the reply's head may have come meanwhile, with a gap.
    this.behind(frame.head);
  }

  // The answer to `sync {after}` on an older page: the messages after it, by id.
  receiveNewer(frame) {
    for (const message of frame.messages) {
      if (this.receive(message, { live: false })) this.caughtUp += 1;
    }
    const last = frame.messages[frame.messages.length - 1];
    if (frame.has_more && last) {
      this.fillAfter = last.id;
      this.send({ type: "sync", after: last.id });
      return;
    }
    this.fillAfter = null;
    this.announceCaughtUp();
  }

  announceCaughtUp() {
    if (this.caughtUp > 0) {
      this.announce(
        interpolate(
          ngettext("%s new message.", "%s new messages.", this.caughtUp),
          [this.caughtUp],
        ),
      );
    }
    this.caughtUp = 0;
  }

  // Adds or replaces a message in its current state; returns true when it is new from someone
  // else. A copy no newer than the one shown (or than its hiding) changes nothing.
  receive(message, { live }) {
    const existing = this.article(message.id);
    const pending = this.pending.get(message.client_id);
    if (message.seq <= this.versionOf(message.id)) {
      // Stored, and shown or hidden already: the pending copy goes.
      if (pending) this.settle(message.client_id).item.remove();
      return false;
    }
    if (existing && existing.querySelector(".edit-form")) {
      // Its author is editing it right now; the edit's own broadcast will refresh it.
      return false;
    }
    // Left for "Show older messages", which would skip the messages in between otherwise.
    if (!existing && !pending && this.beforeShown(message.id)) return false;
    this.hiddenAt.delete(String(message.id));
    this.bodies.set(String(message.id), message.body);
    const wasNear = this.nearBottom();
    const item = this.renderMessage(message);
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
      this.itemOf(existing).replaceWith(item);
    } else if (pending) {
      this.settle(message.client_id).item.replaceWith(item);
    } else {
      // New, or shown again by a teacher: in order of id.
      this.insertInOrder(item, message.id);
      isNew = String(message.author.id) !== this.userId;
    }
    const article = item.querySelector("article");
    this.enhance(article);
    this.observe(article);
    this.addTopic(message.topic);
    this.applyFilterTo(item);
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
      this.stopTyping(String(message.author.id));
      if (Number(message.id) > this.lastRead && !this.list.querySelector(".unread-divider")) {
        if (document.visibilityState !== "visible" || !wasNear) this.insertDivider(item);
      }
      if (live) {
        this.announce(
          interpolate(
            gettext("New message from %(name)s: %(text)s"),
            { name: message.author.name, text: this.excerpt(message.body) },
            true,
          ),
        );
      }
    }
    if (wasNear && !existing) this.scrollToBottom();
    else if (isNew && live && !item.hidden) this.jumpButton.hidden = false;
    return isNew;
  }

  // True for a message older than the first one shown while older ones are still to load.
  beforeShown(id) {
    if (this.olderButton.hidden) return false;
    const first = this.articles().find((article) => article.dataset.id);
    return Boolean(first) && Number(id) < Number(first.dataset.id);
  }

  insertInOrder(item, id) {
    const empty = this.list.querySelector(".messages-empty");
    if (empty) empty.remove();
    const number = Number(id);
    for (const article of this.articles()) {
      const other = Number(article.dataset.id || 0);
      if (!article.dataset.id || article.classList.contains("message-pending") || other > number) {
        this.list.insertBefore(item, this.itemOf(article));
        return;
      }
    }
    this.list.append(item);
  }

  // The pending message of `clientId` is stored: forget it and return its entry.
  settle(clientId) {
    const entry = this.pending.get(clientId);
    this.pending.delete(clientId);
    clearTimeout(entry.retryTimer);
    // A wait that was asked for is over once the messages are stored.
    if (this.pending.size === 0 && (entry.retryTimer || this.outage)) {
      this.outage = false;
      this.showFormError("");
    }
    return entry;
  }

  // Hidden messages leave every list, as they do on the server-rendered page. A hiding older
  // than the state shown (the message was shown again since) changes nothing.
  hideMessage(id, seq) {
    if (seq < this.versionOf(id)) return;
    this.hiddenAt.set(String(id), seq);
    const article = this.article(id);
    if (!article) return;
    const item = this.itemOf(article);
    const hadFocus = article.contains(document.activeElement);
    const next = item.nextElementSibling;
    if (this.observer) this.observer.unobserve(article);
    this.visibleIds.delete(Number(id));
    this.bodies.delete(String(id));
    item.remove();
    this.announce(gettext("A teacher hid a message."));
    if (hadFocus) {
      const target = next && next.querySelector("a, button");
      (target || this.list).focus();
    }
  }

  showError(frame) {
    const texts = {
      invalid: gettext("The server could not accept that."),
      too_long: interpolate(
        gettext("Your message is too long: at most %s characters."),
        [MAX_BODY_LENGTH.toLocaleString(this.language)],
      ),
      forbidden: gettext("You are not allowed to do that."),
      not_found: gettext("That message does not exist any more."),
      unavailable: gettext("The discussion is briefly unavailable…"),
    };
    let text = texts[frame.code] || gettext("Something went wrong.");
    const entry = this.pending.get(frame.client_id);
    const wait = Math.max(1, Math.ceil(Number(frame.retry_after) || 1));
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
      if (entry) {
        // Nothing was stored: send the same message again once the limit allows it.
        this.markPending(entry, gettext("Waiting…"));
        clearTimeout(entry.retryTimer);
        entry.retryTimer = setTimeout(() => this.sendPending(frame.client_id, entry), wait * 1000);
      }
    } else if (entry) {
      // Refused for good: give the text back so that it can be fixed.
      this.settle(frame.client_id).item.remove();
      if (!this.bodyField.value.trim()) {
        this.bodyField.value = entry.body;
        if (this.topicField) this.topicField.value = entry.topic;
      }
      this.bodyField.focus();
    }
    if (frame.code === "invalid" && frame.detail) text += " " + frame.detail;
    this.showFormError(text);
    this.announce(text);
  }

  // The server could not handle a frame (its database or channel layer is down) and stored
  // nothing: after `wait` seconds, send the pending messages again (same client ids, so
  // nothing is stored twice) and sync, since a sync that failed gets no answer.
  retryLater(wait) {
    this.outage = true;
    this.syncing = false;
    for (const entry of this.pending.values()) this.markPending(entry, gettext("Waiting…"));
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      for (const [clientId, entry] of this.pending) this.sendPending(clientId, entry);
      this.sync();
    }, wait * 1000);
  }

  recovered() {
    if (!this.outage || this.pending.size > 0) return;
    this.outage = false;
    this.showFormError("");
  }

  showFormError(text) {
    this.formError.textContent = text;
    this.formError.hidden = !text;
  }

  // --- Rendering ------------------------------------------------------------------------------

  // Same markup as templates/collaboration/includes/message.html.
  renderMessage(message) {
    const author = message.author;
    const topic = message.topic;
    const authorId = "m-" + message.id + "-author";
    const body = make("div", { className: "message-body" });
    // body_html is rendered and cleaned by the server (nh3 allowlist); nothing else is HTML.
    body.innerHTML = message.body_html || "";
    const header = make(
      "header",
      { className: "message-header" },
      make("span", { className: "message-author", id: authorId, text: author.name }),
      author.institution
        ? make("span", { className: "meta message-institution", text: author.institution })
        : null,
      make(
        "a",
        { className: "meta message-time", href: "#m-" + message.id },
        make("time", { datetime: message.created_at }),
      ),
      topic === GENERAL_TOPIC
        ? null
        : make("a", {
            className: "tag message-topic",
            href: "?topic=" + encodeURIComponent(topic),
            text: topic,
          }),
      message.edited_at
        ? make("span", { className: "meta message-edited", text: "(" + gettext("edited") + ")" })
        : null,
    );
    const article = make(
      "article",
      {
        className: "message",
        id: "m-" + message.id,
        "data-id": message.id,
        "data-client-id": message.client_id,
        "data-author-id": author.id,
        "data-topic": topic,
        "data-seq": message.seq,
        "aria-labelledby": authorId,
      },
      header,
      body,
    );
    if (this.canHide) article.append(this.hideForm(message.id, author.name));
    return make("li", {}, article);
  }

  // The page's own no-JavaScript hide form, so that hiding works however the message came.
  hideForm(id, name) {
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    const button = make(
      "button",
      { type: "submit", className: "link-button" },
      gettext("Hide"),
      make("span", {
        className: "visually-hidden",
        text: " " + interpolate(gettext("message by %s"), [name]),
      }),
    );
    return make(
      "form",
      {
        method: "post",
        action: "/spaces/" + this.spaceId + "/messages/" + id + "/hide/",
        className: "message-hide inline-form",
      },
      token ? make("input", { type: "hidden", name: token.name, value: token.value }) : null,
      button,
    );
  }

  renderPending(clientId, body, topic) {
    const name = this.root.dataset.userName || gettext("You");
    const article = make(
      "article",
      {
        className: "message message-own message-pending",
        "data-client-id": clientId,
        "data-author-id": this.userId,
        "data-topic": topic,
      },
      make(
        "header",
        { className: "message-header" },
        make("span", { className: "message-author", text: name }),
        topic === GENERAL_TOPIC ? null : make("span", { className: "tag message-topic", text: topic }),
        make("span", { className: "meta message-state", text: gettext("Sending…") }),
      ),
      make("div", { className: "message-body" }, make("p", { className: "message-plain", text: body })),
    );
    return make("li", {}, article);
  }

  // Times in the viewer's zone, and the buttons this viewer may use.
  enhance(article) {
    const time = article.querySelector("time[datetime]");
    if (time) {
      time.textContent = this.formatTime(time.getAttribute("datetime"));
      time.title = this.formatFull(time.getAttribute("datetime"));
    }
    if (!article.dataset.topic) article.dataset.topic = this.topicOf(article);
    if (article.classList.contains("message-pending")) return;
    if (this.isMine(article)) article.classList.add("message-own");
    const hide = article.querySelector(":scope > form.message-hide");
    if (hide) this.actionsOf(article).append(hide);
    if (!this.isMine(article) || !this.canStillEdit(article) || !this.form) return;
    if (article.querySelector("button.edit")) return;
    const edit = make(
      "button",
      { type: "button", className: "link-button edit" },
      gettext("Edit"),
      make("span", { className: "visually-hidden", text: " " + gettext("your message") }),
    );
    edit.addEventListener("click", () => this.startEdit(article));
    this.actionsOf(article).prepend(edit);
  }

  // Edit and hide sit in the message's header row once the page is live.
  actionsOf(article) {
    let actions = article.querySelector(".message-actions");
    if (!actions) {
      actions = make("span", { className: "message-actions" });
      article.querySelector(".message-header").append(actions);
    }
    return actions;
  }

  createdAt(article) {
    const time = article.querySelector("time[datetime]");
    return time ? Date.parse(time.getAttribute("datetime")) : NaN;
  }

  canStillEdit(article) {
    const created = this.createdAt(article);
    return Number.isFinite(created) && Date.now() - created < EDIT_WINDOW_MS;
  }

  dayKey(date, timeZone) {
    return new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).format(date);
  }

  formatTime(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return "";
    const sameDay = this.dayKey(date, this.timeZone) === this.dayKey(new Date(), this.timeZone);
    const options = sameDay
      ? { timeStyle: "short", timeZone: this.timeZone }
      : { dateStyle: "medium", timeStyle: "short", timeZone: this.timeZone };
    return new Intl.DateTimeFormat(this.language, options).format(date);
  }

  formatFull(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return "";
    return new Intl.DateTimeFormat(this.language, {
      dateStyle: "full",
      timeStyle: "short",
      timeZone: this.timeZone,
    }).format(date);
  }

  excerpt(text) {
    const flat = String(text || "").replace(/\s+/g, " ").trim();
    return flat.length > 140 ? flat.slice(0, 139) + "…" : flat;
  }

  // --- Sending --------------------------------------------------------------------------------

  bindForm() {
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    this.bodyField.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
      event.preventDefault();
      this.submit();
    });
    this.bodyField.addEventListener("input", () => {
      if (!this.formError.hidden) this.showFormError("");
      const now = Date.now();
      if (this.bodyField.value.trim() && now - this.lastTypingSent > TYPING_SEND_EVERY_MS) {
        if (this.send({ type: "typing" })) this.lastTypingSent = now;
      }
    });
  }

  submit() {
    if (this.stopped) return;
    const body = this.bodyField.value;
    if (!body.trim()) {
      this.showFormError(gettext("Write a message first."));
      this.bodyField.focus();
      return;
    }
    if (body.length > MAX_BODY_LENGTH) {
      const text = interpolate(
        gettext("Your message is too long: at most %s characters."),
        [MAX_BODY_LENGTH.toLocaleString(this.language)],
      );
      this.showFormError(text);
      this.announce(text);
      return;
    }
    const topic = (this.topicField ? this.topicField.value.trim() : "") || GENERAL_TOPIC;
    const clientId = newClientId();
    const item = this.renderPending(clientId, body, topic);
    const entry = { body, topic, item, retryTimer: null };
    this.pending.set(clientId, entry);
    const empty = this.list.querySelector(".messages-empty");
    if (empty) empty.remove();
    this.list.append(item);
    this.addTopic(topic);
    this.applyFilterTo(item);
    this.scrollToBottom();
    this.bodyField.value = "";
    this.showFormError("");
    this.bodyField.focus();
    this.lastTypingSent = 0;
    this.sendPending(clientId, entry);
  }

  sendPending(clientId, entry) {
    const frame = { type: "message.send", client_id: clientId, body: entry.body };
    if (entry.topic && entry.topic !== GENERAL_TOPIC) frame.topic = entry.topic;
    if (this.send(frame)) {
      this.markPending(entry, gettext("Sending…"));
    } else {
      this.markPending(entry, gettext("Waiting for the connection…"));
    }
  }

  markPending(entry, text) {
    const state = entry.item.querySelector(".message-state");
    if (state) state.textContent = text;
  }

  // --- Editing and hiding -------------------------------------------------------------------

  async startEdit(article) {
    const id = article.dataset.id;
    if (article.querySelector(".edit-form")) return;
    let body = this.bodies.get(id);
    if (body === undefined) body = await this.fetchBody(id);
    if (body === undefined) {
      this.showFormError(gettext("Could not load the message for editing. Try again."));
      return;
    }
    const fieldId = "edit-" + id;
    const field = make("textarea", { id: fieldId, rows: 3 });
    field.value = body;
    const save = make("button", { type: "submit", className: "button", text: gettext("Save") });
    const cancel = make("button", {
      type: "button",
      className: "button-secondary button",
      text: gettext("Cancel"),
    });
    const editForm = make(
      "form",
      { className: "edit-form" },
      make("label", { for: fieldId, text: gettext("Edit your message") }),
      field,
      make("div", { className: "edit-buttons" }, save, cancel),
    );
    const bodyBox = article.querySelector(".message-body");
    bodyBox.hidden = true;
    bodyBox.after(editForm);
    const finish = () => {
      editForm.remove();
      bodyBox.hidden = false;
      const button = article.querySelector(".edit");
      if (button) button.focus();
    };
    editForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = field.value;
      if (!text.trim() || text === body) {
        finish();
        return;
      }
      if (!this.send({ type: "message.edit", id: Number(id), body: text })) {
        this.showFormError(gettext("Not connected. Try again when the connection is back."));
        return;
      }
      finish();
    });
    cancel.addEventListener("click", finish);
    field.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        finish();
      } else if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        editForm.requestSubmit();
      }
    });
    field.focus();
  }

  async fetchBody(id) {
    const url = this.apiUrl + "?after=" + (Number(id) - 1) + "&limit=1";
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) return undefined;
      const data = await response.json();
      const message = data.messages.find((each) => String(each.id) === String(id));
      return message ? message.body : undefined;
    } catch {
      return undefined;
    }
  }

  askHide(article) {
    const author = article.querySelector(".message-author");
    const question = interpolate(
      gettext("Hide this message from %s for everyone?"),
      [author ? author.textContent.trim() : ""],
    );
    // eslint-disable-next-line no-alert -- a native dialog is keyboard and screen-reader friendly
    if (!window.confirm(question)) return;
    if (!this.send({ type: "message.hide", id: Number(article.dataset.id) })) {
      this.showFormError(gettext("Not connected. Try again when the connection is back."));
    }
  }

  // --- Older messages -------------------------------------------------------------------------

  async loadOlder() {
    const first = this.articles().find((article) => article.dataset.id);
    if (!first) return;
    this.olderButton.disabled = true;
    const url = this.apiUrl + "?before=" + first.dataset.id + "&limit=" + OLDER_PAGE_SIZE;
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      const anchor = this.itemOf(first);
      const offset = anchor.offsetTop - this.list.scrollTop;
      for (const message of data.messages) {
        // Shown already, or hidden since the answer was read.
        if (this.article(message.id) || message.seq <= this.versionOf(message.id)) continue;
        this.bodies.set(String(message.id), message.body);
        const item = this.renderMessage(message);
        anchor.before(item);
        const article = item.querySelector("article");
        this.enhance(article);
        this.observe(article);
        this.addTopic(message.topic);
        this.applyFilterTo(item);
      }
      // Keep the message that was at the top where it was.
      this.list.scrollTop = anchor.offsetTop - offset;
      this.hasOlder = Boolean(data.has_more);
      this.olderButton.hidden = !this.hasOlder;
      const count = data.messages.length;
      this.announce(
        interpolate(ngettext("%s older message shown.", "%s older messages shown.", count), [count]),
      );
    } catch {
      this.showFormError(gettext("Could not load older messages. Try again."));
    } finally {
      this.olderButton.disabled = false;
    }
  }

  // --- Topics ---------------------------------------------------------------------------------

  refreshTopics() {
    this.topics = new Set();
    for (const link of this.topicNav.querySelectorAll("a[href]")) {
      const topic = this.topicFromLink(link);
      if (topic) this.topics.add(topic);
    }
    for (const article of this.articles()) this.topics.add(this.topicOf(article));
    this.renderTopics();
    if (this.filter) this.applyFilter(this.filter, { quiet: true });
  }

  topicFromLink(link) {
    const url = new URL(link.getAttribute("href"), location.href);
    return url.pathname === location.pathname ? url.searchParams.get("topic") || "" : "";
  }

  addTopic(topic) {
    if (this.topics.has(topic)) return;
    this.topics.add(topic);
    this.renderTopics();
  }

  renderTopics() {
    const sorted = Array.from(this.topics).sort((a, b) =>
      a === GENERAL_TOPIC ? -1 : b === GENERAL_TOPIC ? 1 : a.localeCompare(b, this.language),
    );
    const link = (text, href, current) =>
      make("li", {}, make("a", { href, text, "aria-current": current ? "true" : null }));
    const items = [link(gettext("All topics"), location.pathname, !this.filter)];
    for (const topic of sorted) {
      items.push(
        link(topic, location.pathname + "?topic=" + encodeURIComponent(topic), topic === this.filter),
      );
    }
    this.topicNav.replaceChildren(make("ul", {}, ...items));
    this.topicNav.hidden = this.topics.size < 2 && !this.filter;
    if (this.topicList) {
      this.topicList.replaceChildren(...sorted.map((topic) => make("option", { value: topic })));
    }
  }

  onTopicClick(event) {
    const link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const inNav = this.topicNav.contains(link);
    if (!inNav && !link.classList.contains("message-topic")) return;
    const url = new URL(link.getAttribute("href"), location.href);
    if (url.pathname !== location.pathname) return;
    // A page the server filtered lacks the other topics' messages: let the link load them.
    if (this.serverTopic) return;
    event.preventDefault();
    const topic = url.searchParams.get("topic") || "";
    history.replaceState(null, "", topic ? "?topic=" + encodeURIComponent(topic) : location.pathname);
    this.applyFilter(topic);
  }

  applyFilter(topic, { quiet = false } = {}) {
    const previous = this.filter;
    this.filter = topic;
    for (const item of this.list.children) this.applyFilterTo(item);
    // Writing while a topic is shown goes to that topic; back to all, back to "general".
    if (this.topicField && topic) this.topicField.value = topic;
    else if (this.topicField && previous && this.topicField.value.trim() === previous) {
      this.topicField.value = "";
    }
    this.renderTopics();
    this.scrollToBottom();
    if (quiet) return;
    const shown = this.articles().filter((article) => !this.itemOf(article).hidden).length;
    this.announce(
      topic
        ? interpolate(
            ngettext("%(count)s message in %(topic)s.", "%(count)s messages in %(topic)s.", shown),
            { count: shown, topic },
            true,
          )
        : gettext("All topics shown."),
    );
  }

  applyFilterTo(item) {
    const article = item.matches("article") ? item : item.querySelector("article.message");
    // The unread divider and the empty-list note belong to the whole conversation.
    if (!article) return;
    item.hidden = Boolean(this.filter) && this.topicOf(article) !== this.filter;
  }

  // --- Unread and read marks -----------------------------------------------------------------

  placeUnreadDivider() {
    const firstUnread = this.articles().find(
      (article) => Number(article.dataset.id || 0) > this.lastRead && !this.isMine(article),
    );
    if (firstUnread) this.insertDivider(this.itemOf(firstUnread));
  }

  insertDivider(beforeItem) {
    // A plain list item: a list may hold only items, and "New messages" read as one is clear.
    const divider = make(
      "li",
      { className: "unread-divider" },
      make("span", { text: gettext("New messages") }),
    );
    beforeItem.before(divider);
  }

  observeReading() {
    if (!("IntersectionObserver" in window)) {
      for (const article of this.articles()) this.visibleIds.add(Number(article.dataset.id));
      return;
    }
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const id = Number(entry.target.dataset.id || 0);
          if (!id) continue;
          if (entry.isIntersecting) this.visibleIds.add(id);
          else this.visibleIds.delete(id);
        }
        this.scheduleReadMark();
      },
      // The viewport as root: a message counts as seen only when it is on screen, which
      // also takes the scrolling list's own clipping into account.
      { threshold: 0.5 },
    );
    for (const article of this.articles()) this.observe(article);
  }

  observe(article) {
    if (this.observer && article.dataset.id) this.observer.observe(article);
  }

  scheduleReadMark() {
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(() => this.sendReadMark(), READ_MARK_DELAY_MS);
  }

  sendReadMark() {
    if (document.visibilityState !== "visible" || this.visibleIds.size === 0) return;
    const upTo = Math.max(...this.visibleIds);
    if (upTo <= this.readSent) return;
    if (this.send({ type: "read", up_to: upTo })) this.readSent = upTo;
  }

  // --- Presence, clocks and typing -----------------------------------------------------------

  showPresence(people) {
    if (!this.presenceList) return;
    const sorted = [...people].sort((a, b) =>
      a.name.localeCompare(b.name, this.language),
    );
    const items = sorted.map((person) => {
      const { institution, timezone: zone } = person;
      const me = String(person.id) === this.userId;
      return make(
        "li",
        { className: "presence-person" },
        make("span", { className: "presence-dot", "aria-hidden": "true" }),
        make(
          "span",
          { className: "presence-name" },
          person.name,
          me ? make("span", { className: "meta", text: " " + gettext("(you)") }) : null,
        ),
        institution ? make("span", { className: "presence-institution", text: institution }) : null,
        zone ? make("span", { className: "presence-time", "data-timezone": zone }) : null,
      );
    });
    if (!items.length) {
      items.push(make("li", { className: "meta", text: gettext("Nobody else is here right now.") }));
    }
    this.presenceList.replaceChildren(...items);
    this.presence.dataset.count = String(people.length);
    this.updateClocks();
  }

  updateClocks() {
    const now = new Date();
    for (const clock of this.root.querySelectorAll(".presence-time[data-timezone]")) {
      const zone = clock.dataset.timezone;
      let time;
      try {
        time = new Intl.DateTimeFormat(this.language, { timeStyle: "short", timeZone: zone }).format(
          now,
        );
      } catch {
        continue;
      }
      clock.textContent = interpolate(gettext("%s local time"), [time]);
    }
  }

  startClock() {
    const tick = () => {
      this.updateClocks();
      for (const article of this.articles()) {
        const edit = article.querySelector(".edit");
        if (edit && !this.canStillEdit(article) && !article.querySelector(".edit-form")) {
          edit.remove();
        }
      }
    };
    // Align to the minute so that the clocks turn over with the real ones.
    const untilNextMinute = 60000 - (Date.now() % 60000);
    setTimeout(() => {
      tick();
      setInterval(tick, 60000);
    }, untilNextMinute);
  }

  showTyping(person) {
    const id = String(person.id);
    if (id === this.userId) return;
    const existing = this.typingPeople.get(id);
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => this.stopTyping(id), TYPING_SHOWN_FOR_MS);
    this.typingPeople.set(id, { name: person.name, timer });
    this.renderTyping();
  }

  stopTyping(id) {
    const existing = this.typingPeople.get(id);
    if (!existing) return;
    clearTimeout(existing.timer);
    this.typingPeople.delete(id);
    this.renderTyping();
  }

  clearTyping() {
    for (const id of Array.from(this.typingPeople.keys())) this.stopTyping(id);
  }

  renderTyping() {
    const names = Array.from(this.typingPeople.values(), (person) => person.name);
    let text = "";
    if (names.length === 1) {
      text = interpolate(gettext("%s is typing…"), [names[0]]);
    } else if (names.length === 2) {
      text = interpolate(gettext("%(first)s and %(second)s are typing…"), {
        first: names[0],
        second: names[1],
      }, true);
    } else if (names.length > 2) {
      text = gettext("Several people are typing…");
    }
    this.typingLine.textContent = text;
  }

  // --- Scrolling and the live region ---------------------------------------------------------

  nearBottom() {
    return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
  }

  scrollToBottom() {
    this.list.scrollTop = this.list.scrollHeight;
  }

  scrollToStart() {
    const divider = this.list.querySelector(".unread-divider");
    if (!divider) {
      this.scrollToBottom();
      return;
    }
    const offset = divider.getBoundingClientRect().top - this.list.getBoundingClientRect().top;
    this.list.scrollTop = Math.max(0, this.list.scrollTop + offset - 8);
  }

  announce(text) {
    if (!this.live || !text) return;
    // Added nodes are read out by screen readers; only the last few are kept.
    this.live.append(make("p", { text }));
    while (this.live.childElementCount > LIVE_REGION_KEEP) this.live.firstElementChild.remove();
  }
}

const root = document.getElementById("discussion");
if (root && "WebSocket" in window) {
  const discussion = new Discussion(root);
  discussion.start();
}
