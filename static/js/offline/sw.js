/* Hisaab service worker (served at /sw.js by config/pwa.py, after db.js, so its scope is the
 * whole site).
 *
 * - Pages (navigations): network first; a page that came back signed in (its <body> names the
 *   user in data-user) is stored in that user's own cache "hisaab-pages-<user>" before it is
 *   shown. Offline, a page is answered only from the cache of the user whose page was seen
 *   last ("sw-user"), never from another's; a different user's page arriving deletes the
 *   other users' page caches (a shared device changed hands). Sign-out deletes them too.
 * - /api/, /ws/, /admin/ and every non-GET request go to the network and are never stored:
 *   API answers are per user and must not outlive the session.
 * - /static/ files (the same for everyone) and the scripts' words, /jsi18n/<language>/ (one
 *   language per address, config/js_catalog.py): from the cache, refreshed in the background.
 *   The page asks for the catalogue it loaded to be stored with its other files.
 * - The worker's own page ("you are offline") is in the language of the last page stored
 *   (meta "sw-lang"); its words come with the script (self.hisaabWords, config/pwa.py).
 */
/* global hisaabDB */
(function () {
  "use strict";
  var STATIC = "hisaab-static-v1", PAGES = "hisaab-pages-";
  var NEVER = /^\/(api|ws|admin|sw\.js|healthz)(\/|$)/, FILES = /^\/(static|jsi18n)\//;
  var WORDS = self.hisaabWords || {}, language = "en";

  function gettext(msgid) { return (WORDS[language] || {})[msgid] || msgid; }

  self.addEventListener("install", function () { self.skipWaiting(); });
  self.addEventListener("activate", function (ev) {
    ev.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf("hisaab-static-") === 0 && n !== STATIC; })
        .map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); }));
  });

  function userOf(html) {
    var m = /<body[^>]*\sdata-user="([0-9a-fA-F-]{32,36})"/.exec(html);
    return m ? m[1] : null;
  }

  function languageOf(html) {
    var m = /<html[^>]*\slang="([a-zA-Z-]{2,12})"/.exec(html);
    return m ? m[1] : null;
  }

  /* Fetch a page and store it under the user it was rendered for. */
  function fetchPage(request) {
    return fetch(request).then(function (res) {
      var type = res.headers.get("Content-Type") || "";
      if (!res.ok || res.type !== "basic" || type.indexOf("text/html") !== 0) return res;
      return res.text().then(function (html) {
        var headers = new Headers(res.headers);
        headers.delete("Content-Length"); headers.delete("Content-Encoding");
        var init = { status: res.status, statusText: res.statusText, headers: headers };
        var owner = userOf(html);
        // A page without data-user (signed out, or not a live page) is not stored.
        var stored = owner ? store(owner, request.url, new Response(html, init), languageOf(html)) : Promise.resolve();
        return stored.catch(function () {}).then(function () { return new Response(html, init); });
      });
    });
  }

  function store(owner, url, response, lang) {
    if (lang) language = lang;
    return hisaabDB.getMeta("sw-user").then(function (last) {
      var drop = last && last !== owner
        ? caches.keys().then(function (names) {
          return Promise.all(names.filter(function (n) { return n.indexOf(PAGES) === 0 && n !== PAGES + owner; })
            .map(function (n) { return caches.delete(n); }));
        })
        : Promise.resolve();
      return drop.then(function () { return hisaabDB.setMeta("sw-user", owner); })
        .then(function () { return lang ? hisaabDB.setMeta("sw-lang", lang) : null; });
    }).then(function () {
      return caches.open(PAGES + owner);
    }).then(function (cache) { return cache.put(url, response); });
  }

  function cachedPage(url) {
    return hisaabDB.getMeta("sw-user").then(function (owner) {
      if (!owner) return null;
      return caches.open(PAGES + owner).then(function (cache) { return cache.match(url); });
    });
  }

  function escaped(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  /* In the language of the last page stored (a worker woken up offline reads it back). */
  function offlinePage() {
    return hisaabDB.getMeta("sw-lang").catch(function () { return null; }).then(function (lang) {
      language = lang || language;
      var html = '<!doctype html><html lang="' + escaped(language) + '"><meta charset="utf-8">' +
        '<meta name="viewport" content="width=device-width, initial-scale=1">' +
        "<title>" + escaped(gettext("Offline · Hisaab")) + "</title><h1>" + escaped(gettext("You are offline")) + "</h1><p>" +
        escaped(gettext("This page was not opened on this device while online, so it is not available offline.")) +
        ' <a href="/">' + escaped(gettext("Dashboard")) + "</a></p>";
      return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  }

  function staticFile(request) {
    return caches.open(STATIC).then(function (cache) {
      // The catalogue's answer varies on Cookie (it is not under /static/): its address says it all.
      return cache.match(request, { ignoreVary: true }).then(function (hit) {
        var fresh = fetch(request).then(function (res) {
          if (res.ok && res.type === "basic") return cache.put(request, res.clone()).then(function () { return res; });
          return res;
        });
        if (hit) { fresh.catch(function () {}); return hit; }
        return fresh;
      });
    });
  }

  self.addEventListener("fetch", function (ev) {
    var req = ev.request, url = new URL(req.url);
    if (url.origin !== self.location.origin || req.method !== "GET" || NEVER.test(url.pathname)) return;
    if (FILES.test(url.pathname)) { ev.respondWith(staticFile(req)); return; }
    if (req.mode !== "navigate") return;
    ev.respondWith(fetchPage(req).catch(function () {
      return cachedPage(req.url).then(function (hit) { return hit || offlinePage(); });
    }));
  });

  /* {type: "cache", pages: [url], prefetch: [url], assets: [url]} from a page: store them
   * (pages through the same per-user path as navigations; a prefetch only when it is not
   * stored yet), then answer on the given port. */
  self.addEventListener("message", function (ev) {
    var msg = ev.data || {}, port = ev.ports && ev.ports[0];
    if (msg.type !== "cache") return;
    var same = function (u) { return new URL(u, self.location.origin).origin === self.location.origin; };
    var page = function (u) { return fetchPage(new Request(u, { credentials: "same-origin" })).catch(function () {}); };
    var jobs = (msg.pages || []).filter(same).map(page).concat((msg.prefetch || []).filter(same).map(function (u) {
      return cachedPage(u).then(function (hit) { return hit || page(u); });
    })).concat((msg.assets || []).filter(same).map(function (u) {
      return caches.open(STATIC).then(function (cache) {
        return cache.match(u, { ignoreVary: true }).then(function (hit) { return hit || cache.add(u); });
      }).catch(function () {});
    }));
    ev.waitUntil(Promise.all(jobs).then(function () { if (port) port.postMessage({ type: "cached" }); }));
  });
})();
