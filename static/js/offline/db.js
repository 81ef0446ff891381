/* Hisaab offline store: one IndexedDB database per browser profile, shared by its tabs and
 * the service worker (which loads this file with importScripts).
 *
 * - meta:   small key/value rows: "client" (the profile's push client id), "last:<user>"
 *           (the last mutation id given out for that user), "sw-user" (whose pages the
 *           service worker may serve offline).
 * - outbox: one row per waiting change, keyed by an auto-increment number (the order the
 *           changes were made, which is the order they are pushed in).
 */
(function (root) {
  "use strict";
  var NAME = "hisaab-offline", VERSION = 1, opening = null;

  function open() {
    if (opening) return opening;
    opening = new Promise(function (resolve, reject) {
      var req = indexedDB.open(NAME, VERSION);
      req.onupgradeneeded = function () {
        var db = req.result;
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
        if (!db.objectStoreNames.contains("outbox")) {
          db.createObjectStore("outbox", { keyPath: "key", autoIncrement: true }).createIndex("user", "user");
        }
      };
      req.onsuccess = function () {
        var db = req.result;
        db.onversionchange = function () { db.close(); opening = null; };
        resolve(db);
      };
      req.onerror = function () { opening = null; reject(req.error); };
    });
    return opening;
  }

  function done(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  /* Run fn(stores) in one transaction over `names`; resolves with fn's result once the
   * transaction has committed (so a caller never acts on a write that did not happen). */
  function tx(names, mode, fn) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(names, mode), stores = {}, result;
        names.forEach(function (n) { stores[n] = t.objectStore(n); });
        t.oncomplete = function () { resolve(result); };
        t.onerror = t.onabort = function () { reject(t.error); };
        Promise.resolve(fn(stores, t)).then(function (r) { result = r; }, function (e) { t.abort(); reject(e); });
      });
    });
  }

  function getMeta(key) { return tx(["meta"], "readonly", function (s) { return done(s.meta.get(key)); }); }
  function setMeta(key, value) { return tx(["meta"], "readwrite", function (s) { s.meta.put(value, key); }); }

  function items(user) {
    return tx(["outbox"], "readonly", function (s) { return done(s.outbox.index("user").getAll(String(user))); })
      .then(function (rows) { return rows.sort(function (a, b) { return a.key - b.key; }); });
  }

  root.hisaabDB = { open: open, tx: tx, done: done, getMeta: getMeta, setMeta: setMeta, items: items };
})(typeof self !== "undefined" ? self : this);
