/* What each offline-capable page form becomes: the API call the outbox will push, the list its
 * waiting row appears in, and the values that fill that row's server-rendered <template>.
 *
 * A form opts in with data-offline="<kind>" (and data-offline-* context: group, party,
 * business); a list opts in with <template data-offline-row="<kind>" data-offline-list="…">.
 * Each builder mirrors the page form's own parsing (social/forms.py, the khata and finance forms.py) so the
 * server sees what the online form would have sent; the server still decides (a refusal comes
 * back with its reason).
 *
 * Words go through the page language's catalogue (words.js): whole phrases with named
 * placeholders (interpolate), so a language may order them its own way; amounts are written
 * by the one money formatter and dates with the catalogue's month names.
 *
 * A waiting change's words (its summary, its row's slots, an item's label) are kept as data
 * and written out only when shown (words()): the change may wait in the outbox while the
 * user switches the language, and the next page shows it in the new one. The data:
 * - a string or number: as it is (a name, a note; an outbox row stored before this was a
 *   finished string, so it is shown as it was written);
 * - {say: msgid, with: {name: data}}: the phrase in the page's catalogue, its placeholders
 *   filled with their data written out (msgid marked by gettext_noop where it is made, so
 *   makemessages and the catalogue test see it);
 * - {money: "12.50", currency: "INR", minus: bool}: an amount by the money formatter;
 * - {day: "2025-01-31", year: bool}: a date with the catalogue's month names;
 * - {direction: "expense"}: a transaction's direction in words;
 * - {join: [data, …], by: " · "}: the parts that are not empty, joined.
 */
(function () {
  "use strict";
  var MONTHS = [pgettext("abbrev. month", "Jan"), pgettext("abbrev. month", "Feb"), pgettext("abbrev. month", "Mar"),
    pgettext("abbrev. month", "Apr"), pgettext("abbrev. month", "May"), pgettext("abbrev. month", "Jun"),
    pgettext("abbrev. month", "Jul"), pgettext("abbrev. month", "Aug"), pgettext("abbrev. month", "Sep"),
    pgettext("abbrev. month", "Oct"), pgettext("abbrev. month", "Nov"), pgettext("abbrev. month", "Dec")];

  /* Words as data (see the top): a phrase, an amount, a date's day, parts joined. */
  function phrase(msgid, values) { return values ? { say: msgid, with: values } : { say: msgid }; }

  function amountOf(amount, currency, minus) {
    var out = { money: amount, currency: currency };
    if (minus) out.minus = true;
    return out;
  }

  function dayOf(iso, withYear) { return withYear ? { day: iso, year: true } : { day: iso }; }

  function joined(parts, by) { return { join: parts, by: by }; }

  /* The one place a message id arrives as a value: every id it is given was marked with
   * gettext_noop("…") where its phrase was made. */
  function translated(msgid) { return gettext(msgid); }

  /* Words kept as data, written out in the page's language now. */
  function words(x) {
    if (x === null || x === undefined) return "";
    if (typeof x !== "object") return String(x);
    if (typeof x.say === "string") {
      var values = {};
      Object.keys(x.with || {}).forEach(function (k) { values[k] = words(x.with[k]); });
      return interpolate(translated(x.say), values, true);
    }
    if (x.money !== undefined) return (x.minus ? "−" : "") + money(x.money, x.currency);
    if (x.day !== undefined) return day(x.day, !!x.year);
    if (x.direction !== undefined) return directionWord(x.direction);
    if (Array.isArray(x.join)) return x.join.map(words).filter(Boolean).join(x.by || " ");
    return "";
  }

  /* "You gave" / "You got" (a khata entry's kind). */
  function gaveOrGot(kind) { return phrase(kind === "gave" ? gettext_noop("You gave") : gettext_noop("You got")); }

  function gaveOrGotAmount(kind, amount) {
    return phrase(kind === "gave" ? gettext_noop("You gave %(amount)s") : gettext_noop("You got %(amount)s"), { amount: amount });
  }

  function lentOrBorrowed(direction) { return phrase(direction === "lent" ? gettext_noop("You lent") : gettext_noop("You borrowed")); }

  /* A transaction's direction in words (the server's names otherwise), written out now. */
  function directionWord(direction) {
    var names = { expense: pgettext("state", "expense"), income: pgettext("state", "income"), transfer: pgettext("state", "transfer") };
    return Object.prototype.hasOwnProperty.call(names, direction) ? names[direction] : direction;
  }

  function cashAmount(direction, amount, capital) {
    var msgid = direction === "in" ? (capital ? gettext_noop("Cash in %(amount)s") : gettext_noop("cash in %(amount)s"))
      : (capital ? gettext_noop("Cash out %(amount)s") : gettext_noop("cash out %(amount)s"));
    return phrase(msgid, { amount: amount });
  }

  /* Display only, from the exact amount (minor units) when it parses. */
  function money(amount, currency) {
    var M = window.hisaabMinor, minor = M && M.toMinor(amount, currency);
    if (minor !== null && minor !== undefined && M) return M.format(minor, currency);
    var n = Number(amount);
    if (!isFinite(n)) return amount + " " + currency;
    try {
      return new Intl.NumberFormat("en-IN", { style: "currency", currency: currency }).format(n);
    } catch (e) { return amount + " " + currency; }
  }

  function day(iso, withYear) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) return iso || "";
    return parseInt(m[3], 10) + " " + MONTHS[parseInt(m[2], 10) - 1] + (withYear ? " " + m[1] : "");
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  function dashed(hex) {
    return hex.length === 32 ? [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-") : hex;
  }

  function val(fd, name) { var v = fd.get(name); return v === null ? "" : String(v).trim(); }

  function optionText(form, name) {
    var el = form.elements[name];
    if (!el || !el.options || el.selectedIndex < 0) return "";
    var t = el.options[el.selectedIndex].text;
    return t === "—" ? "" : t;
  }

  /* Only the keys the form filled: the API treats a missing key as "the default". */
  function compact(obj) {
    Object.keys(obj).forEach(function (k) { if (obj[k] === "" || obj[k] === null || obj[k] === undefined) delete obj[k]; });
    return obj;
  }

  var M = window.hisaabMinor;

  /* The change's effect on one balance: ±amount in minor units (none when it does not parse:
   * the server will refuse it and say why). */
  function signed(key, currency, amount, sign, when, scope) {
    var minor = M.toMinor(amount, currency);
    return when && minor !== null ? [M.effect(key, currency, minor * sign, scope)] : [];
  }

  /* An entry's nets (user -> BigInt) as effects on the group's member balances and on my
   * balances with each friend. */
  function netEffects(nets, currency, ctx) {
    var out = [];
    Object.keys(nets).forEach(function (u) {
      if (nets[u] && ctx.group) out.push(M.effect("member:" + ctx.group + ":" + u, currency, nets[u]));
    });
    var owed = M.owedToMe(nets, ctx.user);
    Object.keys(owed).forEach(function (u) { if (owed[u]) out.push(M.effect("friend:" + u, currency, owed[u])); });
    return out;
  }

  function expenseEffects(body, ctx) {
    var total = M.toMinor(body.amount, body.currency), paid = {}, ok = total !== null;
    (body.paid_by || []).forEach(function (p) {
      var v = M.toMinor(p.amount, body.currency);
      if (v === null) ok = false; else paid[p.user] = (paid[p.user] || 0n) + v;
    });
    var owes = ok ? M.owed(total, body.currency, body.split) : null;
    if (!owes) return [];
    return netEffects(M.nets(paid, owes), body.currency, ctx);
  }

  function transactionEffects(account, to, direction, amount, currencies) {
    var cur = currencies[account] || "INR";
    if (direction === "expense") return signed("account:" + account, cur, amount, -1n, !!account);
    if (direction === "income") return signed("account:" + account, cur, amount, 1n, !!account);
    // A transfer: out of one account and, when both hold the same currency, into the other
    // (across currencies the amount received is the server's to compute).
    var out = signed("account:" + account, cur, amount, -1n, !!account);
    return to && currencies[to] === cur ? out.concat(signed("account:" + to, cur, amount, 1n, true)) : out;
  }

  /* "id=CUR id=CUR": each account's currency, given by the transaction form. */
  function accountCurrencies(ctx) {
    var out = {};
    (ctx.currencies || "").trim().split(/\s+/).forEach(function (pair) { var kv = pair.split("="); out[kv[0]] = kv[1]; });
    return out;
  }

  function negate(effects) {
    return effects.map(function (e) { return Object.assign({}, e, { minor: String(-BigInt(e.minor)) }); });
  }

  /* Server rows the device may edit or delete offline (data-offline-item, rendered by
   * social/templatetags/offline.py): from the object as the API shows it, the form fields
   * that edit it, its effect on balances (undone by an edit or a delete), the PATCH body
   * and a label. */
  var items = {
    transaction: {
      fields: function (d) {
        var out = [["direction", d.direction], ["account_id", d.account_id], ["amount", d.amount], ["date", d.date],
          ["category_id", d.category_id || ""], ["transfer_account_id", d.transfer_account_id || ""],
          ["payee", d.payee || ""], ["notes", d.notes || ""], ["tags", (d.tags || []).join(", ")]];
        if (d.split) out.push(["split", "on"]);
        (d.split ? d.parts || [] : []).forEach(function (p, i) {
          out.push(["part_category_" + i, p.category_id || ""], ["part_amount_" + i, p.amount]);
        });
        return out;
      },
      effects: function (d, ctx) {
        var currencies = accountCurrencies(ctx);
        if (d.direction !== "transfer") return transactionEffects(d.account_id, null, d.direction, d.amount, currencies);
        var out = signed("account:" + d.account_id, d.currency, d.amount, -1n, true);
        var to = d.transfer_account_id, into = currencies[to];
        return to && into && d.transfer_amount ? out.concat(signed("account:" + to, into, d.transfer_amount, 1n, true)) : out;
      },
      // An edit says whether it is split: its parts, or null (the form's "Split" not ticked joins them back).
      patch: function (body) { delete body.id; if (!body.parts) body.parts = null; return body; },
      slots: function (d) {
        return { date: dayOf(d.date, true), payee: d.payee || "—", amount: amountOf(d.amount, d.currency, d.direction === "expense") };
      },
      label: function (d) { return joined([d.payee || { direction: d.direction }, amountOf(d.amount, d.currency)], " "); },
    },
    "khata-entry": {
      fields: function (d) {
        return [["amount", d.amount], ["date", d.date], ["note", d.note || ""],
          ["settled", d.settlement === "payment" ? d.mode : "credit"], ["kind", d.kind]];
      },
      effects: function (d) {
        return signed("party:" + d.party, d.currency, d.amount, d.kind === "gave" ? 1n : -1n, true, "business:" + d.business)
          .concat(d.settlement === "payment" && d.mode === "cash"
            ? cashEffects(d.business, d.currency, d.kind === "got" ? "in" : "out", d.amount, d.date) : []);
      },
      patch: function (body) { delete body.id; delete body.party; return body; },
      slots: function (d) {
        return { date: d.date, what: joined([gaveOrGot(d.kind), d.note], " · "),
          gave: d.kind === "gave" ? amountOf(d.amount, d.currency) : "", got: d.kind === "got" ? amountOf(d.amount, d.currency) : "" };
      },
      label: function (d) { return joined([gaveOrGotAmount(d.kind, amountOf(d.amount, d.currency)), d.note], " · "); },
    },
  };

  /* A cash entry on its day: cash in or out that day, and the running cash (the openings and
   * closings of that day and later). */
  function cashEffects(business, currency, direction, amount, date) {
    var minor = M.toMinor(amount, currency);
    if (minor === null || !business || !date || (direction !== "in" && direction !== "out")) return [];
    return [M.effect("cash-" + direction + ":" + business, currency, minor),
      M.effect("cash:" + business, currency, direction === "in" ? minor : -minor)]
      .map(function (e) { e.date = date; return e; });
  }

  items.cash = {
    fields: function (d) {
      return [["direction", d.direction], ["amount", d.amount], ["date", d.date], ["category", d.category || ""],
        ["mode", d.mode || ""], ["note", d.note || ""]];
    },
    effects: function (d) { return cashEffects(d.business, d.currency, d.direction, d.amount, d.date); },
    patch: function (body) { delete body.id; return body; },
    slots: function (d) {
      return { date: dayOf(d.date), what: joined([d.category || phrase(gettext_noop("Cash")), d.note], " · "), mode: d.mode || "",
        in: d.direction === "in" ? amountOf(d.amount, d.currency) : "", out: d.direction === "out" ? amountOf(d.amount, d.currency) : "" };
    },
    label: function (d) { return joined([cashAmount(d.direction, amountOf(d.amount, d.currency), false), d.note], " · "); },
  };

  items.expense = {
    fields: function (d, me) {
      var hex = function (u) { return String(u).replace(/-/g, ""); }, split = d.split || {};
      var out = [["description", d.description], ["amount", d.amount], ["currency", d.currency], ["date", d.date],
        ["category", d.category || ""], ["notes", d.notes || ""], ["method", split.method || "equal"]];
      var payers = d.paid_by || [];
      // I alone paid it all: leave "paid" empty (the form's way of saying so), so a new amount
      // needs no second edit.
      if (!(payers.length === 1 && payers[0].user === me && payers[0].amount === d.amount)) {
        payers.forEach(function (p) { out.push(["paid_" + hex(p.user), p.amount]); });
      }
      (split.between || []).forEach(function (u) { out.push(["in_" + hex(u), "on"]); });
      var values = split.amounts || split.percents || split.shares || {};
      Object.keys(values).forEach(function (u) { out.push([split.method + "_" + hex(u), String(values[u])]); });
      return out;
    },
    effects: function (d, ctx) {
      return expenseEffects({ amount: d.amount, currency: d.currency, paid_by: d.paid_by, split: d.split },
        { group: d.group, user: ctx.user });
    },
    patch: function (body) { delete body.id; delete body.group; return body; },
    slots: function (d) { return { date: dayOf(d.date), description: d.description, amount: amountOf(d.amount, d.currency), by: "" }; },
    label: function (d) { return joined(["“" + d.description + "”", amountOf(d.amount, d.currency)], " "); },
  };

  // A payment can be deleted, not edited (the API has no PATCH for it).
  items.settlement = {
    noEdit: true,
    fields: function () { return []; },
    effects: function (d, ctx) {
      var nets = {}, minor = M.toMinor(d.amount, d.currency);
      if (minor === null) return [];
      nets[d.from || d.from_user] = minor; nets[d.to || d.to_user] = -minor;
      return netEffects(nets, d.currency, { group: d.group, user: ctx.user });
    },
    slots: function (d) { return { summary: phrase(gettext_noop("Delete payment of %(amount)s"), { amount: amountOf(d.amount, d.currency) }) }; },
    label: function (d) { return phrase(gettext_noop("payment of %(amount)s"), { amount: amountOf(d.amount, d.currency) }); },
  };

  /* An IOU I recorded: what is still outstanding counts in my balance with the friend. Who it
   * is with and its currency stay on an edit (the API changes amount, date, note, direction). */
  function iouEffects(friend, direction, currency, outstandingMinor, me, owner) {
    if (!friend || outstandingMinor === null || (owner && owner !== me)) return [];
    return [M.effect("friend:" + friend, currency, direction === "lent" ? outstandingMinor : -outstandingMinor)];
  }

  items.iou = {
    fields: function (d) {
      return [["friend", d.friend || ""], ["contact_name", d.contact_name || ""], ["direction", d.direction],
        ["amount", d.amount], ["currency", d.currency], ["date", d.date], ["note", d.note || ""]];
    },
    effects: function (d, ctx) {
      return iouEffects(d.friend, d.direction, d.currency, M.toMinor(d.outstanding, d.currency), ctx.user, d.owner);
    },
    patch: function (body) {
      ["id", "friend", "contact_name", "contact_phone", "currency"].forEach(function (k) { delete body[k]; });
      return body;
    },
    /* The new outstanding part is the new amount less what is already repaid. */
    edited: function (change, d, ctx) {
      var amount = M.toMinor(change.body.amount || d.amount, d.currency), settled = M.toMinor(d.settled || "0", d.currency);
      var left = amount === null || settled === null ? null : amount - settled;
      change.newEffects = iouEffects(d.friend, change.body.direction || d.direction, d.currency, left, ctx.user, d.owner);
      if (left !== null && change.slots) change.slots.outstanding = amountOf(M.toText(left, d.currency), d.currency);
    },
    slots: function (d) {
      var what = joined([lentOrBorrowed(d.direction), d.note], " · ");
      return { date: dayOf(d.date, true), who: d.contact_name || "", what: what, amount: amountOf(d.amount, d.currency),
        outstanding: amountOf(d.outstanding || d.amount, d.currency) };
    },
    label: function (d) { return joined([phrase(gettext_noop("IOU %(amount)s"), { amount: amountOf(d.amount, d.currency) }), d.note], " · "); },
  };

  /* The split rows of the transaction form (part_category_N, part_amount_N), as the page's
   * form reads them: a row with neither is skipped; each part keeps its category's name to show. */
  function transactionParts(form, fd) {
    var out = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      var m = /^part_amount_(\d+)$/.exec(el.name || "");
      if (!m) return;
      var amount = val(fd, el.name), category = val(fd, "part_category_" + m[1]);
      if (!amount && !category) return;
      out.push({ category_id: category || null, amount: amount, name: optionText(form, "part_category_" + m[1]) });
    });
    return out;
  }

  /* "Groceries ₹300.00 · Household ₹200.00", as the page's list shows a split's parts. */
  function partsText(parts, currency) {
    return joined(parts.map(function (p) { return joined([p.name || "—", amountOf(p.amount, currency)], " "); }), " · ");
  }

  var builders = {
    expense: function (form, fd, ctx) {
      var people = [];
      Array.prototype.forEach.call(form.elements, function (el) {
        var m = /^paid_([0-9a-f]{32})$/.exec(el.name || "");
        if (m) people.push(m[1]);
      });
      var amount = val(fd, "amount"), currency = val(fd, "currency").toUpperCase();
      var paid = people.filter(function (p) { return val(fd, "paid_" + p); })
        .map(function (p) { return { user: dashed(p), amount: val(fd, "paid_" + p) }; });
      if (!paid.length) paid = [{ user: ctx.user, amount: amount }];
      var method = val(fd, "method") || "equal", split = { method: method };
      if (method === "equal") {
        split.between = people.filter(function (p) { return fd.get("in_" + p) !== null; }).map(dashed);
      } else {
        var key = { exact: "amounts", percent: "percents", shares: "shares" }[method], values = {};
        people.forEach(function (p) {
          var v = val(fd, method + "_" + p);
          if (v && Number(v) !== 0) values[dashed(p)] = method === "shares" ? parseInt(v, 10) : v;
        });
        split[key] = values;
      }
      var id = ctx.uuid(), date = val(fd, "date") || today(), description = val(fd, "description");
      var body = compact({ id: id, description: description, amount: amount, currency: currency,
        date: date, category: val(fd, "category"), notes: val(fd, "notes"), paid_by: paid, split: split });
      if (ctx.group) body.group = ctx.group;
      return {
        method: "POST", path: "/api/expenses", entity: id, list: ctx.group ? "group:" + ctx.group : "friends",
        body: body, effects: expenseEffects(body, ctx),
        slots: { date: dayOf(date), description: description, amount: amountOf(amount, currency), by: ctx.me,
          with: ctx.friendName || "" },
        summary: phrase(gettext_noop("Expense “%(description)s” %(amount)s"), { description: description, amount: amountOf(amount, currency) }),
      };
    },

    settlement: function (form, fd, ctx) {
      var id = ctx.uuid(), amount = val(fd, "amount"), currency = val(fd, "currency").toUpperCase();
      var payer = val(fd, "payer"), payee = val(fd, "payee");
      var from = optionText(form, "payer") || ctx.from || "", to = optionText(form, "payee") || ctx.to || "";
      var text = phrase(gettext_noop("%(from)s paid %(to)s %(amount)s"), { from: from, to: to, amount: amountOf(amount, currency) });
      var nets = {}, minor = M.toMinor(amount, currency);
      if (minor !== null && payer && payee && payer !== payee) { nets[payer] = minor; nets[payee] = -minor; }
      return {
        method: "POST", path: "/api/settlements", entity: id, list: "group:" + ctx.group,
        body: compact({ id: id, group: ctx.group, from: payer, to: payee, amount: amount, currency: currency, note: val(fd, "note") }),
        effects: netEffects(nets, currency, ctx),
        slots: { summary: text }, summary: phrase(gettext_noop("Payment: %(payment)s"), { payment: text }),
      };
    },

    iou: function (form, fd, ctx) {
      var id = ctx.uuid(), amount = val(fd, "amount"), currency = val(fd, "currency").toUpperCase();
      var date = val(fd, "date") || today(), direction = val(fd, "direction"), note = val(fd, "note");
      var who = optionText(form, "friend") || val(fd, "contact_name");
      var what = joined([lentOrBorrowed(direction), note], " · ");
      return {
        method: "POST", path: "/api/ious", entity: id, list: "ious",
        effects: signed("friend:" + val(fd, "friend"), currency, amount, direction === "lent" ? 1n : -1n, !!val(fd, "friend")),
        body: compact({ id: id, friend: val(fd, "friend") || null, contact_name: val(fd, "contact_name"), direction: direction,
          amount: amount, currency: currency, date: date, note: note }),
        slots: { date: dayOf(date, true), who: who, what: what, amount: amountOf(amount, currency), outstanding: amountOf(amount, currency) },
        summary: phrase(gettext_noop("IOU: %(what)s %(who)s %(amount)s"), { what: what, who: who, amount: amountOf(amount, currency) }),
      };
    },

    /* The lender settles (part of) an IOU: an empty amount is all that is left. The IOU's
     * outstanding figure and my balance with the borrower go down by it. */
    "iou-settle": function (form, fd, ctx) {
      var amount = val(fd, "amount") || ctx.room || "", currency = ctx.currency, minor = M.toMinor(amount, currency);
      var effects = minor === null ? [] : [M.effect("iou:" + ctx.iou, currency, -minor)];
      if (ctx.other && minor !== null) effects.push(M.effect("friend:" + ctx.other, currency, -minor));
      var text = phrase(gettext_noop("Settled %(amount)s"), { amount: amountOf(amount, currency) });
      return {
        method: "POST", path: "/api/ious/" + ctx.iou + "/settle", entity: ctx.iou, version: parseInt(ctx.version, 10) || undefined,
        list: "ious", body: compact({ amount: val(fd, "amount") }), effects: effects, slots: { summary: text },
        summary: phrase(gettext_noop("IOU: %(change)s"), { change: text }),
      };
    },

    /* The borrower records a repayment: it waits for the lender, so no balance moves yet. */
    "iou-payment": function (form, fd, ctx) {
      var id = ctx.uuid(), amount = val(fd, "amount") || ctx.room || "", currency = ctx.currency;
      var text = phrase(gettext_noop("Repaid %(amount)s (the lender confirms it)"), { amount: amountOf(amount, currency) });
      return {
        method: "POST", path: "/api/ious/" + ctx.iou + "/payments", entity: id, list: "ious",
        body: compact({ id: id, amount: val(fd, "amount"), note: val(fd, "note") }), effects: [], slots: { summary: text },
        summary: phrase(gettext_noop("IOU: %(change)s"), { change: text }),
      };
    },

    /* The lender confirms a recorded repayment (it settles that much: the IOU's outstanding
     * figure and the borrower's balance go down) or disputes it (nothing moves). Both name the
     * payment's version: one decided meanwhile is refused. */
    "iou-decide": function (form, fd, ctx) {
      var confirm = ctx.verb === "confirm", currency = ctx.currency, minor = M.toMinor(ctx.amount, currency);
      var effects = [];
      if (confirm && minor !== null) {
        effects.push(M.effect("iou:" + ctx.iou, currency, -minor));
        if (ctx.other) effects.push(M.effect("friend:" + ctx.other, currency, -minor));
      }
      var version = parseInt(ctx.version, 10) || undefined;
      var text = phrase(confirm ? gettext_noop("Confirmed %(amount)s") : gettext_noop("Disputed %(amount)s"), { amount: amountOf(ctx.amount, currency) });
      return {
        method: "POST", path: "/api/iou-payments/" + ctx.payment + "/" + (confirm ? "confirm" : "dispute"), entity: ctx.payment,
        version: version, list: "ious", body: compact({ version: version }), effects: effects, slots: { summary: text },
        summary: phrase(gettext_noop("IOU repayment: %(change)s"), { change: text }),
      };
    },

    "khata-entry": function (form, fd, ctx) {
      var id = ctx.uuid(), amount = val(fd, "amount"), kind = val(fd, "kind"), date = val(fd, "date") || today();
      var note = val(fd, "note"), currency = ctx.currency || "INR", settled = val(fd, "settled") || "credit";
      return {
        method: "POST", path: "/api/khata/businesses/" + ctx.business + "/entries", entity: id, list: "party:" + ctx.party,
        // Paid in cash, it is in the cashbook too (got: cash in; gave: cash out).
        effects: signed("party:" + ctx.party, currency, amount, kind === "gave" ? 1n : -1n, true, "business:" + ctx.business)
          .concat(settled === "cash" ? cashEffects(ctx.business, currency, kind === "got" ? "in" : "out", amount, date) : []),
        body: compact(Object.assign({ id: id, party: ctx.party, kind: kind, amount: amount, date: date, note: note },
          settled === "credit" ? { settlement: "credit" } : { settlement: "payment", mode: settled },
          fd.get("override_credit_limit") ? { override_credit_limit: true } : {})),
        slots: { date: date, what: joined([gaveOrGot(kind), note], " · "),
          gave: kind === "gave" ? amountOf(amount, currency) : "", got: kind === "got" ? amountOf(amount, currency) : "" },
        summary: joined([gaveOrGotAmount(kind, amountOf(amount, currency)), ctx.partyName], " · "),
      };
    },

    cash: function (form, fd, ctx) {
      var id = ctx.uuid(), amount = val(fd, "amount"), direction = val(fd, "direction"), date = val(fd, "date") || today();
      var currency = ctx.currency || "INR", note = val(fd, "note"), category = val(fd, "category");
      return {
        method: "POST", path: "/api/khata/businesses/" + ctx.business + "/cashbook", entity: id, list: "cash:" + ctx.business,
        body: compact({ id: id, direction: direction, amount: amount, date: date, category: category, mode: val(fd, "mode"), note: note }),
        effects: cashEffects(ctx.business, currency, direction, amount, date),
        slots: { date: dayOf(date), what: joined([category || phrase(gettext_noop("Cash")), note], " · "), mode: val(fd, "mode"),
          in: direction === "in" ? amountOf(amount, currency) : "", out: direction === "out" ? amountOf(amount, currency) : "" },
        summary: cashAmount(direction, amountOf(amount, currency), true),
      };
    },

    transaction: function (form, fd, ctx) {
      var id = ctx.uuid(), amount = val(fd, "amount"), direction = val(fd, "direction"), date = val(fd, "date") || today();
      var account = optionText(form, "account_id"), to = optionText(form, "transfer_account_id");
      var currencies = accountCurrencies(ctx);
      var currency = currencies[val(fd, "account_id")] || "INR";
      var tags = val(fd, "tags").split(",").map(function (t) { return t.trim(); }).filter(Boolean).slice(0, 20);
      var payee = val(fd, "payee"), parts = fd.get("split") !== null ? transactionParts(form, fd) : null;
      var body = compact({ id: id, account_id: val(fd, "account_id"), direction: direction, amount: amount, date: date,
        category_id: parts ? null : val(fd, "category_id") || null, transfer_account_id: val(fd, "transfer_account_id") || null,
        payee: payee, notes: val(fd, "notes"), tags: tags.length ? tags : null });
      if (parts) body.parts = parts.map(function (p) { return { category_id: p.category_id, amount: p.amount }; });
      return {
        method: "POST", path: "/api/finance/transactions", entity: id, list: "transactions",
        effects: transactionEffects(val(fd, "account_id"), val(fd, "transfer_account_id"), direction, amount, currencies),
        body: body,
        slots: { date: dayOf(date, true), payee: payee || "—",
          category: parts ? partsText(parts, currency) : optionText(form, "category_id"),
          account: account + (to ? " → " + to : ""),
          amount: amountOf(amount, currency, direction === "expense"),
          tone: direction === "expense" ? "neg" : direction === "income" ? "pos" : "" },
        summary: phrase(gettext_noop("Transaction %(what)s %(amount)s"), { what: payee || { direction: direction }, amount: amountOf(amount, currency) }),
      };
    },
  };

  window.hisaabOfflineForms = { builders: builders, items: items, negate: negate, money: money, day: day, signed: signed, netEffects: netEffects,
    expenseEffects: expenseEffects, transactionEffects: transactionEffects, words: words, phrase: phrase };
})();
