// Topics: the server's links become a filter that needs no reload; new topics join the
// links and the form's suggestions. A page the server filtered by topic lists only that
// topic, so there switching topics loads the page. The filter is a topic, or null for all
// topics; the default topic is "" and is shown as "General" in the reader's words.

import { gettext, interpolate, make, ngettext } from "./dom.js";

// A topic as the reader sees it.
export function topicLabel(topic) {
  return topic || gettext("General");
}

export class Topics {
  constructor(discussion) {
    this.discussion = discussion;
    const { root, list } = discussion;
    this.generalTopic = discussion.protocol.default_topic;
    this.serverTopic = root.dataset.topic ?? null;
    this.filter = this.serverTopic;
    // The page has the links only when there are messages.
    this.nav = root.querySelector("nav.topic-filter");
    if (!this.nav) {
      this.nav = make("nav", { className: "topic-filter", "aria-label": gettext("Topics") });
      list.olderButton.before(this.nav);
    }
    this.nav.addEventListener("click", (event) => this.onClick(event));
    list.list.addEventListener("click", (event) => this.onClick(event));
  }

  topicOf(article) {
    return article.dataset.topic;
  }

  start() {
    this.topics = new Set();
    for (const link of this.nav.querySelectorAll("a[href]")) {
      const topic = this.fromLink(link);
      if (topic !== null) this.topics.add(topic);
    }
    for (const article of this.discussion.list.articles()) this.topics.add(this.topicOf(article));
    this.render();
    if (this.filter !== null) this.show(this.filter, { quiet: true });
  }

  fromLink(link) {
    const url = new URL(link.getAttribute("href"), location.href);
    return url.pathname === location.pathname ? url.searchParams.get("topic") : null;
  }

  add(topic) {
    if (this.topics.has(topic)) return;
    this.topics.add(topic);
    this.render();
  }

  render() {
    const { generalTopic } = this;
    const { language } = this.discussion.times;
    const sorted = Array.from(this.topics).sort((a, b) =>
      a === generalTopic ? -1 : b === generalTopic ? 1 : a.localeCompare(b, language),
    );
    const link = (text, href, current) =>
      make("li", {}, make("a", { href, text, "aria-current": current ? "true" : null }));
    const items = [link(gettext("All topics"), location.pathname, this.filter === null)];
    for (const topic of sorted) {
      const href = location.pathname + "?topic=" + encodeURIComponent(topic);
      items.push(link(topicLabel(topic), href, topic === this.filter));
    }
    this.nav.replaceChildren(make("ul", {}, ...items));
    this.nav.hidden = this.topics.size < 2 && this.filter === null;
    if (this.discussion.composer) this.discussion.composer.showTopics(sorted);
  }

  onClick(event) {
    const link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (!this.nav.contains(link) && !link.classList.contains("message-topic")) return;
    const url = new URL(link.getAttribute("href"), location.href);
    if (url.pathname !== location.pathname) return;
    // A page the server filtered lacks the other topics' messages: let the link load them.
    if (this.serverTopic !== null) return;
    event.preventDefault();
    const topic = url.searchParams.get("topic");
    history.replaceState(
      null,
      "",
      topic === null ? location.pathname : "?topic=" + encodeURIComponent(topic),
    );
    this.show(topic);
  }

  show(topic, { quiet = false } = {}) {
    const { discussion } = this;
    const previous = this.filter;
    this.filter = topic;
    for (const item of discussion.list.list.children) this.applyTo(item);
    if (discussion.composer) discussion.composer.followTopic(topic, previous);
    this.render();
    discussion.list.scrollToBottom();
    if (quiet) return;
    const shown = discussion.list
      .articles()
      .filter((article) => !discussion.list.itemOf(article).hidden).length;
    discussion.notices.announce(
      topic === null
        ? gettext("All topics shown.")
        : interpolate(
            ngettext("%(count)s message in %(topic)s.", "%(count)s messages in %(topic)s.", shown),
            { count: shown, topic: topicLabel(topic) },
            true,
          ),
    );
  }

  applyTo(item) {
    const article = item.querySelector("article.message");
    // The unread divider and the empty-list note belong to the whole conversation.
    if (!article) return;
    item.hidden = this.filter !== null && this.topicOf(article) !== this.filter;
  }
}
