// The reader's controls on a message, which the server's HTML never holds: "Edit" on one's
// own messages while they may still be edited (and the edit form), "Hide" for those who
// may hide (over the socket; its plain form is the fallback when the socket is closed).

import { gettext, interpolate, make } from "./dom.js";

export class MessageControls {
  constructor(discussion) {
    this.discussion = discussion;
    this.editWindowMs = discussion.protocol.edit_window_seconds * 1000;
    this.bodies = new Map(); // message id -> Markdown body, for editing

    discussion.list.list.addEventListener("submit", (event) => {
      const form = event.target.closest("form.message-hide");
      if (!form) return;
      const article = this.articleOf(form);
      if (!discussion.connection.isOpen() || !article) return;
      event.preventDefault();
      this.askHide(article);
    });
  }

  articleOf(control) {
    return control.closest("li").querySelector("article.message");
  }

  isMine(article) {
    const { userId } = this.discussion;
    return userId !== "" && article.dataset.authorId === userId;
  }

  remember(message) {
    this.bodies.set(String(message.id), message.body);
  }

  forget(id) {
    this.bodies.delete(String(id));
  }

  // Edit and hide sit in the message's header row once the page is live.
  add(article) {
    const { discussion } = this;
    if (this.isMine(article)) article.classList.add("message-own");
    const item = article.closest("li");
    let hide = item.querySelector(":scope > form.message-hide");
    if (!hide && discussion.canHide) hide = this.hideForm(article);
    if (hide) this.actionsOf(article).append(hide);
    if (!this.isMine(article) || !this.canStillEdit(article) || !discussion.canPost) return;
    const edit = make(
      "button",
      { type: "button", className: "link-button edit" },
      gettext("Edit"),
      make("span", { className: "visually-hidden", text: " " + gettext("your message") }),
    );
    edit.addEventListener("click", () => this.startEdit(article));
    this.actionsOf(article).prepend(edit);
  }

  actionsOf(article) {
    let actions = article.querySelector(".message-actions");
    if (!actions) {
      actions = make("span", { className: "message-actions" });
      article.querySelector(".message-header").append(actions);
    }
    return actions;
  }

  canStillEdit(article) {
    return Date.now() - this.discussion.list.createdAt(article) < this.editWindowMs;
  }

  // Called every minute: edit buttons go when the edit window closes.
  expire() {
    for (const article of this.discussion.list.stored()) {
      const edit = article.querySelector(".edit");
      if (edit && !this.canStillEdit(article) && !article.querySelector(".edit-form")) {
        edit.remove();
      }
    }
  }

  // The page's own no-JavaScript hide form (collaboration/includes/hide_form.html), so that
  // hiding works however the message came.
  hideForm(article) {
    const { discussion } = this;
    const name = article.querySelector(".message-author").textContent;
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
        action: discussion.hideUrl.replace("/messages/0/", "/messages/" + article.dataset.id + "/"),
        className: "message-hide inline-form",
      },
      make("input", { type: "hidden", name: "csrfmiddlewaretoken", value: discussion.csrfToken }),
      button,
    );
  }

  askHide(article) {
    const author = article.querySelector(".message-author");
    const question = interpolate(
      gettext("Hide this message from %s for everyone? They are told; you may say why:"),
      [author.textContent.trim()],
    );
    // A native dialog is keyboard and screen-reader friendly; Cancel gives null.
    // eslint-disable-next-line no-alert
    const reason = window.prompt(question, "");
    if (reason === null) return;
    const frame = { type: "message.hide", id: Number(article.dataset.id), reason };
    if (!this.discussion.connection.send(frame)) {
      this.discussion.notices.showError(
        gettext("Not connected. Try again when the connection is back."),
      );
    }
  }

  // --- Editing -----------------------------------------------------------------------------

  async startEdit(article) {
    const { discussion } = this;
    const id = article.dataset.id;
    if (article.querySelector(".edit-form")) return;
    let body = this.bodies.get(id);
    if (body === undefined) body = await this.fetchBody(id);
    if (body === undefined) {
      discussion.notices.showError(gettext("Could not load the message for editing. Try again."));
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
      if (!discussion.connection.send({ type: "message.edit", id: Number(id), body: text })) {
        discussion.notices.showError(
          gettext("Not connected. Try again when the connection is back."),
        );
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

  // The Markdown of a message the page drew (the page has only its HTML).
  async fetchBody(id) {
    const url = this.discussion.apiUrl + "?after=" + (Number(id) - 1) + "&limit=1";
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (!response.ok) return undefined;
      const data = await response.json();
      const message = data.messages.find((each) => String(each.id) === id);
      return message ? message.body : undefined;
    } catch {
      return undefined;
    }
  }
}
