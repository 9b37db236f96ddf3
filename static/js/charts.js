/*
 * Draws every chart on the page. A chart is a container
 *   <div class="chart" data-figure="ID" role="img" aria-label="...">
 * next to the figure written by Django's json_script filter
 *   <script id="ID" type="application/json">{"data": [...], "layout": {...}, "config": {...}, "narrow": {...}}</script>
 * No inline script and no eval: the page works under script-src 'self'.
 * Needs static/vendor/plotly/plotly.min.js loaded first (both with defer).
 *
 * Charts follow their container's width. Below NARROW_BELOW px (engine/charts/base.py) the
 * figure's "narrow" layout is merged over its layout: legend below the plot, fewer ticks,
 * smaller type; "narrowTraces" (by index) over its traces. Crossing that width redraws the chart.
 */
(function () {
  "use strict";

  var NARROW_BELOW = 560;
  var figures = new WeakMap();

  function merged(base, overrides) {
    var result = Object.assign({}, base);
    Object.keys(overrides || {}).forEach(function (key) {
      var value = overrides[key];
      var plainObject = value && typeof value === "object" && !Array.isArray(value);
      if (plainObject && result[key] && typeof result[key] === "object" && !Array.isArray(result[key])) {
        result[key] = merged(result[key], value);
      } else {
        result[key] = value;
      }
    });
    return result;
  }

  function isNarrow(container) {
    return container.clientWidth > 0 && container.clientWidth < NARROW_BELOW;
  }

  function layoutFor(figure, narrow) {
    return narrow ? merged(figure.layout, figure.narrow) : figure.layout;
  }

  function dataFor(figure, narrow) {
    var changes = figure.narrowTraces || [];
    if (!narrow || !changes.length) {
      return figure.data;
    }
    return figure.data.map(function (trace, index) {
      return merged(trace, changes[index] || {});
    });
  }

  function hideSvgFromScreenReaders(container) {
    // The SVG repeats what the aria-label and the table say; keep screen readers on those.
    container.querySelectorAll("svg").forEach(function (svg) {
      svg.setAttribute("aria-hidden", "true");
    });
  }

  function draw(container) {
    var source = document.getElementById(container.dataset.figure);
    if (!source) {
      console.warn("charts.js: no figure data for", container.id);
      return;
    }
    var figure = JSON.parse(source.textContent);
    var narrow = isNarrow(container);
    figures.set(container, { figure: figure, narrow: narrow });
    container.dataset.layout = narrow ? "narrow" : "wide";
    window.Plotly.newPlot(container, dataFor(figure, narrow), layoutFor(figure, narrow), figure.config).then(function () {
      container.dataset.drawn = "true";
      hideSvgFromScreenReaders(container);
    });
  }

  // Fit a chart to its container; switch layouts when it crosses NARROW_BELOW.
  function fit(container) {
    var state = figures.get(container);
    if (!state || !container.dataset.drawn) {
      return;
    }
    var narrow = isNarrow(container);
    if (narrow !== state.narrow) {
      state.narrow = narrow;
      container.dataset.layout = narrow ? "narrow" : "wide";
      var figure = state.figure;
      window.Plotly.react(container, dataFor(figure, narrow), layoutFor(figure, narrow), figure.config).then(function () {
        hideSvgFromScreenReaders(container);
      });
    } else {
      window.Plotly.Plots.resize(container);
    }
  }

  function drawAll() {
    if (!window.Plotly) {
      console.warn("charts.js: plotly.js is not loaded");
      return;
    }
    var containers = document.querySelectorAll(".chart[data-figure]");
    containers.forEach(draw);
    if (window.ResizeObserver) {
      var resized = new Set();
      var observer = new ResizeObserver(function (entries) {
        // At most one redraw per chart and frame, however often it changed size.
        var scheduled = resized.size > 0;
        entries.forEach(function (entry) {
          resized.add(entry.target);
        });
        if (!scheduled) {
          window.requestAnimationFrame(function () {
            var targets = Array.from(resized);
            resized.clear();
            targets.forEach(fit);
          });
        }
      });
      containers.forEach(function (container) {
        observer.observe(container);
      });
    }
  }

  // Paper is narrower than the screen: fit the charts before printing and after.
  function fitAll() {
    document.querySelectorAll(".chart[data-drawn]").forEach(fit);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  window.addEventListener("beforeprint", fitAll);
  window.addEventListener("afterprint", fitAll);
})();
