/*
 * The main menu folds behind a "Menu" button on a narrow screen (app.css, max-width 760px).
 * Without this script the button stays hidden and the menu stays open, so nothing is lost.
 * No inline script: the page works under script-src 'self'.
 */
(function () {
  "use strict";
  var NARROW = window.matchMedia("(max-width: 760px)");

  function setUp() {
    var header = document.getElementById("topbar");
    var button = header && header.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) { return; }
    header.classList.add("topbar-collapsible");
    button.hidden = false;

    function setOpen(open) {
      header.classList.toggle("menu-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    // On a wide screen the menu is always shown and the button hidden (CSS); "expanded" tells the truth there too.
    function fit() { setOpen(!NARROW.matches); }

    button.addEventListener("click", function () {
      setOpen(!header.classList.contains("menu-open"));
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && NARROW.matches && header.classList.contains("menu-open")) {
        setOpen(false);
        button.focus();
      }
    });
    if (NARROW.addEventListener) { NARROW.addEventListener("change", fit); }
    fit();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
