/* Notes: save drafts before automatic sign-out, and hide absent members' fields. No inline
   scripts (CSP). The draft also saves as the clinician types (htmx attributes on the form). */
(function () {
  "use strict";

  function autosaveForms() {
    return Array.prototype.slice.call(document.querySelectorAll("form[data-autosave]"));
  }

  // cairn.js warns a minute before automatic sign-out. Save now, as a passive request: saving
  // must not keep a forgotten session alive. The draft survives the sign-out and the re-login.
  function savePassively() {
    if (!window.htmx) { return; }
    autosaveForms().forEach(function (form) {
      window.htmx.ajax("POST", form.getAttribute("data-autosave"), {
        source: form,
        target: form.getAttribute("data-autosave-target"),
        swap: "innerHTML",
        headers: { "X-Cairn-Passive": "1" }
      });
    });
  }
  document.addEventListener("cairn:idle-warning", savePassively);

  // "Save draft" and "Sign" post the whole form with its version. An autosave in flight would
  // move the version under them: wait for it to land, and start no new one once submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-autosave]")) { return; }
    if (form.classList.contains("htmx-request")) {
      event.preventDefault();
      var submitter = event.submitter;
      form.addEventListener("htmx:afterSettle", function () {
        window.setTimeout(function () { form.requestSubmit(submitter); }, 0);
      }, { once: true });
      return;
    }
    form.dataset.submitting = "1";
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.dataset && form.dataset.submitting) { event.preventDefault(); }
  });
  window.addEventListener("pageshow", function () {
    autosaveForms().forEach(function (form) { delete form.dataset.submitting; });
  });

  // A member marked absent gets no note: fold their fields away (kept, never cleared).
  function syncMember(box) {
    var member = box.closest("[data-member]");
    var fields = member && member.querySelector("[data-member-fields]");
    if (fields) { fields.hidden = !box.checked; }
    if (member) { member.classList.toggle("member-absent", !box.checked); }
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-present]")) { syncMember(event.target); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-present]"), syncMember);
  });
})();
