// The invitation's once-shown link: a "Copy" button beside the field (hidden without script,
// where the field can still be selected and copied by hand).
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy-from]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-from"));
    var status = document.getElementById("copy-status");
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      function done(message) { if (status) status.textContent = message; }
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { done("Copied."); },
          function () { done("Could not copy: select the link and copy it by hand."); }
        );
      } else {
        try {
          done(document.execCommand("copy") ? "Copied." : "Select the link and copy it by hand.");
        } catch (e) {
          done("Select the link and copy it by hand.");
        }
      }
    });
  });
})();
