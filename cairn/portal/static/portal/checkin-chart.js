/* The chart tab's check-in trend (mood, craving, sleep), drawn with Chart.js from the JSON
   block in the page; the table under it has the same figures. No inline scripts (CSP). */
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("checkin-chart");
    var source = document.getElementById("checkin-data");
    if (!canvas || !source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: "Mood (1–10)", data: data.mood, borderColor: "#2e7d32", backgroundColor: "#2e7d32", tension: 0.2 },
          { label: "Craving (0–10)", data: data.craving, borderColor: "#b02a37", backgroundColor: "#b02a37", borderDash: [6, 3], tension: 0.2,
            pointStyle: data.used.map(function (u) { return u ? "triangle" : "circle"; }),
            pointRadius: data.used.map(function (u) { return u ? 7 : 3; }) },
          { label: "Sleep (hours)", data: data.sleep, borderColor: "#33658a", backgroundColor: "#33658a", borderDash: [2, 2], tension: 0.2 }
        ]
      },
      options: {
        animation: reduceMotion ? false : undefined,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { min: 0, suggestedMax: 10 } },
        plugins: { legend: { position: "bottom" }, tooltip: { mode: "index", intersect: false } }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
}());
