/*
 * Small things on every page: the feedback question (nothing is sent or stored), and printing
 * every chart's text version open.
 */
(function () {
  "use strict";

  function mountFeedback(root) {
    if (root.hasAttribute("data-mounted")) return;
    root.setAttribute("data-mounted", "");
    root.hidden = false;
    root.querySelectorAll("button[data-answer]").forEach(function (button) {
      button.addEventListener("click", function () {
        root.querySelectorAll("button[data-answer]").forEach(function (b) { b.hidden = true; });
        var note = root.querySelector('[data-note="' + button.getAttribute("data-answer") + '"]');
        note.hidden = false;
        note.setAttribute("tabindex", "-1");
        note.focus();
      });
    });
  }

  // Closed <details> print closed; open them for print and close them again afterwards.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    [].forEach.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      openedForPrint.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });

  function start() { document.querySelectorAll("[data-page-feedback]").forEach(mountFeedback); }
  // Material's document$ emits on the first load and after every instant navigation (which swaps
  // the page without reloading this script); without Material's bundle, fall back to the DOM.
  if (typeof window.document$ !== "undefined") window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
