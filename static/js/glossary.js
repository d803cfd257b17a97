/* Code tooltips ({% term %}): CSS shows a term's tooltip on hover and keyboard focus; Escape
   hides it without moving focus or the pointer (WCAG 1.4.13 "dismissible"), until the pointer
   leaves or focus moves on. */
(function () {
  "use strict";

  var hovered = null;

  function dismiss(term) {
    if (term) term.classList.add("term-dismissed");
  }

  function restore(event) {
    var term = event.target.closest && event.target.closest(".term");
    if (term) term.classList.remove("term-dismissed");
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var focused = document.activeElement && document.activeElement.closest(".term");
    dismiss(focused);
    dismiss(hovered);
  });
  document.addEventListener("mouseover", function (event) {
    var term = event.target.closest ? event.target.closest(".term") : null;
    // The pointer arriving on a code is a new request to see it, even if Escape hid it.
    if (term && term !== hovered) term.classList.remove("term-dismissed");
    hovered = term;
  });
  document.addEventListener("mouseout", restore);
  document.addEventListener("focusout", restore);
  document.addEventListener("focusin", restore);
})();
