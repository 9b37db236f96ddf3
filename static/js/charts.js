/*
 * Draws every chart on the page. A chart is a container
 *   <div class="chart" data-figure="ID" role="img" aria-label="...">
 * next to the figure written by Django's json_script filter
 *   <script id="ID" type="application/json">{"data": [...], "layout": {...}, "config": {...}}</script>
 * No inline script and no eval: the page works under script-src 'self'.
 * Needs static/vendor/plotly/plotly.min.js loaded first (both with defer).
 */
(function () {
  "use strict";

  function draw(container) {
    var source = document.getElementById(container.dataset.figure);
    if (!source) {
      console.warn("charts.js: no figure data for", container.id);
      return;
    }
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(container, figure.data, figure.layout, figure.config).then(function () {
      container.dataset.drawn = "true";
      // The SVG repeats what the aria-label and the table say; keep screen readers on those.
      container.querySelectorAll("svg").forEach(function (svg) {
        svg.setAttribute("aria-hidden", "true");
      });
    });
  }

  function drawAll() {
    if (!window.Plotly) {
      console.warn("charts.js: plotly.js is not loaded");
      return;
    }
    document.querySelectorAll(".chart[data-figure]").forEach(draw);
  }

  // Paper is narrower than the screen: fit the charts before printing and after.
  function resizeAll() {
    document.querySelectorAll(".chart[data-drawn]").forEach(function (container) {
      window.Plotly.Plots.resize(container);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
