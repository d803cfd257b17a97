// Behaviour that used to sit in inline handlers, which the Content-Security-Policy refuses
// (no inline script, no eval): templates mark elements with data attributes instead.
//   <form data-confirm="Delete this channel?">  asks before submitting
//   <button data-print>                         prints the page
//   <a data-toggles="children-7">               after its htmx request loaded the region once,
//                                               shows or hides it (aria-expanded follows)
(function () {
  "use strict";
  if (window.htmx) {
    // htmx would add its indicator rules as an inline <style> (the app uses no indicators).
    // Set here rather than in a <meta name="htmx-config">: htmx reads only the first such meta,
    // and the workshop pages need theirs (304 polls must not be swapped).
    window.htmx.config.includeIndicatorStyles = false;
  }

  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    if (event.target.closest("[data-print]")) window.print();
    var toggle = event.target.closest("[data-toggles]");
    if (toggle && toggle.dataset.loaded) {
      event.preventDefault();
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      document.getElementById(toggle.getAttribute("data-toggles")).hidden = !open;
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var toggle = event.detail.elt;
    if (event.detail.successful && toggle.hasAttribute("data-toggles")) {
      toggle.dataset.loaded = "1";
      toggle.setAttribute("aria-expanded", "true");
    }
  });
})();
