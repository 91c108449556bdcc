/* Attendance charts (Chart.js), fed by <script type="application/json"> blocks. Each chart
   has a table alternative next to it. No inline script (CSP). */
(function () {
  "use strict";

  function data(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-source"));
    return source ? JSON.parse(source.textContent) : null;
  }

  var builders = {
    "board-trend": function (d) {
      return {
        type: "line",
        data: { labels: d.labels, datasets: [{ label: "Met the minimum (%)", data: d.percent, borderColor: "#33658a", backgroundColor: "#33658a", spanGaps: true }] },
        options: { maintainAspectRatio: false, animation: false, scales: { y: { min: 0, max: 100, title: { display: true, text: "%" } } } }
      };
    },
    "weekly-hours": function (d) {
      return {
        type: "bar",
        data: {
          labels: d.labels,
          datasets: [
            { type: "line", label: "Minimum", data: d.minimum, borderColor: "#b02a37", backgroundColor: "#b02a37", pointRadius: 0, stepped: "middle" },
            { label: "Attended", data: d.attended, backgroundColor: "#33658a" },
            { label: "Scheduled", data: d.scheduled, backgroundColor: "#c9d6e3" }
          ]
        },
        options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, title: { display: true, text: "hours" } } } }
      };
    }
  };

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Chart) { return; }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var build = builders[canvas.getAttribute("data-chart")];
      var d = data(canvas);
      if (build && d) { new window.Chart(canvas, build(d)); }
    });
  });
})();
