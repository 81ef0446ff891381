/* The outbox: changes made on this device wait here (IndexedDB, so they outlive the tab) until
 * /api/sync/push has applied them.
 *
 * Exactly once, however the connection flaps or tabs close:
 * - One client id per browser profile (meta "client"); mutation ids are consecutive per user
 *   and are given to a change only when a push starts, inside an exclusive Web Lock, and
 *   written to IndexedDB before the request leaves. A change keeps its id forever, so a push
 *   cut off half way is sent again with the same ids and the server answers the recorded
 *   results of those it had applied (its per-client last id) instead of applying them again.
 * - Only one tab of the profile pushes at a time (navigator.locks "hisaab-push"); the others
 *   wait for the lock and then find nothing, or only what was added meanwhile.
 * - A push starts with an empty push that tells the server's last id for this client, so ids
 *   never fall behind it (e.g. after site data was cleared) and a gap is renumbered.
 * Tabs hear of every outbox change on the BroadcastChannel "hisaab-outbox".
 */
(function () {
  "use strict";
  var DB = window.hisaabDB, BATCH = 20;
  var channel = "BroadcastChannel" in window ? new BroadcastChannel("hisaab-outbox") : null;
  var listeners = [], retryTimer = null, retryDelay = 1000;

  function changed(detail) {
    listeners.forEach(function (fn) { fn(detail || {}); });
    if (channel) channel.postMessage(detail || {});
  }
  if (channel) channel.onmessage = function (ev) { listeners.forEach(function (fn) { fn(ev.data || {}); }); };

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function clientId() {
    return DB.tx(["meta"], "readwrite", function (s) {
      return DB.done(s.meta.get("client")).then(function (id) {
        if (!id) { id = uuid(); s.meta.put(id, "client"); }
        return id;
      });
    });
  }

  /* change: {user, kind, method, path, body, list, slots, fields, form} -> the stored row. */
  function add(change, replaces) {
    var row = Object.assign({ state: "waiting", mid: null, error: null, at: Date.now() }, change);
    row.user = String(row.user);
    return DB.tx(["outbox"], "readwrite", function (s) {
      if (replaces) s.outbox.delete(replaces);
      return DB.done(s.outbox.add(row)).then(function (key) { row.key = key; return row; });
    }).then(function (stored) { changed({ added: stored.key }); return stored; });
  }

  /* Only a change that has not been given a mutation id may be dropped: one that has may be
   * on its way to the server (a refused one has been answered, so it is safe too). */
  function discard(key) {
    return DB.tx(["outbox"], "readwrite", function (s) {
      return DB.done(s.outbox.get(key)).then(function (row) {
        if (!row) return false;
        if (row.mid !== null && row.state !== "refused") return false;
        s.outbox.delete(key);
        return true;
      });
    }).then(function (ok) { if (ok) changed({ removed: key }); return ok; });
  }

  function clearUser(user) {
    return DB.items(user).then(function (rows) {
      return DB.tx(["outbox"], "readwrite", function (s) { rows.forEach(function (r) { s.outbox.delete(r.key); }); });
    }).then(function () { changed({ cleared: String(user) }); });
  }

  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  function post(client, mutations) {
    return fetch("/api/sync/push", {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ client_id: client, mutations: mutations }),
    }).then(function (r) {
      return r.json().catch(function () { return null; }).then(function (body) { return { status: r.status, body: body }; });
    });
  }

  /* Give ids to the user's waiting changes that have none, after `last` (the server's), and
   * renumber the unapplied ones if they do not follow it (ids above last were never applied,
   * so they are free to move). Returns the waiting rows in id order. */
  function number(user, last) {
    return DB.tx(["outbox", "meta"], "readwrite", function (s) {
      return Promise.all([DB.done(s.outbox.index("user").getAll(user)), DB.done(s.meta.get("last:" + user))])
        .then(function (got) {
          var rows = got[0].filter(function (r) { return r.state === "waiting"; }).sort(function (a, b) { return a.key - b.key; });
          var given = Math.max(last, got[1] || 0);
          var applied = rows.filter(function (r) { return r.mid !== null && r.mid <= last; });
          var open = rows.filter(function (r) { return r.mid === null || r.mid > last; });
          var next = last + 1;
          open.forEach(function (r) {  // already consecutive after last: keep; else renumber
            if (r.mid !== next) { r.mid = next; s.outbox.put(r); }
            next += 1;
          });
          s.meta.put(Math.max(given, next - 1), "last:" + user);
          return applied.concat(open).sort(function (a, b) { return a.mid - b.mid; });
        });
    });
  }

  function settle(user, rows, results) {
    var byId = {};
    results.forEach(function (r) { byId[r.id] = r; });
    var outcome = { confirmed: [], refused: [] };
    return DB.tx(["outbox"], "readwrite", function (s) {
      rows.forEach(function (row) {
        var r = byId[row.mid];
        if (!r || r.status >= 500) return;
        if (r.status < 400) { s.outbox.delete(row.key); outcome.confirmed.push(row); return; }
        row.state = "refused";
        row.error = (r.body && r.body.error) ||
          { code: "refused", message: interpolate(gettext("The server refused this change (%(status)s)."), { status: r.status }, true) };
        row.current = r.body && r.body.error ? r.body.error.current || null : null;
        s.outbox.put(row);
        outcome.refused.push(row);
      });
    }).then(function () { return outcome; });
  }

  var state = { pushing: false, lastError: null };

  /* Push every waiting change of `user`; resolves with {confirmed, refused} rows. */
  function push(user) {
    user = String(user);
    if (!navigator.onLine) return Promise.resolve({ confirmed: [], refused: [] });
    var run = function () {
      var total = { confirmed: [], refused: [] }, client;
      state.pushing = true; changed({ pushing: true });
      return clientId().then(function (id) { client = id; return post(client, []); })
        .then(function loop(probe) {
          if (probe.status !== 200) throw { status: probe.status, body: probe.body };
          var last = probe.body.last_mutation_id;
          return number(user, last).then(function (rows) {
            if (!rows.length) return total;
            var batch = [];
            for (var i = 0; i < rows.length && batch.length < BATCH; i++) {
              if (i && rows[i].mid !== rows[i - 1].mid + 1) break;
              batch.push(rows[i]);
            }
            var mutations = batch.map(function (r) {
              var m = { id: r.mid, method: r.method, path: r.path, body: r.body };
              if (r.version) m.version = r.version;
              return m;
            });
            return post(client, mutations).then(function (res) {
              if (res.status === 409 && res.body && res.body.error && res.body.error.code === "mutation_gap") {
                var known = res.body.error.last_mutation_id !== undefined ? res.body.error.last_mutation_id : res.body.last_mutation_id;
                return loop({ status: 200, body: { last_mutation_id: known || 0 } });
              }
              if (res.status !== 200) throw res;
              return settle(user, batch, res.body.results).then(function (out) {
                total.confirmed = total.confirmed.concat(out.confirmed);
                total.refused = total.refused.concat(out.refused);
                changed({ settled: true, confirmed: out.confirmed.map(function (r) { return r.key; }) });
                var stopped = res.body.results.some(function (r) { return r.status >= 500; });
                if (stopped) throw { status: 500, body: null };
                return loop({ status: 200, body: { last_mutation_id: res.body.last_mutation_id } });
              });
            });
          });
        })
        .then(function (t) { state.lastError = null; retryDelay = 1000; return t; },
              function (err) {
                // Network gone, server error or signed out: everything stays; try again later.
                state.lastError = err && err.status ? err.status : "network";
                scheduleRetry(user);
                return total;
              })
        .then(function (t) { state.pushing = false; changed({ pushing: false }); return t; });
    };
    if (navigator.locks && navigator.locks.request) return navigator.locks.request("hisaab-push", run);
    return run();  // no Web Locks: one tab at a time is then not guaranteed (documented limit)
  }

  function scheduleRetry(user) {
    clearTimeout(retryTimer);
    if (state.lastError === 401 || state.lastError === 403) return;  // wait for a sign-in
    retryTimer = setTimeout(function () { push(user); }, retryDelay);
    retryDelay = Math.min(30000, retryDelay * 2);
  }

  window.hisaabOutbox = {
    add: add, discard: discard, clearUser: clearUser, push: push, uuid: uuid, clientId: clientId,
    items: DB.items, state: state,
    onChange: function (fn) { listeners.push(fn); },
  };
})();
