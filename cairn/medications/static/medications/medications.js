// Medications and drug screens: small conveniences over forms that work without script.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // The screens timeline runs oldest to newest: show the newest end first.
    document.querySelectorAll("[data-scroll-end]").forEach(function (box) {
      box.scrollLeft = box.scrollWidth;
    });
    // Choosing another panel reloads the screen form for it.
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
    // "Mark the rest negative": only substances still unanswered; never changes a choice made.
    document.querySelectorAll("form[data-screen-form]").forEach(function (form) {
      var button = form.querySelector("[data-rest-negative]");
      if (!button) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        form.querySelectorAll(".result-row").forEach(function (row) {
          if (!row.querySelector("input[type=radio]:checked")) {
            var negative = row.querySelector("input[value=negative]");
            if (negative) { negative.checked = true; }
          }
        });
      });
    });
  });
})();
