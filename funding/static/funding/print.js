// The grant letter's "Print" button: shown only when the script runs, so that without it
// the page offers its text (Ctrl+P) and no button that does nothing.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
