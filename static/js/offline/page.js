/* The offline side of every page: registers the service worker, keeps the header's
 * "offline — n changes waiting" state, takes over opted-in forms while offline (or while
 * earlier changes still wait, so order is kept), shows waiting and refused changes in the
 * lists they affect, and clears this user's data from the device on sign-out.
 *
 * Rows are clones of the page's own <template data-offline-row> markup (rendered by the
 * server beside the real rows), filled with textContent only. Every word is the page
 * language's (words.js: gettext, ngettext for counts, interpolate with named placeholders).
 * A change's summary, slots and an item's label are words kept as data (forms.js), written
 * out here when shown, so a change made on a page in one language reads in the language of
 * the page that shows it.
 */
(function () {
  "use strict";
  var body = document.body, user = body && body.dataset.user;
  var outbox = window.hisaabOutbox, forms = window.hisaabOfflineForms;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) { warmCache(reg); }).catch(function () {});
  }
  if (!user || !outbox) return;

  var waitingCount = 0;
  var header = makeHeader();

  function warmCache(reg) {
    // A page loaded before the worker controlled it was not cached on the way: ask for it,
    // and for the files it uses. The worker answers once they are stored.
    var assets = [];
    document.querySelectorAll('script[src], link[rel="stylesheet"][href], link[rel="manifest"][href]').forEach(function (el) {
      assets.push(el.src || el.href);
    });
    var pages = navigator.serviceWorker.controller ? [] : [location.href], prefetch = [];
    // Pages a user is likely to need next offline (e.g. a group's "Add expense" form).
    document.querySelectorAll("a[data-offline-prefetch]").forEach(function (a) { prefetch.push(a.href); });
    var worker = reg.active || navigator.serviceWorker.controller;
    if (!worker) return;
    var ch = new MessageChannel();
    ch.port1.onmessage = function () { document.documentElement.dataset.offline = "ready"; };
    worker.postMessage({ type: "cache", pages: pages, prefetch: prefetch, assets: assets }, [ch.port2]);
  }

  function makeHeader() {
    var box = document.createElement("details");
    box.id = "outbox"; box.className = "outbox"; box.hidden = true;
    box.innerHTML = '<summary role="status" aria-live="polite"></summary><ul class="plain outbox-list"></ul>';
    var status = document.querySelector("header .status");
    if (status) status.insertBefore(box, status.firstChild); else document.body.appendChild(box);
    return box;
  }

  function context(form) {
    var me = document.querySelector("header .me");
    var ctx = { user: user, me: me ? me.textContent.trim() : forms.phrase(gettext_noop("You")), uuid: outbox.uuid };
    Object.keys(form.dataset).forEach(function (k) {
      if (k.indexOf("offline") === 0 && k.length > 7) ctx[k.charAt(7).toLowerCase() + k.slice(8)] = form.dataset[k];
    });
    return ctx;
  }

  /* A phrase with its placeholders filled: say(gettext("Editing %(label)s"), {label: …}). */
  function say(phrase, values) { return interpolate(phrase, values, true); }

  /* Words kept as data (a change's summary and slots, an item's label), in this page's language. */
  var words = forms.words;

  /* A phrase ngettext chose for `count` (the language's own plural form), with the count in it. */
  function counted(phrase, count) { return say(phrase, { count: count }); }

  /* API field names in words; a field not listed shows its name ("paid_by" -> "paid by"). */
  var FIELDS = {
    description: pgettext("field", "description"), amount: pgettext("field", "amount"), currency: pgettext("field", "currency"),
    date: pgettext("field", "date"), category: pgettext("field", "category"), notes: pgettext("field", "notes"),
    note: pgettext("field", "note"), name: pgettext("field", "name"), split: pgettext("field", "split"),
    payee: pgettext("field", "payee"), direction: pgettext("field", "direction"), kind: pgettext("field", "kind"),
    mode: pgettext("field", "mode"), tags: pgettext("field", "tags"), version: pgettext("field", "version"),
    account_id: pgettext("field", "account"), transfer_account_id: pgettext("field", "transfer account"),
    paid_by: pgettext("field", "paid by"), deleted_at: pgettext("field", "deleted at"), settled: pgettext("field", "settled"),
    outstanding: pgettext("field", "outstanding"), status: pgettext("field", "status"),
  };

  function fieldName(k) {
    return Object.prototype.hasOwnProperty.call(FIELDS, k) ? FIELDS[k] : k.replace(/_id$/, "").replace(/_/g, " ");
  }

  /* What the page shows of the device's changes:
   * - lastRows: this user's outbox (waiting and refused), as last read from IndexedDB;
   * - held: changes the server has confirmed whose own row is not on the page yet. They stay
   *   (marked "saved") until a page refresh whose data includes them has been swapped in, so
   *   a row never vanishes between the confirmation and the server's row (and a balance
   *   never jumps back to its old figure in between);
   * - seen: entity id -> {seq, version} of the changes the live client has received;
   *   rendered: the cursor of the newest server rendering on the page (body data-cursor, then
   *   each live refresh's). A change is reflected once seen at or below `rendered`. */
  var lastRows = [], held = {}, seen = {}, rendered = parseInt(body.dataset.cursor || "0", 10) || 0, holdTimer = null;

  function expected(r) { return r.version ? r.version + 1 : 1; }

  function reflected(r) {
    var s = r.entity && seen[r.entity];
    // A delete is reflected by the entity's delete change (some deletes keep the version).
    return !!s && s.seq <= rendered && (s.version >= expected(r) || (r.op === "delete" && s.op === "delete"));
  }

  function visible() {
    Object.keys(held).forEach(function (k) { if (reflected(held[k])) delete held[k]; });
    var rows = lastRows.filter(function (r) { return r.state === "refused" || !reflected(r); });
    return rows.concat(Object.keys(held).map(function (k) { return held[k]; }));
  }

  /* Lists and balances from what is known now (synchronous: called right after a live
   * refresh swapped the server's markup in, before the browser paints). */
  function paint() {
    var rows = visible();
    renderLists(rows);
    decorateItems(rows);
    if (window.hisaabMinor) {
      var effects = [];
      rows.forEach(function (r) { if (r.state !== "refused") effects = effects.concat(r.effects || []); });
      window.hisaabMinor.apply(effects);
    }
  }

  function hold(keys) {
    (keys || []).forEach(function (key) {
      var r = lastRows.filter(function (x) { return x.key === key; })[0];
      if (r && !reflected(r)) held[key] = Object.assign({}, r, { state: "saved", heldAt: Date.now() });
    });
    if (Object.keys(held).length) { clearTimeout(holdTimer); holdTimer = setTimeout(refreshSelf, 3000); }
  }

  /* The live client normally brings the server's rows (it hears of the change on the socket);
   * if it has not within 3 s (no socket), fetch the page once and swap its offline regions. */
  function refreshSelf() {
    var keys = Object.keys(held);
    if (!keys.length) return;
    var started = Date.now();
    fetch(location.href, { credentials: "same-origin", headers: { "X-Live-Refresh": "1" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live][id]").forEach(function (el) {
          if (!el.querySelector("template[data-offline-row], [data-offline-balance]")) return;
          var fresh = doc.getElementById(el.id);
          if (fresh && !el.contains(document.activeElement)) el.innerHTML = fresh.innerHTML;
        });
        keys.forEach(function (k) { if (held[k] && held[k].heldAt < started) delete held[k]; });
        paint();
      })
      .catch(function () { holdTimer = setTimeout(refreshSelf, 3000); });
  }

  function render() {
    return outbox.items(user).then(function (rows) {
      lastRows = rows;
      var waiting = rows.filter(function (r) { return r.state === "waiting"; }).length;
      var refused = rows.filter(function (r) { return r.state === "refused"; }).length;
      var text = navigator.onLine
        ? (waiting ? counted(ngettext("Syncing %(count)s change…", "Syncing %(count)s changes…", waiting), waiting) : "")
        : counted(ngettext("Offline — %(count)s change waiting", "Offline — %(count)s changes waiting", waiting), waiting);
      if (refused) text += (text ? " · " : "") + counted(ngettext("%(count)s change refused", "%(count)s changes refused", refused), refused);
      header.hidden = !text;
      header.dataset.waiting = String(waiting);
      header.dataset.refused = String(refused);
      header.querySelector("summary").textContent = text;
      var list = header.querySelector("ul");
      list.textContent = "";
      rows.forEach(function (r) {
        var li = document.createElement("li");
        li.dataset.offlineKey = r.key;
        li.dataset.offlineState = r.state;
        var a = document.createElement("a");
        a.href = r.page || "/"; a.textContent = words(r.summary) || r.kind;
        li.appendChild(a);
        li.appendChild(status(r));
        list.appendChild(li);
      });
      waitingCount = waiting;
      paint();
      document.dispatchEvent(new CustomEvent("hisaab:outbox", { detail: { waiting: waiting, refused: refused } }));
    });
  }

  function status(r) {
    var box = document.createElement("span");
    box.className = "offline-status";
    var pill = document.createElement("span");
    pill.className = "pill " + r.state;
    pill.textContent = r.state === "waiting" ? gettext("waiting") : r.state === "refused" ? gettext("refused") : gettext("saved");
    box.appendChild(pill);
    if (r.state !== "refused") return box;
    var reason = document.createElement("span");
    reason.className = "error reason";
    var err = r.error || {}, fields = err.fields || {};
    // The server's sentence in the page's language (a push from our pages adds it,
    // realtime/api/views.py); the API's field details (English) only beside its own message.
    var said = err.page_message || err.message, translated = !!err.page_message && err.page_message !== err.message;
    var details = translated ? [] : Object.keys(fields).map(function (k) { return fieldName(k) + ": " + [].concat(fields[k]).join(" "); });
    reason.textContent = " " + (said || gettext("Refused.")) + (details.length ? " (" + details.join("; ") + ")" : "");
    box.appendChild(reason);
    if (r.current && r.original && err.code === "stale_version") {
      // A conflict: someone changed it meanwhile. Say what, and let the user choose.
      var diff = document.createElement("small");
      diff.className = "muted conflict";
      var what = differences(r.original, r.current);
      diff.textContent = " " + say(gettext("Changed on the server meanwhile: %(changes)s."),
        { changes: what.length ? what.join("; ") : gettext("nothing you can see") });
      box.appendChild(diff);
      box.appendChild(button(r.op === "delete" ? gettext("Delete anyway") : gettext("Keep mine"), "overwrite", r.key));
      box.appendChild(button(gettext("Keep theirs"), "discard", r.key));
      if (editable(r)) box.appendChild(button(gettext("Edit and retry"), "edit", r.key));
      return box;
    }
    if (r.current) {
      var now = document.createElement("small");
      now.className = "muted current";
      now.textContent = " " + say(gettext("Now on the server: %(copy)s"), { copy: describe(r.current) });
      box.appendChild(now);
    }
    if (editable(r)) box.appendChild(button(gettext("Edit and retry"), "edit", r.key));
    box.appendChild(button(gettext("Discard"), "discard", r.key));
    return box;
  }

  /* A delete, or a button with nothing to fill in (confirming a repayment), has no form to edit. */
  function editable(r) { return r.op !== "delete" && (r.fields || []).length > 0; }

  var IGNORED = { version: 1, updated_at: 1, created_at: 1, created_by: 1, id: 1 };

  function shown(v) {
    if (v === null || v === undefined || v === "") return "—";
    return Array.isArray(v) ? v.join(", ") || "—" : String(v);
  }

  /* "amount 1000.00 → 1100.00" for each field the server's copy changed since ours. */
  function differences(before, after) {
    if (after.deleted_at && !before.deleted_at) return [gettext("deleted")];
    return Object.keys(after).filter(function (k) {
      return !IGNORED[k] && JSON.stringify(before[k]) !== JSON.stringify(after[k]);
    }).map(function (k) { return fieldName(k) + " " + shown(before[k]) + " → " + shown(after[k]); });
  }

  /* Edit / Delete on the server's rows (data-offline-item), and a mark on a row whose edit
   * or delete is waiting. */
  function decorateItems(rows) {
    document.querySelectorAll("[data-offline-item]").forEach(function (el) {
      var item;
      try { item = JSON.parse(el.dataset.offlineItem); } catch (e) { return; }
      var here = !!document.querySelector('form[data-offline="' + item.kind + '"]');
      if (!forms.items[item.kind] || (!here && !item.form)) return;
      if (!el.querySelector(".offline-item-actions")) {
        // Edit here when the page has the form; otherwise the row's own "Edit" link goes to
        // the server's edit page online and to item.form (a cached page) offline.
        var box = document.createElement("span"), label = words(forms.items[item.kind].label(item.data));
        box.className = "offline-item-actions";
        if (here && !forms.items[item.kind].noEdit) {
          var edit = button(gettext("Edit"), "item-edit", "");
          edit.setAttribute("aria-label", say(gettext("Edit %(label)s"), { label: label }));
          box.appendChild(edit);
        }
        var del = button(gettext("Delete"), "item-delete", "");
        del.setAttribute("aria-label", say(gettext("Delete %(label)s"), { label: label }));
        box.appendChild(del);
        (el.tagName === "TR" ? el.lastElementChild : el).appendChild(box);
      }
      var pending = rows.filter(function (r) { return r.entity === item.id && r.op && r.state !== "refused"; }).pop();
      var mark = el.querySelector("[data-offline-op-mark]");
      if (pending) {
        el.dataset.offlinePendingOp = pending.op;
        if (!mark) {
          mark = document.createElement("span");
          mark.className = "pill waiting"; mark.dataset.offlineOpMark = "";
          (el.tagName === "TR" ? el.lastElementChild : el).appendChild(mark);
        }
        mark.textContent = pending.op === "delete" ? gettext("delete waiting") : gettext("edit waiting");
      } else {
        delete el.dataset.offlinePendingOp;
        if (mark) mark.remove();
      }
    });
  }

  function itemOf(el) {
    var row = el.closest("[data-offline-item]");
    return row ? JSON.parse(row.dataset.offlineItem) : null;
  }

  function startEdit(item) {
    var form = document.querySelector('form[data-offline="' + item.kind + '"]');
    if (!form && item.form) {
      sessionStorage.setItem("hisaab-offline-item", JSON.stringify(item));
      location.href = item.form;
      return;
    }
    if (!form) return;
    fill(form, forms.items[item.kind].fields(item.data, user));
    form.dataset.offlineItem = JSON.stringify(item);
    var note = form.querySelector(".offline-editing");
    if (!note) {
      note = document.createElement("p");
      note.className = "offline-editing";
      form.insertBefore(note, form.firstElementChild);
    }
    note.textContent = say(gettext("Editing %(label)s"), { label: words(forms.items[item.kind].label(item.data)) }) + " ";
    note.appendChild(button(gettext("Cancel"), "cancel-edit", ""));
    form.scrollIntoView({ block: "center" });
  }

  function stopEdit(form) {
    delete form.dataset.offlineItem;
    var note = form.querySelector(".offline-editing");
    if (note) note.remove();
  }

  /* The change a form built, turned into an edit of `item` (PATCH with its version); its
   * balance effect is the new one minus the old. */
  function asEdit(change, item, ctx) {
    var spec = forms.items[item.kind];
    change.method = "PATCH"; change.path = item.path; change.entity = item.id; change.version = item.version;
    change.op = "edit"; change.body = spec.patch(change.body); change.original = item.data; change.item = strip(item);
    change.newEffects = change.effects || [];
    if (spec.edited) spec.edited(change, item.data, ctx);  // an edit's effect can differ from a new one's
    change.effects = change.newEffects.concat(forms.negate(spec.effects(item.data, ctx)));
    change.summary = forms.phrase(gettext_noop("Edit: %(change)s"), { change: change.summary });
    return change;
  }

  function strip(item) { return { kind: item.kind, id: item.id, version: item.version, path: item.path, list: item.list }; }

  function deleteItem(item) {
    var spec = forms.items[item.kind], form = document.querySelector('form[data-offline="' + item.kind + '"]');
    if (!window.confirm(say(gettext("Delete %(label)s?"), { label: words(spec.label(item.data)) }))) return;
    // The live client does not re-render a region holding the focus: let go of the button.
    if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
    var change = {
      user: user, kind: item.kind, method: "DELETE", path: item.path, body: null, entity: item.id, version: item.version,
      op: "delete", list: item.list, original: item.data, item: strip(item), page: location.pathname + location.search,
      effects: forms.negate(spec.effects(item.data, form ? context(form) : { user: user })), slots: spec.slots(item.data),
      summary: forms.phrase(gettext_noop("Delete: %(label)s"), { label: spec.label(item.data) }), fields: spec.fields(item.data, user),
    };
    outbox.add(change).then(function () { render(); outbox.push(user); });
  }

  /* "Keep mine" / "Delete anyway": the same change again, based on the server's version. */
  function overwrite(r) {
    // Its effect is now measured from the server's copy: mine minus theirs.
    var spec = forms.items[r.kind], form = document.querySelector('form[data-offline="' + r.kind + '"]');
    var theirs = spec && !r.current.deleted_at ? spec.effects(r.current, form ? context(form) : { user: user }) : [];
    var again = Object.assign({}, r, { version: r.current.version, original: r.current,
      effects: (r.op === "delete" ? [] : r.newEffects || []).concat(forms.negate(theirs)) });
    ["key", "state", "mid", "error", "current"].forEach(function (k) { delete again[k]; });
    return outbox.add(again, r.key).then(function () { render(); outbox.push(user); });
  }

  function describe(obj) {
    return ["description", "name", "amount", "currency", "date", "version"].filter(function (k) { return obj[k] !== undefined; })
      .map(function (k) { return fieldName(k) + " " + obj[k]; }).join(", ");
  }

  function button(label, action, key) {
    var b = document.createElement("button");
    b.type = "button"; b.className = "link"; b.textContent = label;
    b.dataset.offlineAction = action;
    if (key !== "") b.dataset.offlineKey = key;
    return b;
  }

  function renderLists(rows) {
    var templates = document.querySelectorAll("template[data-offline-row]");
    // First take every list's device rows away, then put them back: one list may hold the
    // rows of several templates (an IOU, a settle, a repayment).
    templates.forEach(function (tpl) {
      tpl.parentNode.querySelectorAll(":scope > [data-offline-key]").forEach(function (el) { el.remove(); });
    });
    templates.forEach(function (tpl) {
      var mine = rows.filter(function (r) {
        // A waiting delete shows on the server's row (struck through), a refused one as a row.
        return r.kind === tpl.dataset.offlineRow && r.list === tpl.dataset.offlineList && (r.op !== "delete" || r.state === "refused");
      });
      // Newest first, right after the template (the lists are newest first).
      mine.sort(function (a, b) { return a.key - b.key; }).forEach(function (r) {
        var el = tpl.content.firstElementChild.cloneNode(true);
        el.dataset.offlineKey = r.key;
        el.dataset.offlineState = r.state;
        Object.keys(r.slots || {}).forEach(function (name) {
          var text = words(r.slots[name]);
          el.querySelectorAll('[data-slot="' + name + '"]').forEach(function (s) { s.textContent = text; });
          // A class is a name, not words (a transaction's tone).
          el.querySelectorAll('[data-slot-class="' + name + '"]').forEach(function (s) {
            if (r.slots[name] && typeof r.slots[name] === "string") s.classList.add(r.slots[name]);
          });
        });
        el.querySelectorAll('[data-slot="status"]').forEach(function (s) { s.textContent = ""; s.appendChild(status(r)); });
        tpl.after(el);
      });
    });
  }

  function fieldsOf(fd) {
    var out = [];
    fd.forEach(function (v, k) { if (k !== "csrfmiddlewaretoken" && typeof v === "string") out.push([k, v]); });
    return out;
  }

  function fill(form, fields) {
    // The form may need to make room first (the transaction form's split rows, finance.js).
    form.dispatchEvent(new CustomEvent("hisaab:fill", { detail: { fields: fields } }));
    var names = new Set(fields.map(function (f) { return f[0]; }));
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.type === "checkbox" && el.name && !names.has(el.name)) el.checked = false;
    });
    fields.forEach(function (f) {
      var els = form.querySelectorAll('[name="' + CSS.escape(f[0]) + '"]');
      els.forEach(function (el) {
        if (el.type === "checkbox" || el.type === "radio") el.checked = el.value === f[1] || (el.type === "checkbox" && f[1] === "on");
        else if (el.tagName !== "BUTTON") el.value = f[1];
      });
    });
  }

  function onSubmit(ev) {
    var form = ev.target;
    if (!form.matches || !form.matches("form[data-offline]")) return;
    var builder = forms.builders[form.dataset.offline];
    if (!builder) return;
    var replaces = form.dataset.offlineReplaces ? parseInt(form.dataset.offlineReplaces, 10) : null;
    var item = form.dataset.offlineItem ? JSON.parse(form.dataset.offlineItem) : null;
    // Online with nothing waiting: the ordinary form post (the server renders its errors).
    // Otherwise the change joins the outbox behind the ones already waiting, so order holds.
    // An edit of a listed row always goes through the outbox (a PATCH naming its version).
    if (navigator.onLine && !waitingCount && !replaces && !item) return;
    ev.preventDefault();
    if (!form.checkValidity()) { form.reportValidity(); return; }
    var fd = new FormData(form);
    if (ev.submitter && ev.submitter.name) fd.set(ev.submitter.name, ev.submitter.value);
    var ctx = context(form), change = builder(form, fd, ctx);
    if (item) asEdit(change, item, ctx);
    change.user = user; change.kind = form.dataset.offline; change.page = location.pathname + location.search;
    change.fields = fieldsOf(fd);
    outbox.add(change, replaces).then(function () {
      delete form.dataset.offlineReplaces;
      stopEdit(form);
      form.reset();
      if (form.dataset.offlineNext) { location.href = form.dataset.offlineNext; return; }
      render();
      outbox.push(user);
    });
  }

  function onClick(ev) {
    // A row's "Edit" link while offline (or while changes wait): edit on the device.
    var link = ev.target.closest && ev.target.closest("a[data-offline-edit]");
    if (link && (!navigator.onLine || waitingCount) && link.closest("[data-offline-item]")) {
      ev.preventDefault();
      startEdit(itemOf(link));
      return;
    }
    var b = ev.target.closest && ev.target.closest("[data-offline-action]");
    if (!b) return;
    var key = parseInt(b.dataset.offlineKey, 10), act = b.dataset.offlineAction;
    if (act === "item-edit") { startEdit(itemOf(b)); return; }
    if (act === "item-delete") { deleteItem(itemOf(b)); return; }
    if (act === "cancel-edit") { var f = b.closest("form"); stopEdit(f); f.reset(); return; }
    if (act === "discard") { outbox.discard(key).then(render); return; }
    outbox.items(user).then(function (rows) {
      var r = rows.filter(function (x) { return x.key === key; })[0];
      if (!r) return;
      if (act === "overwrite") { if (r.state === "refused" && r.current) overwrite(r); return; }
      var form = document.querySelector('form[data-offline="' + r.kind + '"]');
      if (form && r.page === location.pathname + location.search) { edit(form, r); return; }
      sessionStorage.setItem("hisaab-offline-edit", String(key));
      location.href = r.page;
    });
  }

  function edit(form, r) {
    fill(form, r.fields || []);
    form.dataset.offlineReplaces = String(r.key);
    if (r.item) {
      var base = r.current && r.current.version ? r.current : r.original;
      form.dataset.offlineItem = JSON.stringify(Object.assign({}, r.item, { version: base.version || r.version, data: base }));
    }
    form.scrollIntoView({ block: "center" });
    var first = form.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  }

  function resumeEdit() {
    var pendingItem = sessionStorage.getItem("hisaab-offline-item");
    if (pendingItem) {
      sessionStorage.removeItem("hisaab-offline-item");
      var it = JSON.parse(pendingItem);
      if (document.querySelector('form[data-offline="' + it.kind + '"]')) startEdit(it);
    }
    var key = parseInt(sessionStorage.getItem("hisaab-offline-edit") || "", 10);
    if (!key) return;
    sessionStorage.removeItem("hisaab-offline-edit");
    outbox.items(user).then(function (rows) {
      var r = rows.filter(function (x) { return x.key === key; })[0];
      var form = r && document.querySelector('form[data-offline="' + r.kind + '"]');
      if (form) edit(form, r);
    });
  }

  /* Sign-out takes this user's pages and outbox off the device, after a warning when some of
   * their changes have not reached the server. */
  function onLogout(ev) {
    var form = ev.target;
    if (!form.matches || !form.matches('form[action$="/logout/"]')) return;
    ev.preventDefault();
    if (!navigator.onLine) { window.alert(gettext("Signing out needs a connection: you are offline.")); return; }
    outbox.items(user).then(function (rows) {
      var pending = rows.length;  // waiting, or refused and not yet edited or discarded
      if (pending && !window.confirm(counted(ngettext(
        "%(count)s change made on this device has not been saved on the server. Signing out deletes it from this device. Sign out anyway?",
        "%(count)s changes made on this device have not been saved on the server. Signing out deletes them from this device. Sign out anyway?",
        pending), pending))) return;
      return outbox.clearUser(user).then(forget).then(function () { form.submit(); });
    });
  }

  function forget() {
    var jobs = [];
    if (window.caches) {
      jobs.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("hisaab-pages-") === 0; }).map(function (n) { return caches.delete(n); }));
      }));
    }
    jobs.push(window.hisaabDB.setMeta("sw-user", null));
    return Promise.all(jobs).catch(function () {});
  }

  document.addEventListener("submit", function (ev) { onLogout(ev); onSubmit(ev); });
  document.addEventListener("click", onClick);
  // The live client re-rendered a list (with the server's rows): put the waiting ones back.
  document.addEventListener("hisaab:change", function (ev) {
    var c = ev.detail || {};
    if (!c.id) return;
    var s = seen[c.id];
    if (!s || c.version >= s.version) seen[c.id] = { seq: c.seq, version: c.version, op: c.op };
  });
  document.addEventListener("hisaab:refreshed", function (ev) {
    var cursor = ev.detail && ev.detail.cursor, kept = (ev.detail && ev.detail.kept) || [];
    // A region the live client left alone (it held the focus) still shows older data.
    if (typeof cursor === "number" && cursor > rendered && !kept.length) rendered = cursor;
    paint();  // at once, in the same task as the swap: the waiting rows never blink
    render();
  });
  outbox.onChange(function (detail) { hold(detail.confirmed); render(); });
  window.addEventListener("online", function () { render(); outbox.push(user); });
  window.addEventListener("offline", render);

  render().then(resumeEdit);
  if (navigator.onLine) outbox.push(user);
  window.hisaabOffline = { render: render, push: function () { return outbox.push(user); } };
})();
