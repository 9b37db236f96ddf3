// Upload progress for long answer files: the form is sent with XMLHttpRequest so
// the browser can report bytes sent; the server's answer then replaces the page
// exactly as a normal submission would (a redirect is followed, a report shown).
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
    var box = document.getElementById(form.dataset.uploadProgress);
    if (!box || !window.FormData || !window.XMLHttpRequest) { return; }
    var bar = box.querySelector("progress");
    var stage = box.querySelector(".upload-progress-stage");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", form.action || window.location.href);
      request.upload.addEventListener("progress", function (progress) {
        if (progress.lengthComputable) {
          bar.value = Math.round((100 * progress.loaded) / progress.total);
          stage.textContent = bar.value + " % sent";
        }
      });
      request.upload.addEventListener("load", function () {
        bar.removeAttribute("value");  // indeterminate while the server checks every row
        stage.textContent = "Checking every row…";
      });
      request.addEventListener("load", function () {
        // After a redirect the page shown is the final one (with its one-time messages).
        if (request.responseURL && request.responseURL !== window.location.href) {
          window.history.replaceState(null, "", request.responseURL);
        }
        document.open();
        document.write(request.responseText);
        document.close();
      });
      request.addEventListener("error", function () {
        stage.textContent = "The upload failed; check your connection and try again.";
      });
      box.hidden = false;
      form.querySelector("button[type=submit]").disabled = true;
      request.send(new FormData(form));
    });
  });
})();
