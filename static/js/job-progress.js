// Background job progress: polls the job's JSON status and updates the bar; once the job
// has finished the page reloads, and the server shows the result, the report or why it
// failed with a Retry button. No inline script (CSP): the status URL is a data attribute.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box || !window.fetch) { return; }
  var url = box.dataset.jobStatusUrl;
  if (box.dataset.jobStatus === "succeeded" || box.dataset.jobStatus === "failed") { return; }
  var bar = box.querySelector("progress");
  var delay = 500;
  function field(name, text) {
    var node = box.querySelector('[data-job-field="' + name + '"]');
    if (node) { node.textContent = text; }
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (answer) {
        if (!answer.ok) { throw new Error("status " + answer.status); }
        return answer.json();
      })
      .then(function (job) {
        field("status_label", job.status_label);
        field("message", job.message || "");
        if (bar) {
          if (job.percent === null) { bar.removeAttribute("value"); } else { bar.value = job.percent; }
        }
        field("percent", job.percent === null ? "" : job.percent + " %");
        if (job.finished) {
          window.location.reload();
          return;
        }
        delay = Math.min(delay * 1.5, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);  // the server is busy or restarting: keep trying, slower
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
})();
