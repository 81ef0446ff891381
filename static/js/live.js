/* Hisaab live client: one WebSocket per tab running the /ws/ protocol.
 *
 * - The page is rendered with the user's change-stream head (body[data-cursor]) read before
 *   the page's data, so every change after it is applied and none is skipped.
 * - hello -> resume {cursor}; change frames are applied in seq order (a gap, or a heartbeat
 *   whose head is ahead, pulls the missing ones from /api/sync/changes); a seq at or below the
 *   cursor is ignored, so nothing is applied twice.
 * - Applying a change re-renders the live regions ([data-live~=entity] or [data-live="*"]) by
 *   fetching this page again and swapping those elements by id (htmx-style partial update).
 * - notification changes show a toast, once per tab (sessionStorage "hisaab-toasted"); on load
 *   the page toasts its own fresh notifications (#fresh-notes: unread, of the last seconds),
 *   which a form's redirect rendered after they were made, so they never arrive live here;
 *   presence frames mark friends online (reconciled with
 *   GET /api/presence after an "offline" frame and on every heartbeat).
 * - A socket opened with an access token (one stored by an app shell under
 *   sessionStorage "hisaab-access" / localStorage "hisaab-refresh") renews it in-band: on
 *   `auth_expiring` it refreshes through POST /api/auth/refresh and sends `auth {token}`.
 *   A page's session-cookie socket never expires and never gets `auth_expiring`.
 * - The connection indicator shows online / reconnecting / offline; reconnects back off
 *   exponentially (with jitter) up to 8 s, and at once when the browser comes back online.
 */
(function () {
  "use strict";
  var body = document.body;
  if (!body || body.dataset.cursor === undefined) return;
  var cursor = parseInt(body.dataset.cursor, 10) || 0;
  var ws = null, attempts = 0, retryTimer = null, pulling = false, pullAgain = false;
  var dirty = new Set(), refreshTimer = null, heartbeatTimer = null, stopped = false;
  var online = new Set(), presenceTimer = null;
  var conn = document.getElementById("conn");
  var LABELS = { connecting: "Connecting…", online: "Online", reconnecting: "Reconnecting…", offline: "Offline" };

  function setState(state) {
    if (!conn) return;
    conn.dataset.state = state;
    // The page carries the words in its language (data-label-*); English otherwise.
    conn.querySelector(".label").textContent = conn.getAttribute("data-label-" + state) || LABELS[state];
    body.dataset.conn = state;
  }

  function wsUrl() {
    var token = sessionStorage.getItem("hisaab-access");
    // data-ws-port: the socket server's port on this host when it is not behind the page's
    // own origin (make run: gunicorn serves the pages, daphne the sockets).
    var port = body.dataset.wsPort;
    return (location.protocol === "https:" ? "wss://" : "ws://") +
      (port ? location.hostname.replace(/^([^[].*:.*)$/, "[$1]") + ":" + port : location.host) + "/ws/" +
      (token ? "?token=" + encodeURIComponent(token) : "");
  }

  function renewAuth() {
    var refresh = localStorage.getItem("hisaab-refresh");
    if (!refresh) return;  // nothing to renew with: the socket closes 4401 at expiry
    fetch("/api/auth/refresh", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ refresh: refresh })
    })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (tokens) {
        if (tokens.refresh) localStorage.setItem("hisaab-refresh", tokens.refresh);
        sessionStorage.setItem("hisaab-access", tokens.access);
        send({ type: "auth", token: tokens.access });
      })
      .catch(function () {});
  }

  function connect() {
    clearTimeout(retryTimer);
    if (stopped) return;
    try { ws = new WebSocket(wsUrl()); } catch (e) { scheduleReconnect(); return; }
    var sock = ws, helloTimer = null;
    sock.onopen = function () {
      onOpen();
      // A server that greets first gets its resume on hello; otherwise resume anyway.
      helloTimer = setTimeout(function () { if (sock === ws && !sock.greeted) resume(); }, 1500);
    };
    sock.onmessage = function (ev) {
      var frame;
      try { frame = JSON.parse(ev.data); } catch (e) { return; }
      if (frame.type === "hello") { sock.greeted = true; clearTimeout(helloTimer); }
      onFrame(frame);
    };
    sock.onclose = function (ev) {
      if (sock !== ws) return;
      ws = null;
      if (ev.code === 4401) { stopped = true; setState("offline"); return; }  // logged out
      markAllOffline();
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    attempts += 1;
    // The first retry is "reconnecting"; once a retry has failed, say so plainly.
    setState(attempts > 1 || !navigator.onLine ? "offline" : "reconnecting");
    var delay = Math.min(8000, 400 * Math.pow(2, attempts - 1)) * (0.8 + Math.random() * 0.4);
    retryTimer = setTimeout(connect, delay);
  }

  function send(obj) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(obj));
  }

  function onOpen() {
    var wasReconnect = body.dataset.everOnline === "1";
    attempts = 0;
    body.dataset.everOnline = "1";
    setState("online");
    loadPresence();
    if (wasReconnect) markDirty("*");  // belt and braces: re-render after an outage
  }

  function resume() { send({ type: "resume", cursor: cursor }); }

  function onFrame(f) {
    switch (f.type) {
      case "hello":
        resume();
        if (f.head > cursor) schedulePull(1500);
        break;
      case "change": onChange(f, true); break;
      case "auth_expiring": renewAuth(); break;
      case "heartbeat": if (f.head > cursor) schedulePull(800); loadPresence(); break;
      case "presence":
        setPresence(String(f.user), !!f.online);
        // A tab that navigates closes one socket and opens another; their "offline" and
        // "online" can cross on the way. Reconcile with the server's view shortly after.
        if (!f.online) { clearTimeout(presenceTimer); presenceTimer = setTimeout(loadPresence, 1500); }
        break;
      case "error":
        // The server cannot resume from this cursor (pruned, or from another database):
        // the page is stale, so load it afresh (at most once a minute).
        if (f.code === "resync_required" && !sessionStorage.getItem("hisaab-resync")) {
          sessionStorage.setItem("hisaab-resync", "1");
          setTimeout(function () { sessionStorage.removeItem("hisaab-resync"); }, 60000);
          location.reload();
        }
        break;
      default: break;
    }
  }

  function onChange(c, live) {
    if (typeof c.seq !== "number" || c.seq <= cursor) return;  // already applied
    if (c.seq > cursor + 1) { schedulePull(0); return; }       // a gap: fetch it in order
    cursor = c.seq;
    body.dataset.cursor = String(cursor);
    if (c.entity === "notification" && c.op === "upsert" && c.version === 1 && c.data && !c.data.read_at) {
      toastOnce(c.id, c.data.title || "Notification", c.data.body || "");
    }
    document.dispatchEvent(new CustomEvent("hisaab:change", { detail: c }));
    markDirty(c.entity);
  }

  function schedulePull(delay) {
    setTimeout(function () { pull(); }, delay);
  }

  function pull() {
    if (pulling) { pullAgain = true; return; }
    pulling = true;
    fetch("/api/sync/changes?after=" + cursor + "&limit=500", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) {
        if (r.status === 410) { location.reload(); throw new Error("resync"); }
        if (!r.ok) throw new Error("pull " + r.status);
        return r.json();
      })
      .then(function (page) {
        (page.changes || []).forEach(function (c) { onChange(c, false); });
        if (page.has_more) pullAgain = true;
      })
      .catch(function () {})
      .then(function () {
        pulling = false;
        if (pullAgain) { pullAgain = false; pull(); }
      });
  }

  function markDirty(entity) {
    dirty.add(entity);
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, 120);
  }

  function regionsFor(entities) {
    var all = entities.has("*");
    return Array.prototype.filter.call(document.querySelectorAll("[data-live][id]"), function (el) {
      var wants = el.dataset.live.split(/\s+/);
      if (all || wants.indexOf("*") >= 0) return true;
      return wants.some(function (w) { return entities.has(w); });
    });
  }

  function refresh() {
    var entities = dirty; dirty = new Set();
    var targets = regionsFor(entities);
    if (!targets.length) return;
    fetch(location.href, { credentials: "same-origin", headers: { "X-Live-Refresh": "1" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html"), kept = [];
        targets.forEach(function (el) {
          var fresh = doc.getElementById(el.id);
          if (fresh && el.contains(document.activeElement)) kept.push(el.id);
          if (!fresh || el.contains(document.activeElement)) return;
          if (fresh.innerHTML !== el.innerHTML) {
            el.innerHTML = fresh.innerHTML;
            Array.prototype.forEach.call(fresh.attributes, function (a) { el.setAttribute(a.name, a.value); });
            el.classList.remove("flash-new"); void el.offsetWidth; el.classList.add("flash-new");
          }
        });
        applyPresence();
        // The cursor the fetched page was rendered at: every change up to it is in its markup.
        var rendered = parseInt(doc.body ? doc.body.dataset.cursor : "", 10);
        document.dispatchEvent(new CustomEvent("hisaab:refreshed", {
          detail: { cursor: isNaN(rendered) ? null : rendered, kept: kept },  // kept: regions not swapped (focus)
        }));
      })
      .catch(function () { entities.forEach(function (e) { dirty.add(e); }); });
  }

  function toasted() {
    try { return JSON.parse(sessionStorage.getItem("hisaab-toasted") || "[]"); } catch (e) { return []; }
  }

  var shown = new Set();
  function toastOnce(id, title, text) {
    id = String(id || "");
    if (id && (shown.has(id) || toasted().indexOf(id) >= 0)) return;
    shown.add(id);
    toast(title, text);
    // Counted as seen once it has been up a moment: a toast cut short by the form's own
    // navigation is shown again by the page it leads to (#fresh-notes).
    if (id) setTimeout(function () {
      var seen = toasted();
      seen.push(id);
      sessionStorage.setItem("hisaab-toasted", JSON.stringify(seen.slice(-50)));
    }, 2000);
  }

  function toastFresh() {
    var el = document.getElementById("fresh-notes");
    if (!el) return;
    var notes;
    try { notes = JSON.parse(el.textContent) || []; } catch (e) { return; }
    notes.forEach(function (n) { toastOnce(n.id, n.title || "Notification", n.body || ""); });
  }

  function toast(title, text) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var t = document.createElement("div");
    t.className = "toast"; t.setAttribute("role", "status");
    var s = document.createElement("strong"); s.textContent = title; t.appendChild(s);
    if (text) { var p = document.createElement("p"); p.textContent = text; t.appendChild(p); }
    box.appendChild(t);
    setTimeout(function () { t.remove(); }, 6000);
  }

  function loadPresence() {
    if (!document.querySelector("[data-presence]")) return;
    fetch("/api/presence", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        var list = Array.isArray(data) ? data : (data.online || data.results || data.friends || []);
        var now = new Set();
        list.forEach(function (item) {
          var id = typeof item === "string" ? item : (item.user || item.id || item.user_id);
          if (id && (item.online === undefined || item.online)) now.add(String(id));
        });
        online = now;  // the server's view replaces ours
        applyPresence();
      })
      .catch(function () {});
  }

  function setPresence(id, isOnline) {
    if (isOnline) online.add(id); else online.delete(id);
    applyPresence();
  }

  function markAllOffline() { online.clear(); applyPresence(); }

  function applyPresence() {
    document.querySelectorAll("[data-presence]").forEach(function (el) {
      var on = online.has(el.dataset.presence);
      el.classList.toggle("is-online", on);
      var label = el.querySelector(".presence-label");
      if (label) label.textContent = (conn && conn.getAttribute(on ? "data-presence-online" : "data-presence-offline")) || (on ? "online" : "offline");
    });
    document.querySelectorAll("[data-online-count]").forEach(function (el) {
      el.textContent = String(document.querySelectorAll("[data-presence].is-online").length);
    });
  }

  window.addEventListener("online", function () { attempts = 0; if (!ws) connect(); });
  window.addEventListener("offline", function () { setState("offline"); });
  window.hisaabLive = { cursor: function () { return cursor; }, state: function () { return conn && conn.dataset.state; } };
  setState("connecting");
  toastFresh();
  connect();
})();
