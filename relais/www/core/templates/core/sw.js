// Relais service worker {{ version }}. Keeps the static files and the blank encounter form for use
// without network, and an offline page. It keeps NOTHING of person data: pages that show some are
// never stored (they are no-store anyway); the forms waiting to be sent live in the page's outbox
// (IndexedDB, relais/outbox.js), cleared at logout.
"use strict";
var CACHE = "relais-{{ version }}";
var STATIC = [{% for url in urls %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var PAGES = [{% for url in pages %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var OFFLINE = "{{ offline|escapejs }}";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(STATIC.concat([OFFLINE]));
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key !== CACHE;
      }).map(function (key) {
        return caches.delete(key);
      }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

function rememberPage(request, response) {
  // Only a blank form, as served to a signed-in user (not a redirect to the login page).
  if (response.ok && !response.redirected && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) {
      cache.put(new URL(request.url).pathname, copy);
    });
  }
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (STATIC.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(url.pathname).then(function (hit) {
      return hit || fetch(request);
    }));
    return;
  }
  if (request.mode !== "navigate") return;
  if (PAGES.indexOf(url.pathname) !== -1 && !url.search) {
    event.respondWith(fetch(request).then(function (response) {
      return rememberPage(request, response);
    }).catch(function () {
      return caches.match(url.pathname).then(function (hit) {
        return hit || caches.match(OFFLINE);
      });
    }));
    return;
  }
  event.respondWith(fetch(request).catch(function () {
    return caches.match(OFFLINE);
  }));
});
