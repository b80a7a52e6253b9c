// "Imprimer" button of the liaison sheet (no inline script: CSP).
(function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (!button) { return; }
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
