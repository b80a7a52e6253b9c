// A counter under every field with a length limit (data-maxlength, see LengthLimitRenderer): the text is
// never cut; past the limit the counter says by how much, and the server refuses it with the same figures.
(function () {
  "use strict";
  function attach(field) {
    if (field.dataset.counter) return;
    field.dataset.counter = "1";
    var max = parseInt(field.dataset.maxlength, 10);
    var counter = document.createElement("p");
    counter.className = "fr-hint-text relais-counter";
    counter.id = (field.id || field.name) + "-compteur";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? described + " " + counter.id : counter.id);
    function update() {
      var length = field.value.length;
      var over = length - max;
      counter.textContent = over > 0
        ? length + " / " + max + " caractères : " + over + " de trop, raccourcissez le texte."
        : length + " / " + max + " caractères";
      counter.classList.toggle("fr-error-text", over > 0);
      field.classList.toggle("fr-input--error", over > 0);
    }
    field.addEventListener("input", update);
    update();
  }
  function scan(root) {
    root.querySelectorAll("[data-maxlength]").forEach(attach);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSettle", function (event) { scan(event.target); });
})();
