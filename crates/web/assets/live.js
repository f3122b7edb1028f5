// The operators' live page: its figures fetched again every few seconds and
// swapped in place, instead of a <meta http-equiv="refresh"> that reloads the
// whole page (losing a screen reader's place and the keyboard focus) and
// cannot be paused. The page reads as served without this script.
(function () {
  "use strict";
  var live = document.getElementById("live");
  var button = document.getElementById("live-pause");
  if (!live || !button || !window.fetch || !window.DOMParser) return;
  var every = (parseInt(live.getAttribute("data-refresh"), 10) || 5) * 1000;
  var paused = false;
  var timer = 0;

  function schedule() {
    clearTimeout(timer);
    if (!paused && !document.hidden) timer = setTimeout(refresh, every);
  }

  function refresh() {
    fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live");
        // Signed out meanwhile (the answer is the sign-in page): stop.
        if (!fresh) { paused = true; return; }
        live.replaceChildren.apply(live, Array.prototype.slice.call(fresh.childNodes));
      })
      .catch(function () { /* the server is busy or restarting: try again next time */ })
      .then(schedule);
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    paused = !paused;
    button.setAttribute("aria-pressed", paused ? "true" : "false");
    button.textContent = paused ? "Reprendre la mise à jour" : "Mettre en pause";
    schedule();
  });
  document.addEventListener("visibilitychange", schedule);
  schedule();
})();
