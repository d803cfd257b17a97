// Live workshop pages: polls send the ETag of what they show (a 304 leaves it as is; the server
// answers a recent one with only what changed since), and
// countdowns tick locally from the seconds the server said were left.
(function () {
  "use strict";
  document.addEventListener("htmx:configRequest", function (event) {
    var etag = event.detail.elt.getAttribute("data-etag");
    if (etag && event.detail.verb === "get") {
      event.detail.headers["If-None-Match"] = etag;
    }
  });
  // A poll that missed a few revisions gets only what changed, swapped out of band
  // (HX-Reswap: none): the polled region stays, so it takes the new revision's ETag here.
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    var xhr = event.detail.xhr;
    var etag = xhr && xhr.status === 200 && xhr.getResponseHeader("ETag");
    if (etag && elt.hasAttribute("data-etag") && document.body.contains(elt)) {
      elt.setAttribute("data-etag", etag);
    }
  });

  function tick() {
    document.querySelectorAll("[data-countdown]").forEach(function (timer) {
      if (!timer.dataset.endsAt) {
        timer.dataset.endsAt = Date.now() + Number(timer.dataset.countdown) * 1000;
      }
      var left = Math.max(0, Math.round((Number(timer.dataset.endsAt) - Date.now()) / 1000));
      timer.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      timer.classList.toggle("timer-done", left === 0);
    });
  }
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSettle", tick);
})();
