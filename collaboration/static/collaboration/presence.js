// Who is online, with each person's local time kept running, and who is typing.

import { gettext, interpolate, make } from "./dom.js";

const TYPING_SHOWN_FOR_MS = 6000;

export class Presence {
  constructor(discussion) {
    this.discussion = discussion;
    this.list = document.getElementById("presence");
    this.list.classList.add("presence-list");
    this.typingPeople = new Map(); // user id -> {name, timer}
    // Who is typing, between the conversation and the form. Not announced: it would be noise.
    this.typingLine = make("p", { className: "typing-indicator", "aria-hidden": "true" });
    const { composer, list } = discussion;
    if (composer) composer.form.before(this.typingLine);
    else list.list.after(this.typingLine);
  }

  show(people) {
    const { times, userId } = this.discussion;
    const sorted = [...people].sort((a, b) => a.name.localeCompare(b.name, times.language));
    const items = sorted.map((person) =>
      make(
        "li",
        { className: "presence-person" },
        make("span", { className: "presence-dot", "aria-hidden": "true" }),
        make(
          "span",
          { className: "presence-name" },
          person.name,
          String(person.id) === userId
            ? make("span", { className: "meta", text: " " + gettext("(you)") })
            : null,
        ),
        person.institution
          ? make("span", { className: "presence-institution", text: person.institution })
          : null,
        make("span", { className: "presence-time", "data-timezone": person.timezone }),
      ),
    );
    if (!items.length) {
      items.push(make("li", { className: "meta", text: gettext("Nobody else is here right now.") }));
    }
    this.list.replaceChildren(...items);
    this.list.dataset.count = String(people.length);
    this.updateClocks();
  }

  updateClocks() {
    const { times } = this.discussion;
    for (const clock of this.list.querySelectorAll(".presence-time[data-timezone]")) {
      const time = times.nowIn(clock.dataset.timezone);
      if (time) clock.textContent = interpolate(gettext("%s local time"), [time]);
    }
  }

  typing(person) {
    const id = String(person.id);
    if (id === this.discussion.userId) return;
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
      text = interpolate(
        gettext("%(first)s and %(second)s are typing…"),
        { first: names[0], second: names[1] },
        true,
      );
    } else if (names.length > 2) {
      text = gettext("Several people are typing…");
    }
    this.typingLine.textContent = text;
  }
}
