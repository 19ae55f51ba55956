// What the page tells the reader: the live region for screen readers, and the error line
// next to the form (or under the conversation on a page without a form).

import { make } from "./dom.js";

const LIVE_REGION_KEEP = 5;

export class Notices {
  constructor(list, form) {
    this.live = document.getElementById("live-status");
    if (form) {
      this.error = make("p", { className: "form-error", id: "message-form-error", hidden: true });
      form.querySelector("[type=submit]").before(this.error);
    } else {
      this.error = make("p", { className: "form-error", hidden: true });
      list.after(this.error);
    }
  }

  announce(text) {
    if (!this.live || !text) return;
    // Added nodes are read out by screen readers; only the last few are kept.
    this.live.append(make("p", { text }));
    while (this.live.childElementCount > LIVE_REGION_KEEP) this.live.firstElementChild.remove();
  }

  // An error in the line next to the form; "" clears it.
  showError(text) {
    this.error.textContent = text;
    this.error.hidden = !text;
  }

  get showingError() {
    return !this.error.hidden;
  }
}
