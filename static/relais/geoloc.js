// "Utiliser ma position": fills the hidden latitude/longitude of a contact form (no inline script: CSP).
(function () {
  "use strict";
  var form = document.querySelector("[data-geoloc]");
  if (!form || !("geolocation" in navigator)) { return; }
  var button = form.querySelector("[data-geoloc-button]");
  var status = form.querySelector("[data-geoloc-status]");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "Recherche de la position…";
    navigator.geolocation.getCurrentPosition(function (position) {
      form.querySelector("input[name=latitude]").value = position.coords.latitude.toFixed(5);
      form.querySelector("input[name=longitude]").value = position.coords.longitude.toFixed(5);
      status.textContent = "Position enregistrée : les structures proches seront proposées en premier.";
    }, function () {
      status.textContent = "Position indisponible : l'arrondissement sera utilisé.";
    }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 });
  });
})();
