// @mentions in the composer: typing "@" and letters offers the people of the space in an
// ARIA 1.2 combobox on the textarea (Up/Down move, Enter/Tab pick, Escape closes); picking
// writes "@username ". Mentions of the reader in the messages get the class mention-me.

import { gettext, make } from "./dom.js";

// "@" and what follows it up to the caret, at the start or after a space or punctuation.
const TYPED = /(?:^|[^\w@.+-])@([\w.+-]{0,30})$/u;

export class MentionSuggestions {
  constructor(field, peopleUrl) {
    this.field = field;
    this.peopleUrl = peopleUrl;
    this.people = [];
    this.active = -1;
    this.asked = 0;
    this.listbox = make("ul", { id: "mention-options", role: "listbox", className: "mention-options" });
    this.listbox.setAttribute("aria-label", gettext("People to mention"));
    this.listbox.hidden = true;
    field.after(this.listbox);
    field.setAttribute("role", "combobox");
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-controls", this.listbox.id);
    field.setAttribute("aria-expanded", "false");
    field.addEventListener("input", () => this.update());
    field.addEventListener("blur", () => this.close());
    // Before the composer's own keydown (Enter sends) is registered: picking comes first.
    field.addEventListener("keydown", (event) => this.onKey(event));
    this.listbox.addEventListener("mousedown", (event) => {
      const option = event.target.closest("[role=option]");
      if (!option) return;
      event.preventDefault();
      this.pick(Number(option.dataset.index));
    });
  }

  get open() {
    return !this.listbox.hidden;
  }

  typed() {
    const before = this.field.value.slice(0, this.field.selectionStart);
    const match = TYPED.exec(before);
    return match ? match[1] : null;
  }

  async update() {
    const query = this.typed();
    if (query === null || query === "") {
      this.close();
      return;
    }
    const asked = ++this.asked;
    const url = `${this.peopleUrl}?${new URLSearchParams({ q: query })}`;
    let people = [];
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (response.ok) people = await response.json();
    } catch {
      people = [];
    }
    if (asked !== this.asked) return; // a later keystroke asked again
    this.show(people);
  }

  show(people) {
    this.people = people;
    this.active = people.length ? 0 : -1;
    this.listbox.replaceChildren(
      ...people.map((person, index) =>
        make(
          "li",
          { id: `mention-option-${index}`, role: "option", "data-index": index },
          make("span", { className: "mention-option-name", text: person.name }),
          " ",
          make("span", { className: "meta", text: `@${person.username}` }),
        ),
      ),
    );
    this.listbox.hidden = !people.length;
    this.field.setAttribute("aria-expanded", String(!this.listbox.hidden));
    this.highlight();
  }

  highlight() {
    for (const option of this.listbox.children) {
      option.setAttribute("aria-selected", String(Number(option.dataset.index) === this.active));
    }
    if (this.active >= 0) {
      this.field.setAttribute("aria-activedescendant", `mention-option-${this.active}`);
    } else {
      this.field.removeAttribute("aria-activedescendant");
    }
  }

  close() {
    this.asked += 1;
    this.people = [];
    this.active = -1;
    this.listbox.hidden = true;
    this.listbox.replaceChildren();
    this.field.setAttribute("aria-expanded", "false");
    this.field.removeAttribute("aria-activedescendant");
  }

  onKey(event) {
    if (!this.open || event.isComposing) return;
    const count = this.people.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      this.active = (this.active + (event.key === "ArrowDown" ? 1 : count - 1)) % count;
      this.highlight();
    } else if ((event.key === "Enter" && !event.shiftKey) || event.key === "Tab") {
      this.pick(this.active);
    } else if (event.key === "Escape") {
      this.close();
    } else {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  pick(index) {
    const person = this.people[index];
    if (!person) return;
    const { field } = this;
    const caret = field.selectionStart;
    const start = caret - this.typed().length - 1;
    const inserted = `@${person.username} `;
    field.value = field.value.slice(0, start) + inserted + field.value.slice(caret);
    field.selectionStart = field.selectionEnd = start + inserted.length;
    this.close();
    field.focus();
  }
}

// Marks the mentions of the reader, in what the page drew and in every message added later.
export function markMentionsOf(list, userId) {
  const mark = () => {
    for (const mention of list.querySelectorAll(`.mention[data-user-id="${CSS.escape(userId)}"]`)) {
      mention.classList.add("mention-me");
    }
  };
  mark();
  new MutationObserver(mark).observe(list, { childList: true, subtree: true });
}
