/* Trend charts (chart tab) and the outcome bars (program view), drawn with Chart.js from JSON
   blocks in the page. Each chart has a table alternative in the page. No inline scripts (CSP). */
(function () {
  "use strict";
  var BAND_COLOURS = ["rgba(46,125,50,.10)", "rgba(249,168,37,.13)", "rgba(239,108,0,.13)",
    "rgba(198,40,40,.13)", "rgba(136,14,79,.16)"];
  var IMPROVED = "#2e7d32", WORSE = "#b02a37", LINE = "#33658a";
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function readJSON(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function bandColour(index, count) {
    if (count <= 1) { return "rgba(0,0,0,0)"; }
    return BAND_COLOURS[Math.round(index * (BAND_COLOURS.length - 1) / (count - 1))];
  }

  /* Shades each band of totals and draws a dashed line at each threshold, with its label. */
  var bandsPlugin = {
    id: "cairnBands",
    beforeDatasetsDraw: function (chart, args, options) {
      var bands = options.bands || [];
      var area = chart.chartArea, y = chart.scales.y, ctx = chart.ctx;
      ctx.save();
      bands.forEach(function (band, index) {
        var top = y.getPixelForValue(Math.min(band.upper + 0.5, y.max));
        var bottom = y.getPixelForValue(Math.max(band.lower - 0.5, y.min));
        ctx.fillStyle = bandColour(index, bands.length);
        ctx.fillRect(area.left, top, area.right - area.left, bottom - top);
        if (index > 0) {
          ctx.strokeStyle = "rgba(31,42,55,.35)";
          ctx.setLineDash([4, 4]);
          ctx.beginPath();
          ctx.moveTo(area.left, bottom);
          ctx.lineTo(area.right, bottom);
          ctx.stroke();
        }
        if (bands.length > 1 && bottom - top > 12) {
          ctx.fillStyle = "#5c6670";
          ctx.font = "11px system-ui, sans-serif";
          ctx.textAlign = "right";
          ctx.fillText(band.label, area.right - 4, top + 11);
        }
      });
      ctx.restore();
    }
  };

  function pointStyle(mark) { return mark ? "triangle" : "circle"; }
  function pointColour(mark) { return mark === "improved" ? IMPROVED : mark === "worse" ? WORSE : LINE; }

  function trendChart(canvas, data) {
    var marks = data.reliable;
    return new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.title + " score",
          data: data.totals,
          borderColor: LINE,
          backgroundColor: marks.map(pointColour),
          pointBackgroundColor: marks.map(pointColour),
          pointBorderColor: marks.map(pointColour),
          pointStyle: marks.map(pointStyle),
          pointRotation: marks.map(function (m) { return m === "improved" ? 180 : 0; }),
          pointRadius: marks.map(function (m) { return m ? 7 : 4; }),
          tension: 0
        }]
      },
      options: {
        animation: reduceMotion ? false : { duration: 300 },
        maintainAspectRatio: false,
        scales: {
          y: { min: data.min, max: data.max, ticks: { precision: 0 }, title: { display: true, text: "Score" } }
        },
        plugins: {
          cairnBands: { bands: data.bands },
          legend: {
            labels: {
              usePointStyle: true,
              generateLabels: function () {
                var labels = [{ text: "Score", fillStyle: LINE, strokeStyle: LINE, pointStyle: "circle" }];
                if (data.rci) {
                  labels.push({ text: "Reliably better (" + data.rci + "+ points)", fillStyle: IMPROVED, strokeStyle: IMPROVED, pointStyle: "triangle", rotation: 180 });
                  labels.push({ text: "Reliably worse", fillStyle: WORSE, strokeStyle: WORSE, pointStyle: "triangle" });
                }
                return labels;
              }
            }
          },
          tooltip: {
            callbacks: {
              label: function (item) {
                var mark = marks[item.dataIndex];
                var text = "Score " + item.parsed.y + " (" + data.pointBands[item.dataIndex] + ")";
                if (mark === "improved") { text += ", reliably better than intake"; }
                if (mark === "worse") { text += ", reliably worse than intake"; }
                return text;
              }
            }
          }
        }
      },
      plugins: [bandsPlugin]
    });
  }

  function outcomeChart(canvas, data) {
    var colours = [IMPROVED, "#9aa5b1", WORSE];
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, index) {
          return { label: series.label, data: series.values, backgroundColor: colours[index] };
        })
      },
      options: {
        indexAxis: "y",
        animation: reduceMotion ? false : { duration: 300 },
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } },
          y: { stacked: true }
        },
        plugins: {
          tooltip: { callbacks: { label: function (item) { return item.dataset.label + ": " + item.parsed.x + "%"; } } }
        }
      }
    });
  }

  function init() {
    if (!window.Chart) { return; }
    var trends = readJSON("assessment-trends") || {};
    document.querySelectorAll("canvas[data-trend]").forEach(function (canvas) {
      var data = trends[canvas.dataset.trend];
      if (data) { trendChart(canvas, data); }
    });
    var outcomes = readJSON("outcome-chart");
    document.querySelectorAll("canvas[data-outcomes]").forEach(function (canvas) {
      if (outcomes) { outcomeChart(canvas, outcomes); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
