/* The attendance screen: minutes follow the status, "mark everyone present", a count of
   marked rows, and a warning before a drop-in reload drops unsaved marks. No inline script. */
(function () {
  "use strict";

  var ATTENDED = ["present", "late", "left_early"];

  function number(input) {
    var value = parseInt(input && input.value, 10);
    return isNaN(value) || value < 0 ? 0 : value;
  }

  function setupRow(row, length, onChange) {
    var field = function (name) { return row.querySelector('[data-field="' + name + '"]'); };
    var late = field("late_minutes"), early = field("early_minutes"), minutes = field("minutes");

    function status() {
      var checked = row.querySelector('input[type="radio"]:checked');
      return checked ? checked.value : "";
    }

    function show() {
      var current = status();
      var adjusting = current === "late" || current === "left_early";
      row.querySelectorAll("[data-when]").forEach(function (box) { box.hidden = !adjusting; });
      var minutesBox = minutes && minutes.closest(".attendance-minute-field");
      if (minutesBox) { minutesBox.hidden = current === "" || ATTENDED.indexOf(current) < 0; }
    }

    function recompute() {
      var current = status();
      if (!current) { return; }
      if (ATTENDED.indexOf(current) < 0) {
        late.value = "0"; early.value = "0"; minutes.value = "0";
      } else {
        if (current === "present") { late.value = "0"; early.value = "0"; }
        minutes.value = String(Math.max(0, length - number(late) - number(early)));
      }
    }

    row.addEventListener("change", function (event) {
      if (event.target.type === "radio") {
        recompute(); show();
        var target = status() === "late" ? late : status() === "left_early" ? early : null;
        if (target && number(target) === 0) { target.focus(); target.select(); }
      }
      onChange();
    });
    [late, early].forEach(function (input) {
      if (input) { input.addEventListener("input", function () { recompute(); onChange(); }); }
    });
    if (minutes) { minutes.addEventListener("input", onChange); }
    show();
    return { status: status, markPresent: function () {
      var present = row.querySelector('input[type="radio"][value="present"]');
      if (present && !status()) { present.checked = true; recompute(); show(); }
    } };
  }

  function setup(form) {
    var length = parseInt(form.getAttribute("data-session-minutes"), 10) || 0;
    var counter = form.querySelector("[data-marked-count]");
    var dirty = false;
    var rows = [];

    function update() {
      var marked = rows.filter(function (row) { return row.status() !== ""; }).length;
      if (counter) { counter.textContent = marked + " of " + rows.length + " marked"; }
    }
    function changed() { dirty = true; update(); }

    form.querySelectorAll("[data-attendance-row]").forEach(function (row) {
      rows.push(setupRow(row, length, changed));
    });
    var markAll = form.querySelector("[data-mark-all-present]");
    if (markAll) {
      markAll.hidden = false;
      markAll.addEventListener("click", function () {
        rows.forEach(function (row) { row.markPresent(); });
        changed();
      });
    }
    form.addEventListener("submit", function () { dirty = false; });
    document.addEventListener("submit", function (event) {
      if (event.target.matches && event.target.matches("[data-drop-in-add]") && dirty &&
          !window.confirm("Adding a drop-in reloads the roster and drops the marks you have not saved. Add anyway?")) {
        event.preventDefault();
      }
    });
    var errors = document.getElementById("attendance-errors");
    if (errors) { errors.focus(); }
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-attendance-form]").forEach(setup);
  });
})();
