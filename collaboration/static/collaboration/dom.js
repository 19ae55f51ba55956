// Small helpers shared by the modules of the discussion client.

// The catalogue of /jsi18n/ (loaded before the modules) defines these globals.
export const { gettext, ngettext, interpolate } = globalThis;

// An element with attributes and children; `text` sets its text, never its HTML.
export function make(tag, attributes = {}, ...children) {
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

// The element of HTML the server drew (a message's `html`, from its one template).
export function fromServer(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  return template.content.firstElementChild;
}
