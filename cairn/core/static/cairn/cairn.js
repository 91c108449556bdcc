/* Cairn's page behaviour: automatic logoff with a warning, htmx glue. No inline scripts (CSP). */
(function () {
  "use strict";

  function idleLogoff() {
    var body = document.body;
    var timeout = parseInt(body.dataset.idleTimeout || "0", 10);
    if (!timeout) { return; }
    var warning = document.getElementById("idle-warning");
    var countdown = warning && warning.querySelector("[data-idle-countdown]");
    var deadline, warnTimer, tick;

    function csrf() {
      try { return JSON.parse(body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
    }

    function schedule(secondsLeft) {
      clearTimeout(warnTimer); clearInterval(tick);
      if (warning) { warning.hidden = true; }
      deadline = Date.now() + secondsLeft * 1000;
      warnTimer = setTimeout(check, Math.max(0, (secondsLeft - 60) * 1000));
    }

    // Another tab may have kept the session alive: ask the server before warning.
    function check() {
      fetch(body.dataset.sessionUrl, { headers: { "X-Cairn-Passive": "1" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { seconds_left: 0 }; })
        .then(function (data) {
          if (data.seconds_left > 65) { schedule(data.seconds_left); } else { warn(data.seconds_left); }
        })
        .catch(function () { warn(Math.round((deadline - Date.now()) / 1000)); });
    }

    function warn(secondsLeft) {
      deadline = Date.now() + Math.max(0, secondsLeft) * 1000;
      document.dispatchEvent(new CustomEvent("cairn:idle-warning"));
      if (warning) { warning.hidden = false; }
      tick = setInterval(function () {
        var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
        if (countdown) { countdown.textContent = String(left); }
        if (left <= 0) {
          clearInterval(tick);
          document.dispatchEvent(new CustomEvent("cairn:idle-logout"));
          window.location.reload();  // the server signs the session out and shows the sign-in page
        }
      }, 1000);
    }

    function extend() {
      fetch(body.dataset.extendUrl, { method: "POST", headers: { "X-CSRFToken": csrf() }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data) { schedule(data.seconds_left); } else { window.location.reload(); } });
    }

    if (warning) {
      var button = warning.querySelector("[data-idle-extend]");
      if (button) { button.addEventListener("click", extend); }
    }
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var headers = (event.detail.requestConfig && event.detail.requestConfig.headers) || {};
      if (!headers["X-Cairn-Passive"]) { schedule(timeout); }
    });
    schedule(timeout);
  }

  // Elements marked data-passive make passive htmx requests (polling does not keep a session alive).
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt && event.detail.elt.closest("[data-passive]")) {
      event.detail.headers["X-Cairn-Passive"] = "1";
    }
  });

  // A form with data-confirm asks before submitting (used for irreversible actions).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  // Print buttons.
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-print]");
    if (el) { event.preventDefault(); window.print(); }
  });

  document.addEventListener("DOMContentLoaded", idleLogoff);
})();
