/* Progress bar width from data-progress (no inline styles under the Content-Security-Policy). */
(function () {
  "use strict";
  function sizeBars(root) {
    (root || document).querySelectorAll("[data-progress]").forEach(function (bar) {
      bar.style.width = (parseInt(bar.dataset.progress, 10) || 0) + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { sizeBars(document); });
  document.addEventListener("htmx:afterSwap", function (event) { sizeBars(event.target.parentNode || document); });
})();
