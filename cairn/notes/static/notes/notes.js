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
