// The encounter form shows only the sections of the chosen « Qui ? » mode (data-who lists the modes of
// a section); without JavaScript every section stays visible and the server ignores the others.
(function () {
  "use strict";
  function update(form) {
    var chosen = form.querySelector("input[name=who]:checked");
    var mode = chosen ? chosen.value : "";
    form.querySelectorAll("[data-who]").forEach(function (section) {
      section.hidden = mode !== "" && section.dataset.who.split(" ").indexOf(mode) === -1;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("input[name=who]") && document.querySelector("input[name=who]").form;
    if (!form) return;
    form.addEventListener("change", function (event) {
      if (event.target.name === "who") update(form);
    });
    update(form);
  });
})();
