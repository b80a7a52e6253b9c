// The encounter form: only the fields of the chosen "Qui ?" show (without this script every block
// shows and the server ignores the others), and the time is "now" when the page opens, even when the
// page comes from the phone's offline copy.
(function () {
  "use strict";
  var form = document.querySelector("[data-who-form]");
  if (!form) return;
  function chosen() {
    var checked = form.querySelector("input[name=who]:checked");
    return checked ? checked.value : "";
  }
  function show() {
    var who = chosen();
    form.querySelectorAll("[data-who-mode]").forEach(function (block) {
      block.hidden = who !== "" && block.dataset.whoMode.split(" ").indexOf(who) === -1;
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "who") show();
  });
  show();

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }
  function localNow() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
      "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }
  var when = form.querySelector("input[name=occurred_at]");
  function now() {
    if (!when) return;
    when.value = localNow();
    when.max = localNow();
  }
  if (!form.querySelector(".fr-error-text")) now();
  // After a submission kept in the outbox, the form starts again blank, at the new "now".
  form.addEventListener("reset", function () {
    window.setTimeout(function () {
      now();
      show();
    }, 0);
  });
})();
