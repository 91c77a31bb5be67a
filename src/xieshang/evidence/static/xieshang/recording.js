// A recording's page: start the player at ?t= (a search hit's time), seek when a segment's time is
// clicked, and follow a queued or running transcript's progress until it is done.
(function () {
  "use strict";
  var player = document.getElementById("player");
  function seek(seconds) {
    if (!player || isNaN(seconds)) { return; }
    var go = function () { player.currentTime = seconds; };
    if (player.readyState >= 1) { go(); } else { player.addEventListener("loadedmetadata", go, { once: true }); }
  }
  if (player) {
    var start = parseFloat(player.dataset.start || "0");
    if (start > 0) { seek(start); }
  }
  Array.prototype.forEach.call(document.querySelectorAll("a.seek"), function (link) {
    link.addEventListener("click", function (event) {
      if (!player) { return; }
      event.preventDefault();
      seek(parseFloat(link.dataset.start));
      player.play().catch(function () {});
      history.replaceState(null, "", link.getAttribute("href"));
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("section.transcript"), function (section) {
    var status = section.dataset.status;
    if (status !== "queued" && status !== "running") { return; }
    var bar = section.querySelector(".transcript-progress");
    var badge = section.querySelector(".transcript-status");
    var poll = function () {
      fetch(section.dataset.statusUrl, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (body) {
          if (bar) { bar.value = body.progress; }
          if (body.status === "done" || body.status === "failed") { window.location.reload(); return; }
          if (badge) { badge.textContent = body.status; }
          window.setTimeout(poll, 2000);
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    };
    window.setTimeout(poll, 2000);
  });
})();
