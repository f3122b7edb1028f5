// echoppe's statistics beacon: optional (pages work without it), small,
// and sending nothing that names anyone. It reports what the server cannot
// see by itself: listings shown in a list and scrolled into sight, and
// listing pages shown again from the browser's cache (back and forward)
// rather than served — or every listing page shown, when the server says
// a CDN in front serves them. Events go in batches of at most 100, every few
// seconds and when the page is hidden, with navigator.sendBeacon.
(function () {
  "use strict";
  if (!("sendBeacon" in navigator)) return;
  var queue = [];
  function add(type, listing) {
    var id = parseInt(listing, 10);
    if (id > 0) queue.push({ type: type, listing: id, at: Date.now() });
    if (queue.length >= 100) flush();
  }
  function flush() {
    while (queue.length) {
      var batch = queue.splice(0, 100);
      var body = new Blob([JSON.stringify({ events: batch })], { type: "application/json" });
      navigator.sendBeacon("/api/v1/events", body);
    }
  }
  setInterval(flush, 5000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });

  // A listing page the browser showed from its cache: no request reached
  // the server, so it did not count the view. Behind a CDN that keeps
  // pages the server sees hardly any, and the page asks (data-count-view)
  // for every view to be counted here.
  var page = document.querySelector("[data-listing-page]");
  function fromCache() {
    var entries = performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    return entries.length > 0 && entries[0].transferSize === 0 && entries[0].type !== "reload";
  }
  if (page && (page.hasAttribute("data-count-view") || fromCache())) add("view", page.getAttribute("data-listing-page"));
  window.addEventListener("pageshow", function (event) {
    if (page && event.persisted) add("view", page.getAttribute("data-listing-page"));
  });

  // Cards scrolled at least half into sight, once each per page.
  if (!("IntersectionObserver" in window)) return;
  var seen = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        add("impression", entry.target.getAttribute("data-listing"));
        seen.unobserve(entry.target);
      }
    });
  }, { threshold: 0.5 });
  document.querySelectorAll("[data-listing]").forEach(function (card) { seen.observe(card); });
})();
