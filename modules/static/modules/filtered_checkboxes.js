// Filters a long checkbox list as one types; options already ticked stay in view.
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
  }

  function setUp(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    const box = root.querySelector("[data-filter-box]");
    const input = root.querySelector("[data-filter-input]");
    const status = root.querySelector("[data-filter-status]");
    const options = Array.from(root.querySelectorAll("input[type=checkbox]")).map(
      (checkbox) => ({ checkbox, row: checkbox.closest("div, li") || checkbox.parentElement,
        text: fold(checkbox.closest("label") ? checkbox.closest("label").textContent : "") }),
    );
    box.hidden = false;
    input.addEventListener("input", () => {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const option of options) {
        const match = option.checkbox.checked || words.every((word) => option.text.includes(word));
        option.row.hidden = !match;
        if (match) shown += 1;
      }
      const phrase = shown === 1 ? status.dataset.one : status.dataset.other;
      status.textContent = words.length ? phrase.replace("%s", shown) : "";
    });
  }

  function setUpAll() {
    document.querySelectorAll("[data-filtered-checkboxes]").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpAll);
  else setUpAll();
})();
