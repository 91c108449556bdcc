/* Answering a questionnaire. Skip logic (data-enable-field/value: C-SSRS 3-5 only after "yes"
   to 2), and on a phone one question per screen with Back/Next, saving the draft at each step.
   Without JavaScript the whole form works. No inline scripts (CSP). */
(function () {
  "use strict";
  var PHONE = "(max-width: 575.98px)";

  function checkedValue(form, name) {
    var input = form.querySelector('input[name="' + name + '"]:checked');
    return input ? input.value : "";
  }

  function applySkipLogic(form) {
    form.querySelectorAll("[data-enable-field]").forEach(function (question) {
      var asked = checkedValue(form, question.dataset.enableField) === question.dataset.enableValue;
      question.classList.toggle("skipped", !asked);
      question.disabled = !asked;
      if (!asked) {
        question.querySelectorAll("input:checked").forEach(function (input) { input.checked = false; });
      }
    });
  }

  function autosave(form, status) {
    var data = new FormData(form);
    data.set("action", "save");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    fetch(form.getAttribute("action"), {  // form.action would be the buttons named "action"
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Cairn-Autosave": "1", "X-CSRFToken": token ? token.value : "" }
    })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (result) {
        if (result.ok) {
          form.querySelector("[data-version]").value = result.body.version;
          status.textContent = "Draft saved.";
        } else {
          var errors = Object.values(result.body.errors || {})[0] || ["Not saved."];
          status.textContent = "Not saved: " + errors[0];
        }
      })
      .catch(function () {
        status.textContent = "Not saved: check the connection. Your answers are still on this page.";
      });
  }

  function stepper(form) {
    if (!window.matchMedia(PHONE).matches) { return; }
    var nav = form.querySelector("[data-stepper-nav]");
    var progress = form.querySelector("[data-stepper-progress]");
    var status = form.querySelector("[data-autosave-status]");
    var submit = form.querySelector('[data-answer-actions] [value="submit"]');
    var back = nav.querySelector('[data-step="back"]');
    var next = nav.querySelector('[data-step="next"]');
    var current = 0;

    function asked() {
      return Array.prototype.filter.call(form.querySelectorAll(".question"), function (q) {
        return !q.classList.contains("skipped");
      });
    }

    function show(index, focus) {
      var questions = asked();
      current = Math.max(0, Math.min(index, questions.length - 1));
      form.querySelectorAll(".question").forEach(function (q) { q.classList.add("off-step"); });
      form.querySelectorAll(".question-group").forEach(function (g) { g.hidden = true; });
      var shown = questions[current];
      shown.classList.remove("off-step");
      progress.textContent = "Question " + (current + 1) + " of " + questions.length;
      back.disabled = current === 0;
      next.hidden = current === questions.length - 1;
      submit.hidden = current !== questions.length - 1;
      if (focus) {
        var first = shown.querySelector("input:checked") || shown.querySelector("input");
        shown.scrollIntoView({ block: "start" });
        if (first) { first.focus({ preventScroll: true }); }
      }
    }

    form.classList.add("stepping");
    nav.hidden = false;
    progress.hidden = false;
    var questions = asked();
    var start = questions.findIndex(function (q) { return q.classList.contains("has-error"); });
    if (start < 0) {
      start = questions.findIndex(function (q) { return !q.querySelector("input:checked"); });
    }
    show(start < 0 ? 0 : start, false);
    next.addEventListener("click", function () {
      if (asked()[current].querySelector("input:checked")) { autosave(form, status); }
      show(current + 1, true);
    });
    back.addEventListener("click", function () { show(current - 1, true); });
    form.addEventListener("change", function () {
      applySkipLogic(form);
      progress.textContent = "Question " + (current + 1) + " of " + asked().length;
      next.hidden = current >= asked().length - 1;
      submit.hidden = !next.hidden;
    });
  }

  function init() {
    document.querySelectorAll("[data-answer-form]").forEach(function (form) {
      applySkipLogic(form);
      form.addEventListener("change", function () { applySkipLogic(form); });
      stepper(form);
      var summary = form.querySelector("[data-error-summary]");
      if (summary && !form.classList.contains("stepping")) {
        summary.setAttribute("tabindex", "-1");
        summary.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
