/* Khata pages: warn before an entry that takes a party over its credit limit.
   The form carries the party's limit and balance (data-credit-limit, data-balance); a
   "You gave" that would pass the limit is held back with a warning until a manager or owner
   ticks the override (a clerk cannot: the server refuses either way, 409 credit_limit_exceeded).
   Amounts are compared in minor units (integers), never as floats. */
(function () {
  "use strict";

  function minor(text) {
    var m = /^\s*(-?)(\d*)(?:\.(\d*))?\s*$/.exec(String(text || "").replace(/,/g, ""));
    if (!m || (m[2] === "" && !m[3])) return null;
    var frac = ((m[3] || "") + "0000").slice(0, 4);
    var value = BigInt(m[2] || "0") * 10000n + BigInt(frac);
    return m[1] ? -value : value;
  }

  function show(value) {
    var neg = value < 0n, v = neg ? -value : value;
    return (neg ? "-" : "") + (v / 10000n).toString() + "." + (v % 10000n).toString().padStart(4, "0").slice(0, 2);
  }

  function hold(ev, form, after, limit, override) {
    var warning = form.querySelector("#credit-warning");
    ev.preventDefault();
    ev.stopImmediatePropagation();
    if (warning) {
      warning.textContent = "This takes the balance to about " + show(after) + ", over the credit limit of " + show(limit) + "." +
        (override ? " Tick the override to record it anyway." : " Only a manager or owner can record it.");
      warning.hidden = false;
    }
  }

  function field(form, name) {
    var el = form.querySelector('[name="' + name + '"]');
    return el ? minor(el.value) : null;
  }

  /* The bill's total, estimated from its lines as the server computes it (line net, its share
     of the bill discount, tax at the line's rate or the business default); the server rounds
     per line and to the rupee, so only an excess of more than 1.00 is held back here. */
  function billTotal(form) {
    var nets = [], rates = [], sum = 0n, fallback = minor(form.dataset.defaultTax) || 0n;
    for (var i = 0; ; i++) {
      var qty = field(form, "lines-" + i + "-quantity");
      if (qty === null && !form.querySelector('[name="lines-' + i + '-quantity"]')) break;
      var price = field(form, "lines-" + i + "-unit_price");
      if (qty === null || price === null) continue;
      var net = qty * price / 10000n - (field(form, "lines-" + i + "-discount") || 0n);
      var rate = field(form, "lines-" + i + "-tax_rate");
      nets.push(net); rates.push(rate === null ? fallback : rate); sum += net;
    }
    var discount = field(form, "discount") || 0n, total = 0n;
    nets.forEach(function (net, n) {
      var taxable = sum > 0n ? net - discount * net / sum : net;
      total += taxable + taxable * rates[n] / 1000000n;
    });
    return total;
  }

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.matches || !form.matches("form[data-bill-limits]")) return;
    var warning = form.querySelector("#credit-warning");
    if (warning) warning.hidden = true;
    if (!ev.submitter || ev.submitter.value !== "1") return;  // a draft owes nothing yet
    var script = document.getElementById(form.dataset.billLimits);
    var limits = script ? JSON.parse(script.textContent) : {};
    var party = limits[(form.querySelector('[name="party"]') || {}).value];
    if (!party) return;
    var limit = minor(party.limit), balance = minor(party.balance), override = form.querySelector('[name="override_credit_limit"]');
    var after = balance + billTotal(form);
    if (after - limit > 10000n && !(override && override.checked)) hold(ev, form, after, limit, override);
  }, true);

  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.matches || !form.matches("form[data-credit-limit]")) return;
    var kind = ev.submitter ? ev.submitter.value : "";
    var warning = form.querySelector("#credit-warning");
    if (warning) warning.hidden = true;
    if (kind !== "gave") return;
    var limit = minor(form.dataset.creditLimit), balance = minor(form.dataset.balance);
    var amount = minor((form.querySelector('[name="amount"]') || {}).value);
    if (limit === null || balance === null || amount === null) return;
    var after = balance + amount;
    if (after <= limit) return;
    var override = form.querySelector('[name="override_credit_limit"]');
    if (override && override.checked) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    if (warning) {
      warning.textContent = "This takes the balance to " + show(after) + ", over the credit limit of " + show(limit) + "." +
        (override ? " Tick the override to record it anyway." : " Only a manager or owner can record it.");
      warning.hidden = false;
    }
  }, true);
})();
