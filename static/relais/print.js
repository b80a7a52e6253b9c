// « Imprimer » buttons: no inline script under the CSP, so the handler lives here.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-relais-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
});
