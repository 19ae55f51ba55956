// On a phone the filters start folded so that the results come first; on a wide
// screen they stay open beside the results. Without JavaScript they are always open.
(function () {
  var panel = document.querySelector("[data-facet-panel]");
  if (!panel) return;
  var wide = window.matchMedia("(min-width: 56rem)");
  function fit() { panel.open = wide.matches; }
  fit();
  if (wide.addEventListener) wide.addEventListener("change", fit);
  panel.querySelector("summary").addEventListener("click", function (event) {
    if (wide.matches) event.preventDefault();
  });
})();
