// Conditional questions on the answer entry page: a question (or note) whose condition does not
// hold is hidden as soon as the earlier answer changes. The server applies the same rule
// (evaluator/questionnaires/conditions.py) when saving, scoring and counting what is missing;
// this file only keeps the page in step. The condition arrives parsed, as JSON in
// data-shown-when: ["atom", id, "" | "=" | "has", value], ["not", x], ["and", …], ["or", …].
(function () {
  "use strict";
  var form = document.querySelector("form[data-conditions]");
  if (!form) {
    return;
  }
  var known = {};
  try {
    known = JSON.parse(form.getAttribute("data-known-values") || "{}");
  } catch (error) {
    known = {};
  }
  var YES = ["yes", "y", "true"];

  function fold(text) {
    return String(text).trim().toLowerCase();
  }

  function valueOf(block) {
    var kind = block.getAttribute("data-kind");
    var name = block.getAttribute("data-field");
    if (kind === "note" || !name) {
      return null;
    }
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    if (kind === "yes_no" || kind === "scale") {
      for (var i = 0; i < inputs.length; i++) {
        if (inputs[i].checked && inputs[i].value !== "") {
          return kind === "yes_no" ? inputs[i].value === "yes" : inputs[i].value;
        }
      }
      return null;
    }
    if (kind === "multiple_choice") {
      var picked = [];
      for (var j = 0; j < inputs.length; j++) {
        if (inputs[j].checked) {
          picked.push(inputs[j].value);
        }
      }
      return picked.length ? picked : null;
    }
    if (!inputs.length || inputs[0].value.trim() === "") {
      return null;
    }
    return kind === "single_choice" ? [inputs[0].value] : inputs[0].value.trim();
  }

  function holds(tree, values) {
    var head = tree[0];
    var k;
    if (head === "not") {
      return !holds(tree[1], values);
    }
    if (head === "and" || head === "or") {
      for (k = 1; k < tree.length; k++) {
        var part = holds(tree[k], values);
        if (head === "and" && !part) {
          return false;
        }
        if (head === "or" && part) {
          return true;
        }
      }
      return head === "and";
    }
    var value = values[fold(tree[1])];
    var operator = tree[2];
    var wanted = tree[3];
    if (value === null || value === undefined) {
      return false;
    }
    if (operator === "") {
      return typeof value === "boolean" ? value : value.length !== 0;
    }
    if (Array.isArray(value)) {
      for (k = 0; k < value.length; k++) {
        if (fold(value[k]) === fold(wanted)) {
          return true;
        }
      }
      return false;
    }
    if (typeof value === "boolean") {
      return value === (YES.indexOf(fold(wanted)) !== -1);
    }
    var number = Number(value);
    if (value !== "" && !isNaN(number) && !isNaN(Number(wanted))) {
      return number === Number(wanted);
    }
    return fold(value) === fold(wanted);
  }

  var blocks = form.querySelectorAll("[data-code]");

  function refresh() {
    var values = {};
    Object.keys(known).forEach(function (code) {
      values[fold(code)] = known[code];
    });
    for (var i = 0; i < blocks.length; i++) {
      var block = blocks[i];
      var condition = block.getAttribute("data-shown-when");
      var asked = true;
      if (condition) {
        try {
          asked = holds(JSON.parse(condition), values);
        } catch (error) {
          asked = true;
        }
      }
      block.hidden = !asked;
      values[fold(block.getAttribute("data-code"))] = asked ? valueOf(block) : null;
    }
  }

  form.addEventListener("change", refresh);
  form.addEventListener("input", refresh);
  refresh();
})();
