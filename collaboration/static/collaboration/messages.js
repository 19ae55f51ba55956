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

    // On a wide screen the conversation scrolls inside its own box, which must be reachable
    // by keyboard; on a phone the page scrolls (discussion.css, see scroller()).
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
      list.focus({ preventScroll: true });
    });
    list.after(this.jumpButton);
    const hideJump = () => {
      if (!this.jumpButton.hidden && this.nearBottom()) this.jumpButton.hidden = true;
    };
    list.addEventListener("scroll", hideJump);
    window.addEventListener("scroll", hideJump, { passive: true });

    // On a phone the composer stays at the bottom of the screen: what scrolls into view must
    // stay clear of it (scroll-padding and the jump button in discussion.css read this), and
    // a reader at the latest message stays there when it grows or shrinks. Its first size is
    // known after the page has scrolled to where the reader starts (scrollToStart), which is
    // done again then.
    this.form = document.getElementById("message-form");
    if (this.form) {
      let first = true;
      new ResizeObserver(() => {
        const page = this.scroller() !== this.list;
        const atEnd = page && !first && this.nearBottom();
        document.documentElement.style.setProperty(
          "--composer-height",
          this.form.offsetHeight + "px",
        );
        if (page && first) this.scrollToStart();
        else if (atEnd) this.scrollToBottom();
        first = false;
      }).observe(this.form);
    }
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

  // The list itself where it scrolls in its own box (wide screens), else the document.
  scroller() {
    const box = getComputedStyle(this.list).overflowY !== "visible";
    return box ? this.list : document.scrollingElement;
  }

  nearBottom() {
    if (this.scroller() === this.list) {
      return this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 80;
    }
    // The page scrolls: the end of the list is at most a little below the composer's top.
    const bottom = this.form ? this.form.getBoundingClientRect().top : window.innerHeight;
    return this.list.getBoundingClientRect().bottom - bottom < 80;
  }

  scrollToBottom() {
    if (this.scroller() === this.list) this.list.scrollTop = this.list.scrollHeight;
    else this.list.lastElementChild?.scrollIntoView({ block: "end" });
  }

  scrollToStart() {
    const divider = this.list.querySelector(".unread-divider");
    if (!divider) {
      this.scrollToBottom();
      return;
    }
    if (this.scroller() !== this.list) {
      // The latest messages above the composer, unless the first unread would be above.
      this.scrollToBottom();
      if (divider.getBoundingClientRect().top < 0) divider.scrollIntoView({ block: "start" });
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
      const top = anchor.getBoundingClientRect().top;
      for (const message of data.messages) {
        // Shown already, or hidden since the answer was read.
        if (this.article(message.id) || message.seq <= discussion.versionOf(message.id)) continue;
        const item = this.itemFor(message);
        anchor.before(item);
        discussion.shown(item, message);
      }
      // Keep the message that was at the top where it was.
      this.scroller().scrollTop += anchor.getBoundingClientRect().top - top;
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
