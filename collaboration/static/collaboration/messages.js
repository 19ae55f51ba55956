// The conversation: the list of messages the server drew (collaboration/includes/message.html,
// on the page and in the `html` of every frame), kept in order of id, with the reader's times,
// the unread divider, older messages fetched into it and scrolling.
//
// Safety: only the server's HTML (its template escapes every value; bodies are cleaned with
// nh3) is ever inserted as HTML; everything this client writes goes in through textContent.

import { fromServer, gettext, interpolate, make, ngettext } from "./dom.js";

export class MessageList {
  constructor(discussion) {
    this.discussion = discussion;
    this.list = document.getElementById("messages");
    const { list } = this;

    // The conversation scrolls inside its own box; it must be reachable by keyboard.
    list.setAttribute("tabindex", "0");
    list.setAttribute("aria-labelledby", "messages-heading");

    // Older messages are fetched into the list instead of paging away.
    const olderPager = discussion.root.querySelector(".pager-older");
    this.olderButton = make("button", {
      type: "button",
      className: "button button-secondary load-older",
      text: gettext("Show older messages"),
    });
    this.olderButton.addEventListener("click", () => this.loadOlder());
    list.before(this.olderButton);
    this.olderButton.hidden = !olderPager;
    if (olderPager) olderPager.remove();
    // Newer messages than this page holds arrive through `sync`, so that link is not needed.
    const newerPager = discussion.root.querySelector(".pager-newer");
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
      list.focus();
    });
    list.after(this.jumpButton);
    list.addEventListener("scroll", () => {
      if (!this.jumpButton.hidden && this.nearBottom()) this.jumpButton.hidden = true;
    });
  }

  articles() {
    return Array.from(this.list.querySelectorAll("article.message"));
  }

  // The stored messages shown, without the pending copies.
  stored() {
    return Array.from(this.list.querySelectorAll("article.message[data-id]"));
  }

  maxId() {
    return Math.max(0, ...this.stored().map((article) => Number(article.dataset.id)));
  }

  article(id) {
    return document.getElementById("m-" + id);
  }

  itemOf(article) {
    return article.closest("li");
  }

  // The list item of a message as the server drew it.
  itemFor(message) {
    return make("li", {}, fromServer(message.html));
  }

  // Adds a new item in order of id, before the pending messages.
  insertInOrder(item, id) {
    this.removeEmptyNote();
    const number = Number(id);
    for (const article of this.articles()) {
      if (!article.dataset.id || Number(article.dataset.id) > number) {
        this.list.insertBefore(item, this.itemOf(article));
        return;
      }
    }
    this.list.append(item);
  }

  append(item) {
    this.removeEmptyNote();
    this.list.append(item);
  }

  removeEmptyNote() {
    const empty = this.list.querySelector(".messages-empty");
    if (empty) empty.remove();
  }

  // True for a message older than the first one shown while older ones are still to load.
  beforeShown(id) {
    if (this.olderButton.hidden) return false;
    const [first] = this.stored();
    return Boolean(first) && Number(id) < Number(first.dataset.id);
  }

  // Times and the edited mark in the reader's zone and language.
  showTimes(article) {
    const { times } = this.discussion;
    const time = article.querySelector(".message-time time");
    time.textContent = times.short(time.dateTime);
    time.title = times.full(time.dateTime);
    const edited = article.querySelector(".message-edited");
    if (edited) {
      edited.textContent = "(" + gettext("edited") + ")";
      edited.title = times.full(edited.dataset.editedAt);
    }
  }

  createdAt(article) {
    return Date.parse(article.querySelector(".message-time time").dateTime);
  }

  // --- Unread messages --------------------------------------------------------------------

  placeUnreadDivider(lastRead, isMine) {
    const firstUnread = this.stored().find(
      (article) => Number(article.dataset.id) > lastRead && !isMine(article),
    );
    if (firstUnread) this.insertDivider(this.itemOf(firstUnread));
  }

  hasDivider() {
    return Boolean(this.list.querySelector(".unread-divider"));
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

  // --- Scrolling ----------------------------------------------------------------------------

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

  // --- Older messages -----------------------------------------------------------------------

  async loadOlder() {
    const [first] = this.stored();
    if (!first) return;
    const { discussion } = this;
    this.olderButton.disabled = true;
    try {
      const response = await fetch(discussion.apiUrl + "?before=" + first.dataset.id, {
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      const anchor = this.itemOf(first);
      const offset = anchor.offsetTop - this.list.scrollTop;
      for (const message of data.messages) {
        // Shown already, or hidden since the answer was read.
        if (this.article(message.id) || message.seq <= discussion.versionOf(message.id)) continue;
        const item = this.itemFor(message);
        anchor.before(item);
        discussion.shown(item, message);
      }
      // Keep the message that was at the top where it was.
      this.list.scrollTop = anchor.offsetTop - offset;
      this.olderButton.hidden = !data.has_more;
      const count = data.messages.length;
      discussion.notices.announce(
        interpolate(ngettext("%s older message shown.", "%s older messages shown.", count), [count]),
      );
    } catch {
      discussion.notices.showError(gettext("Could not load older messages. Try again."));
    } finally {
      this.olderButton.disabled = false;
    }
  }
}
