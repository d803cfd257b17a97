// Focus survives htmx swaps and polls: htmx puts it back on the control with the same id (every
// control a swap can replace has a stable id); when that control is gone (the vote buttons of
// a board just locked), focus goes to the swapped region itself rather than to the page's top.
// What an htmx swap says ("Proposal from Ana accepted", a refusal) is read out by a screen
// reader from one live region that is never swapped: a message inside a region that htmx
// replaces is not announced reliably. Announcing never moves focus.
(function () {
  "use strict";
  var region = null;

  // The region sits in a closed shadow root: screen readers hear it, while the page's text
  // (and a test's search for a message) finds each message once, where it is shown.
  function liveRegion() {
    if (!region) {
      var host = document.createElement("div");
      host.id = "announcer";
      host.className = "visually-hidden";
      region = host.attachShadow({ mode: "closed" }).appendChild(document.createElement("div"));
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(host);
    }
    return region;
  }

  // Regions that held focus when a swap of theirs began, by id: the board's poll and the
  // panel's answer can be in flight together, so one swap must not forget another's.
  var focusedIn = {};

  document.addEventListener("DOMContentLoaded", liveRegion);
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    if (target && target.id && active && active !== document.body && target.contains(active)) {
      focusedIn[target.id] = true;
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.detail.elt;
    if (!swapped || !swapped.querySelectorAll) return;
    var said = Array.prototype.map.call(
      swapped.querySelectorAll("[role=status], [role=alert]"),
      function (message) { return message.textContent.trim(); }
    ).filter(Boolean).join(" ");
    if (said) liveRegion().textContent = said;
    var lost = !document.activeElement || document.activeElement === document.body;
    var home = null;
    Object.keys(focusedIn).forEach(function (id) {
      home = home || document.getElementById(id);
    });
    if (swapped.id && focusedIn[swapped.id]) delete focusedIn[swapped.id];
    if (!lost) focusedIn = {};
    if (lost && home) {
      if (!home.hasAttribute("tabindex")) home.setAttribute("tabindex", "-1");
      home.focus({ preventScroll: true });
      focusedIn = {};
    }
  });
})();
