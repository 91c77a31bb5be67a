// The workbench's service worker (served at /sw.js by xieshang.workbench.pwa, which prepends
// self.XIESHANG_SW = {cache, shell, offline}). It keeps only the shell — the offline page, the stylesheet,
// the script, an icon — and never a case page: figures and evidence are always fetched from the server.
"use strict";
var config = self.XIESHANG_SW;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(config.cache).then(function (cache) { return cache.addAll(config.shell); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== config.cache; })
      .map(function (n) { return caches.delete(n); }));
  }));
  self.clients.claim();
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  if (request.mode === "navigate") {
    // pages: always the network; without one, the offline page (never a stored copy of a case)
    event.respondWith(fetch(request).catch(function () { return caches.match(config.offline); }));
    return;
  }
  var url = new URL(request.url);
  if (url.origin === self.location.origin && config.shell.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
  }
});
