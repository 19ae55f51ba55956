// The form that posts messages: sending over the socket with a fresh client id, the pending
// copy shown until the server has stored the message, resending what is unconfirmed after a
// reconnect or a wait, and typing notices. A page without the form (someone who may read but
// not post) has no composer.

import { gettext, make } from "./dom.js";
import { MentionSuggestions } from "./mentions.js";

function newClientId() {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID needs a secure context; plain-HTTP deployments on a LAN still get a v4 UUID.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join(
    "-",
  );
}

// Characters as the server counts them: Unicode code points, not UTF-16 code units.
function characters(text) {
  let count = 0;
  for (const _character of text) count += 1;
  return count;
}

export class Composer {
  constructor(discussion, form) {
    this.discussion = discussion;
    this.form = form;
    this.bodyField = form.elements.namedItem("body");
    this.topicField = form.elements.namedItem("topic");
    this.topicList = document.getElementById(this.topicField.getAttribute("list"));
    this.pending = new Map(); // client_id -> {body, topic, item, retryTimer}
    this.lastTypingSent = 0;
    const { protocol } = discussion;
    this.maxLength = protocol.body_max_length;
    this.typingEveryMs = protocol.typing_interval_seconds * 1000;
    this.generalTopic = protocol.default_topic;
    this.generalNames = new Set(protocol.default_topic_names);

    const hint = make("p", {
      className: "helptext keyboard-hint",
      id: "message-form-hint",
      text: gettext("Enter sends, Shift+Enter starts a new line."),
    });
    this.bodyField.after(hint);
    this.mentions = new MentionSuggestions(this.bodyField, discussion.root.dataset.peopleUrl);
    // The error line (notices.js) sits in the form; the textarea points at it and the hint.
    const describedBy = (this.bodyField.getAttribute("aria-describedby") || "").split(" ");
    this.bodyField.setAttribute(
      "aria-describedby",
      [...describedBy.filter(Boolean), "message-form-hint", "message-form-error"].join(" "),
    );
  }

  start() {
    const { notices, connection } = this.discussion;
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
      if (notices.showingError) notices.showError("");
      const now = Date.now();
      if (this.bodyField.value.trim() && now - this.lastTypingSent > this.typingEveryMs) {
        if (connection.send({ type: "typing" })) this.lastTypingSent = now;
      }
    });
  }

  submit() {
    const { discussion } = this;
    const { notices, list } = discussion;
    if (discussion.connection.stopped) return;
    const body = this.bodyField.value;
    if (!body.trim()) {
      notices.showError(gettext("Write a message first."));
      this.bodyField.focus();
      return;
    }
    if (characters(body) > this.maxLength) {
      const text = discussion.tooLongText();
      notices.showError(text);
      notices.announce(text);
      return;
    }
    const topic = this.topicOf(this.topicField.value);
    const clientId = newClientId();
    const item = this.renderPending(clientId, body, topic);
    const entry = { body, topic, item, retryTimer: null };
    this.pending.set(clientId, entry);
    list.append(item);
    discussion.topics.add(topic);
    discussion.topics.applyTo(item);
    list.scrollToBottom();
    this.bodyField.value = "";
    notices.showError("");
    this.bodyField.focus();
    this.lastTypingSent = 0;
    this.sendPending(clientId, entry);
  }

  renderPending(clientId, body, topic) {
    const { discussion } = this;
    const article = make(
      "article",
      {
        className: "message message-own message-pending",
        "data-client-id": clientId,
        "data-author-id": discussion.userId,
        "data-topic": topic,
      },
      make(
        "header",
        { className: "message-header" },
        make("span", { className: "message-author", text: discussion.userName }),
        topic === this.generalTopic
          ? null
          : make("span", { className: "tag message-topic", text: topic }),
        make("span", { className: "meta message-state", text: gettext("Sending…") }),
      ),
      make("div", { className: "message-body" }, make("p", { className: "message-plain", text: body })),
    );
    return make("li", {}, article);
  }

  sendPending(clientId, entry) {
    const frame = { type: "message.send", client_id: clientId, body: entry.body };
    if (entry.topic !== this.generalTopic) frame.topic = entry.topic;
    if (this.discussion.connection.send(frame)) {
      this.markPending(entry, gettext("Sending…"));
    } else {
      this.markPending(entry, gettext("Waiting for the connection…"));
    }
  }

  // The server stores each client id once, so resending after a lost ack is safe.
  resendAll() {
    for (const [clientId, entry] of this.pending) this.sendPending(clientId, entry);
  }

  markPending(entry, text) {
    entry.item.querySelector(".message-state").textContent = text;
  }

  markAll(text) {
    for (const entry of this.pending.values()) this.markPending(entry, text);
  }

  // The pending message of `clientId` is stored (or refused): forget it and return its
  // entry, or undefined for a client id that is not pending here.
  settle(clientId) {
    const entry = this.pending.get(clientId);
    if (!entry) return undefined;
    this.pending.delete(clientId);
    clearTimeout(entry.retryTimer);
    // A wait that was asked for is over once the messages are stored.
    if (this.pending.size === 0 && (entry.retryTimer || this.discussion.outage)) {
      this.discussion.waitOver();
    }
    return entry;
  }

  // Rate limited: nothing was stored; send the same message again once the limit allows it.
  retryAfter(clientId, wait) {
    const entry = this.pending.get(clientId);
    if (!entry) return;
    this.markPending(entry, gettext("Waiting…"));
    clearTimeout(entry.retryTimer);
    entry.retryTimer = setTimeout(() => this.sendPending(clientId, entry), wait * 1000);
  }

  // Refused for good: give the text back so that it can be fixed.
  giveBack(clientId) {
    const entry = this.settle(clientId);
    if (!entry) return;
    entry.item.remove();
    if (!this.bodyField.value.trim()) {
      this.bodyField.value = entry.body;
      this.topicField.value = entry.topic === this.generalTopic ? "" : entry.topic;
    }
    this.bodyField.focus();
  }

  // The topic the server will store for what was typed: "General" in any of the site's
  // languages (or nothing) is the default topic.
  topicOf(typed) {
    const topic = typed.trim().replace(/\s+/g, " ");
    return this.generalNames.has(topic.toLowerCase()) ? this.generalTopic : topic;
  }

  // Writing while a topic is shown goes to that topic; back to all topics (null), back to
  // the default topic.
  followTopic(topic, previous) {
    if (topic !== null) this.topicField.value = topic;
    else if (previous && this.topicField.value.trim() === previous) this.topicField.value = "";
  }

  // The form suggests the topics that have a name; the default topic is an empty field.
  showTopics(sorted) {
    const named = sorted.filter((topic) => topic !== this.generalTopic);
    this.topicList.replaceChildren(...named.map((topic) => make("option", { value: topic })));
  }

  stop() {
    for (const control of this.form.elements) control.disabled = true;
    this.markAll(gettext("Not sent"));
  }
}
