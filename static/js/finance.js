/* The "Add transaction" form's split (templates/finance/_split_parts.html): the part rows show
 * while "Split across categories" is ticked (the transaction's own category then hides: each
 * part has one), rows are added and removed, and "left to split" counts the amount less the
 * parts as you type: in BigInt minor units (hisaabMinor, static/js/offline/minor.js), never
 * floats, shown through the one money formatter. Its words come from the page (data-*), in
 * the page's language. Without this script the fixed rows work as they are.
 */
(function () {
  "use strict";

  function setup(form) {
    var box = form.querySelector("#split-parts"), rows = box && box.querySelector("[data-split-rows]");
    var tick = form.querySelector("#id_split");
    if (!rows || !tick) return;
    var first = rows.querySelector("[data-split-row]"), initial = rows.querySelectorAll("[data-split-row]").length;
    var out = rows.querySelector("#split-left");
    // The buttons exist only with this script (they are <template>s in the page).
    var addTpl = rows.querySelector("template[data-split-add-button]"), removeTpl = rows.querySelector("template[data-split-remove-button]");
    if (!addTpl || !removeTpl) return;
    out.before(addTpl.content.cloneNode(true));
    var add = rows.querySelector("[data-split-add]");
    rows.querySelectorAll("[data-split-row]").forEach(function (row) { row.appendChild(removeTpl.content.cloneNode(true)); });

    function say(phrase, n) { return phrase.replace("%(n)s", String(n)); }

    function currency() {
      var account = form.querySelector("#id_account_id"), map = {};
      (form.dataset.offlineCurrencies || "").trim().split(/\s+/).forEach(function (pair) {
        var kv = pair.split("=");
        map[kv[0]] = kv[1];
      });
      return (account && map[account.value]) || "INR";
    }

    function left() {
      var M = window.hisaabMinor;
      out.textContent = "";
      out.classList.remove("error");
      if (!M || !tick.checked) return;
      var cur = currency(), total = M.toMinor((form.querySelector("#id_amount") || {}).value, cur);
      if (total === null) return;
      var used = 0n, ok = true;
      rows.querySelectorAll("input[name^='part_amount_']").forEach(function (input) {
        if (!input.value.trim()) return;
        var v = M.toMinor(input.value, cur);
        if (v === null) ok = false; else used += v;
      });
      if (!ok) return;
      var rest = total - used;
      out.textContent = M.format(rest < 0n ? -rest : rest, cur) + " " + (rest < 0n ? box.dataset.over : box.dataset.left);
      out.classList.toggle("error", rest < 0n);
    }

    function show() {
      rows.hidden = !tick.checked;
      var category = form.querySelector("#id_category_id"), field = category && category.closest(".field");
      if (field) field.style.display = tick.checked ? "none" : "";
      left();
    }

    /* Number the rows 1, 2, 3 … again (names, ids, labels), so the posted numbers are the shown ones. */
    function renumber() {
      rows.querySelectorAll("[data-split-row]").forEach(function (row, i) {
        row.querySelectorAll("input, select").forEach(function (el) {
          var kind = /^part_(category|amount)_/.exec(el.name);
          if (!kind) return;
          var old = el.id;
          el.name = "part_" + kind[1] + "_" + i;
          el.id = "id_" + el.name;
          var label = row.querySelector('label[for="' + old + '"]');
          if (label) {
            label.htmlFor = el.id;
            label.textContent = say(kind[1] === "category" ? box.dataset.categoryLabel : box.dataset.amountLabel, i + 1);
          }
        });
        var remove = row.querySelector("[data-split-remove]");
        if (remove) remove.setAttribute("aria-label", say(box.dataset.removeLabel, i + 1));
      });
    }

    function addRow() {
      var row = first.cloneNode(true);
      row.querySelectorAll(".error, .help").forEach(function (el) { el.remove(); });
      row.querySelectorAll(".field").forEach(function (el) { el.classList.remove("has-error"); });
      row.querySelectorAll("input").forEach(function (el) { el.value = ""; el.removeAttribute("aria-invalid"); });
      row.querySelectorAll("select").forEach(function (el) { el.selectedIndex = 0; el.removeAttribute("aria-invalid"); });
      add.parentNode.before(row);
      renumber();
      return row;
    }

    /* As many rows as `count` (a refused change put back in the form for editing). */
    function ensure(count) {
      while (rows.querySelectorAll("[data-split-row]").length < count) addRow();
    }

    add.addEventListener("click", function () {
      var row = addRow(), field = row.querySelector("select, input");
      if (field) field.focus();
    });
    rows.addEventListener("click", function (ev) {
      var b = ev.target.closest && ev.target.closest("[data-split-remove]");
      if (!b) return;
      var all = rows.querySelectorAll("[data-split-row]");
      if (all.length <= 2) {  // a split has two parts at least: empty the row instead
        b.closest("[data-split-row]").querySelectorAll("input, select").forEach(function (el) {
          if (el.tagName === "SELECT") el.selectedIndex = 0; else el.value = "";
        });
      } else {
        var row = b.closest("[data-split-row]");
        if (row === first) first = all[1];
        row.remove();
        renumber();
      }
      add.focus();
      left();
    });
    form.addEventListener("input", left);
    form.addEventListener("change", function (ev) { if (ev.target === tick) show(); else left(); });
    form.addEventListener("reset", function () {
      setTimeout(function () {  // after the browser has put the defaults back
        var all = rows.querySelectorAll("[data-split-row]");
        for (var i = all.length - 1; i >= initial; i--) all[i].remove();
        renumber();
        show();
      }, 0);
    });
    // The offline scripts fill the form (edit a listed split, or a refused change): rows first.
    form.addEventListener("hisaab:fill", function (ev) {
      var most = 0;
      ((ev.detail && ev.detail.fields) || []).forEach(function (f) {
        var m = /^part_(?:category|amount)_(\d+)$/.exec(f[0]);
        if (m) most = Math.max(most, parseInt(m[1], 10) + 1);
      });
      ensure(most);
      setTimeout(show, 0);
    });
    renumber();
    show();
  }

  function start() {
    var form = document.getElementById("transaction-form");
    if (form) setup(form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
