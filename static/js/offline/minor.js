/* Exact money on the device: amounts as BigInt minor units (paise, cents), never floats.
 *
 * - toMinor("1234.5", "INR") -> 123450n; more decimals than the currency has -> null.
 * - allocate(total, [[key, weight], …]): the largest-remainder split of config.money.allocate
 *   (ties go to the key given first), so a split made here equals the server's to the unit.
 * - owed(amount, currency, split): social.splits.owed_shares (keys in sorted-id order).
 * - Balances: an element marked by the server with data-offline-balance="<key>" data-minor
 *   data-currency data-words (social/templatetags/offline.py) shows its server value plus the
 *   effects of the changes still waiting on the device, marked as pending; with none, the
 *   server's own text comes back.
 */
(function () {
  "use strict";
  var EXP = {};
  var meta = document.querySelector('meta[name="currency-exponents"]');
  ((meta && meta.content) || "").split(/\s+/).forEach(function (pair) {
    var kv = pair.split(":");
    if (kv.length === 2) EXP[kv[0]] = parseInt(kv[1], 10);
  });

  function exponent(currency) { return Object.prototype.hasOwnProperty.call(EXP, currency) ? EXP[currency] : 2; }

  /* A plain decimal ("12", "-3.50") scaled by 10^places, or null when it has more decimals. */
  function scaled(text, places) {
    var m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(String(text == null ? "" : text).trim());
    if (!m) return null;
    var frac = (m[3] || "").replace(/0+$/, "");
    if (frac.length > places) return null;
    var v = BigInt(m[2] + frac.padEnd(places, "0"));
    return m[1] ? -v : v;
  }

  function toMinor(text, currency) { return scaled(text, exponent(currency)); }

  function toText(minor, currency) {
    var e = exponent(currency), neg = minor < 0n, s = (neg ? -minor : minor).toString();
    if (e > 0) { s = s.padStart(e + 1, "0"); s = s.slice(0, -e) + "." + s.slice(-e); }
    return (neg ? "-" : "") + s;
  }

  function format(minor, currency) {
    var text = toText(minor, currency);
    if (window.hisaab && window.hisaab.money) return window.hisaab.money(text, currency);
    try {
      return new Intl.NumberFormat("en-IN", { style: "currency", currency: currency }).format(text);
    } catch (e) { return text + " " + currency; }
  }

  function allocate(total, weights) {
    var sign = total < 0n ? -1n : 1n, abs = total * sign;
    var sum = weights.reduce(function (acc, w) { return acc + w[1]; }, 0n);
    if (sum <= 0n) return null;
    var parts = weights.map(function (w, i) {
      var num = abs * w[1];
      return { key: w[0], floor: num / sum, rest: num % sum, i: i };
    });
    var left = abs - parts.reduce(function (acc, p) { return acc + p.floor; }, 0n);
    var order = parts.slice().sort(function (a, b) { return a.rest === b.rest ? a.i - b.i : (a.rest > b.rest ? -1 : 1); });
    for (var k = 0; k < Number(left); k++) order[k].floor += 1n;
    var out = {};
    parts.forEach(function (p) { out[p.key] = p.floor * sign; });
    return out;
  }

  /* user -> owed minor units for an API split spec; null when the server would refuse it. */
  function owed(amount, currency, split) {
    var method = split.method;
    if (method === "equal") {
      var people = Array.from(new Set(split.between || [])).sort();
      return people.length ? allocate(amount, people.map(function (u) { return [u, 1n]; })) : null;
    }
    var values = split.amounts || split.percents || split.shares || {};
    var keys = Object.keys(values).sort();
    if (!keys.length) return null;
    if (method === "exact") {
      var out = {}, total = 0n;
      for (var i = 0; i < keys.length; i++) {
        var v = toMinor(values[keys[i]], currency);
        if (v === null || v < 0n) return null;
        out[keys[i]] = v; total += v;
      }
      return total === amount ? out : null;
    }
    var weights = keys.map(function (u) {
      return [u, method === "percent" ? scaled(values[u], 4) : BigInt(parseInt(values[u], 10) || 0)];
    });
    if (weights.some(function (w) { return w[1] === null || w[1] < 0n; })) return null;
    if (method === "percent" && weights.reduce(function (a, w) { return a + w[1]; }, 0n) !== 1000000n) return null;
    return allocate(amount, weights);
  }

  /* paid - owed per user (both maps of BigInt). */
  function nets(paid, owes) {
    var out = {};
    Object.keys(paid).forEach(function (u) { out[u] = (out[u] || 0n) + paid[u]; });
    Object.keys(owes).forEach(function (u) { out[u] = (out[u] || 0n) - owes[u]; });
    return out;
  }

  /* social.splits.match: debtors paired with creditors, both in id order. */
  function match(balances) {
    var ids = Object.keys(balances).sort();
    var debtors = ids.filter(function (u) { return balances[u] < 0n; }).map(function (u) { return [u, -balances[u]]; });
    var creditors = ids.filter(function (u) { return balances[u] > 0n; }).map(function (u) { return [u, balances[u]]; });
    var out = [], i = 0, j = 0;
    while (i < debtors.length && j < creditors.length) {
      var take = debtors[i][1] < creditors[j][1] ? debtors[i][1] : creditors[j][1];
      out.push({ debtor: debtors[i][0], creditor: creditors[j][0], amount: take });
      debtors[i][1] -= take; creditors[j][1] -= take;
      if (debtors[i][1] === 0n) i += 1;
      if (creditors[j][1] === 0n) j += 1;
    }
    return out;
  }

  /* What each other person owes `me` because of one entry's nets (friend balances). */
  function owedToMe(balances, me) {
    var out = {};
    match(balances).forEach(function (t) {
      if (t.creditor === me) out[t.debtor] = (out[t.debtor] || 0n) + t.amount;
      else if (t.debtor === me) out[t.creditor] = (out[t.creditor] || 0n) - t.amount;
    });
    return out;
  }

  /* `scope` (optional) names a wider total the balance counts in, e.g. a khata party's
   * business ("business:<id>"), for totals whose parts' keys do not say it. */
  function effect(key, currency, minor, scope) {
    var e = { key: key, currency: currency, minor: String(minor) };
    if (scope) e.scope = scope;
    return e;
  }

  /* Show `el` (server text kept aside) at `value`, marked pending; or, when `pending` is false,
   * the server's own text again. */
  function show(el, value, pending) {
    var currency = el.dataset.currency;
    if (el.dataset.serverText === undefined) {
      el.dataset.serverText = el.textContent;
      el.dataset.serverClass = el.className;
    }
    var mark = el.nextElementSibling && el.nextElementSibling.matches("[data-offline-pending-mark]") ? el.nextElementSibling : null;
    if (!pending) {
      if (el.dataset.offlinePending) {
        el.textContent = el.dataset.serverText;
        el.className = el.dataset.serverClass;
        delete el.dataset.offlinePending;
      }
      if (mark) mark.remove();
      return;
    }
    var words = (el.dataset.words || "").split("|"), shown = format(value < 0n ? -value : value, currency);
    var text = el.dataset.format ? el.dataset.format.replace("\u00a7", shown)
      : words.length === 3 ? words[value > 0n ? 0 : value < 0n ? 1 : 2] + shown
      : format(value, currency);
    el.textContent = text;
    if (!el.dataset.offlineTotal) {
      el.className = el.dataset.serverClass.replace(/\b(pos|neg|zero)\b/g, "").trim() + " " + (value > 0n ? "pos" : value < 0n ? "neg" : "zero");
    }
    el.dataset.offlinePending = toText(value, currency);
    if (!mark) {
      mark = document.createElement("span");
      mark.className = "pill waiting";
      mark.dataset.offlinePendingMark = "";
      mark.textContent = gettext("waiting");
      mark.title = gettext("Includes changes not yet saved on the server");
      el.after(mark);
    }
  }

  function inScope(e, scope) { return e.scope === scope || e.key.indexOf(scope + ":") === 0; }

  /* A one-sided total (data-offline-total): its parts as the server counted them, each moved
   * by the effects on it, then summed on its side (what you are owed: the positive ones). */
  function total(el, effects) {
    var scope = el.dataset.offlineTotal, currency = el.dataset.currency, parts = {}, moved = false;
    (el.dataset.parts || "").split(/\s+/).forEach(function (pair) {
      var i = pair.lastIndexOf("=");
      if (i > 0) parts[pair.slice(0, i)] = BigInt(pair.slice(i + 1));
    });
    effects.forEach(function (e) {
      if (e.currency !== currency || !inScope(e, scope)) return;
      parts[e.key] = (parts[e.key] || 0n) + BigInt(e.minor);
      moved = true;
    });
    var neg = el.dataset.sign === "neg", sum = 0n;
    Object.keys(parts).forEach(function (k) {
      if (neg ? parts[k] < 0n : parts[k] > 0n) sum += neg ? -parts[k] : parts[k];
    });
    show(el, sum, moved && sum !== BigInt(el.dataset.minor));
  }

  /* A figure of one day (data-day, data-days "before" | "on" | "through"): only dated effects
   * of those days move it (ISO dates compare as strings). */
  function onDays(el, effects) {
    var key = el.dataset.offlineBalance, currency = el.dataset.currency, day = el.dataset.day, when = el.dataset.days, d = 0n;
    effects.forEach(function (e) {
      if (e.key !== key || e.currency !== currency || !e.date) return;
      if (when === "before" ? e.date < day : when === "on" ? e.date === day : e.date <= day) d += BigInt(e.minor);
    });
    return d;
  }

  /* Show each marked balance as the server's value plus `effects` (of changes not yet in the
   * server's figure); pending ones get data-offline-pending and a "waiting" mark. */
  function apply(effects) {
    var sums = {};
    effects.forEach(function (e) {
      var id = e.key + " " + e.currency;
      sums[id] = (sums[id] || 0n) + BigInt(e.minor);
    });
    document.querySelectorAll("[data-offline-balance]").forEach(function (el) {
      var delta = el.dataset.day ? onDays(el, effects) : sums[el.dataset.offlineBalance + " " + el.dataset.currency] || 0n;
      var zeroRow = el.closest("[data-offline-zero-row]");  // a row the server shows only when not zero
      if (zeroRow) zeroRow.hidden = !delta;
      show(el, BigInt(el.dataset.minor) + delta, !!delta);
    });
    document.querySelectorAll("[data-offline-total]").forEach(function (el) { total(el, effects); });
  }

  window.hisaabMinor = {
    exponent: exponent, toMinor: toMinor, toText: toText, format: format, allocate: allocate,
    owed: owed, nets: nets, match: match, owedToMe: owedToMe, effect: effect, apply: apply,
  };
})();
