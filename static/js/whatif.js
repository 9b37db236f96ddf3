// The live what-if (templates/evaluator/stakeholders/_whatif.html): re-rank the candidates from
// the per-group values the server sent (evaluator/stakeholders/whatif.py) whenever a slider moves.
// Same rule as the server: total = sum of share x value, shares scaled to sum 1; scores within
// the tolerance of their group's top score tie and are listed by name.
(function () {
  "use strict";

  function rankOrder(totals, names, tolerance) {
    var byScore = totals.map(function (_, i) { return i; });
    byScore.sort(function (a, b) { return totals[b] - totals[a] || a - b; });
    var ranks = new Array(totals.length);
    var top = null, rank = 0;
    byScore.forEach(function (i, position) {
      if (top === null || totals[i] < top - tolerance) { top = totals[i]; rank = position + 1; }
      ranks[i] = rank;
    });
    var order = totals.map(function (_, i) { return i; });
    order.sort(function (a, b) {
      if (ranks[a] !== ranks[b]) { return ranks[a] - ranks[b]; }
      if (names[a] !== names[b]) { return names[a] < names[b] ? -1 : 1; }
      return a - b;
    });
    return { order: order, ranks: ranks };
  }

  function setUp(section) {
    var source = document.getElementById(section.dataset.whatif);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var sliders = Array.prototype.slice.call(section.querySelectorAll("input[type=range][data-group]"));
    var list = section.querySelector("#whatif-ranking");
    var names = data.vendors.map(function (v) { return v.name; });
    var recorded = data.groups.map(function (g) { return g.recorded; });
    var shares = recorded.slice();

    function render() {
      var sum = shares.reduce(function (a, b) { return a + b; }, 0);
      var scaled = shares.map(function (s) { return sum > 0 ? s / sum : 0; });
      var totals = data.vendors.map(function (vendor) {
        return vendor.values.reduce(function (total, value, k) { return total + scaled[k] * value; }, 0);
      });
      var result = rankOrder(totals, names, data.tolerance);
      list.textContent = "";
      result.order.forEach(function (i) {
        var vendor = data.vendors[i];
        var item = document.createElement("li");
        item.dataset.vendor = String(vendor.id);
        item.dataset.rank = String(result.ranks[i]);
        var moved = vendor.rank - result.ranks[i];
        var change = moved > 0 ? " (up " + moved + ")" : moved < 0 ? " (down " + (-moved) + ")" : " (as recorded)";
        item.textContent = vendor.name + " — " + totals[i].toFixed(3) + change;
        list.appendChild(item);
      });
      sliders.forEach(function (slider, k) {
        var output = section.querySelector('output[data-share="' + slider.dataset.group + '"]');
        var delta = (scaled[k] - recorded[k]) * 100;
        var sign = delta > 0.05 ? "+" : "";
        output.textContent = (scaled[k] * 100).toFixed(1) + " % (" +
          (Math.abs(delta) < 0.05 ? "as recorded" : sign + delta.toFixed(1) + " points") + ")";
      });
      section.dataset.ready = "1";
    }

    sliders.forEach(function (slider, k) {
      slider.addEventListener("input", function () {
        shares = sliders.map(function (s) { return Number(s.value); });
        render();
      });
    });
    var reset = section.querySelector("[data-whatif-reset]");
    if (reset) {
      reset.addEventListener("click", function () {
        sliders.forEach(function (slider, k) { slider.value = String(Math.round(recorded[k] * 1000)); });
        shares = recorded.slice();
        render();
      });
    }
    render();
  }

  document.querySelectorAll("[data-whatif]").forEach(setUp);
}());
