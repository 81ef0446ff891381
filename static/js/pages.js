/* Hisaab page helpers (issue 19): the phone menu, thumb bars, share/copy buttons, focusing a
 * form's first error, and the one money/date formatter in the browser (window.hisaab.money),
 * following the same rules as config/display.py: the currency's symbol and decimals, Indian
 * grouping for INR, the page's language (html[lang]).
 */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";
  var locale = lang.indexOf("hi") === 0 ? "hi-IN" : "en-IN";

  function money(amount, currency) {
    var n = typeof amount === "string" ? amount.trim() : amount;
    if (n === "" || !isFinite(Number(n))) return "";
    try {
      // A decimal string is formatted as written (Intl reads it exactly, not as a float).
      return new Intl.NumberFormat(locale, { style: "currency", currency: currency || "INR" }).format(n);
    } catch (e) {
      return String(n) + " " + currency;
    }
  }
  function date(value) {
    var d = value instanceof Date ? value : new Date(value);
    return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric" }).format(d);
  }
  window.hisaab = Object.assign(window.hisaab || {}, { money: money, date: date, locale: locale });

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".menu-toggle");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var top = toggle.closest(".top"), open = !top.classList.contains("open");
        top.classList.toggle("open", open);
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
    if (document.querySelector(".thumb")) document.body.classList.add("has-thumb");
    labelScrollers();
    focusFirstError();
  });
  // A form sent back with errors: bring its first wrong field into view and focus it, so a
  // phone user sees what to fix (a form-wide error is announced by its role="alert").
  function focusFirstError() {
    var field = document.querySelector(".field.has-error input, .field.has-error select, .field.has-error textarea, td .error");
    if (field && field.matches(".error")) field = field.parentElement.querySelector("input, select, textarea");
    if (!field) {
      var box = document.querySelector(".form-errors");
      if (box) box.scrollIntoView({ block: "center" });
      return;
    }
    field.scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  }
  // A table that scrolls sideways on a phone must be reachable from the keyboard and named
  // (axe: scrollable-region-focusable): a focusable region named after its section's heading.
  function labelScrollers() {
    document.querySelectorAll(".table-wrap, .scroll-x").forEach(function (el) {
      if (el.hasAttribute("tabindex")) return;
      var section = el.closest("section, .card, main"), heading = section && section.querySelector("h1, h2, h3");
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", heading ? heading.textContent.trim() : document.title);
    });
  }
  document.addEventListener("hisaab:refreshed", labelScrollers);

  // The expense form's running "left to split" (exact amounts or percentages), counted in whole
  // minor units (paise), never in floating point, and shown through the formatter above.
  function toMinor(text, digits) {
    var m = /^\s*(\d+)(?:\.(\d*))?\s*$/.exec(text || "");
    if (!m) return null;
    var frac = (m[2] || "");
    if (frac.length > digits) return null;
    return BigInt(m[1] + (frac + "0".repeat(digits)).slice(0, digits));
  }
  function fromMinor(minor, digits) {
    var neg = minor < 0n, s = (neg ? -minor : minor).toString().padStart(digits + 1, "0");
    return (neg ? "-" : "") + (digits ? s.slice(0, -digits) + "." + s.slice(-digits) : s);
  }
  function leftToSplit() {
    var form = document.getElementById("expense-form"), out = document.getElementById("left-to-split");
    if (!form || !out) return;
    var method = (form.querySelector("#id_method") || {}).value, currency = ((form.querySelector("#id_currency") || {}).value || "INR").toUpperCase();
    var digits = 2;
    try { digits = new Intl.NumberFormat(locale, { style: "currency", currency: currency }).resolvedOptions().maximumFractionDigits; } catch (e) { out.textContent = ""; return; }
    var isPercent = method === "percent", unit = isPercent ? 4 : digits;
    var total = isPercent ? toMinor("100", unit) : toMinor((form.querySelector("#id_amount") || {}).value, unit);
    if (total === null || (method !== "exact" && !isPercent)) { out.textContent = ""; return; }
    var used = 0n, ok = true;
    form.querySelectorAll("input[name^='" + method + "_']").forEach(function (input) {
      if (!input.value.trim()) return;
      var v = toMinor(input.value, unit);
      if (v === null) ok = false; else used += v;
    });
    if (!ok) { out.textContent = ""; return; }
    var left = total - used, shown;
    if (isPercent) {
      var abs = left < 0n ? -left : left;
      shown = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(fromMinor(abs, 4)) + "%";
    } else {
      shown = money(fromMinor(left < 0n ? -left : left, digits), currency);
    }
    out.textContent = shown + " " + (left < 0n ? out.dataset.over : out.dataset.left);
    out.classList.toggle("error", left < 0n);
  }
  document.addEventListener("input", function (ev) { if (ev.target.closest && ev.target.closest("#expense-form")) leftToSplit(); });
  document.addEventListener("change", function (ev) { if (ev.target.closest && ev.target.closest("#expense-form")) leftToSplit(); });
  document.addEventListener("DOMContentLoaded", leftToSplit);

  // Invite links: copy to the clipboard; share through the phone's share sheet (Web Share API)
  // where there is one, else the link's own href (WhatsApp) opens.
  document.addEventListener("click", function (ev) {
    var copy = ev.target.closest && ev.target.closest("[data-copy]");
    if (copy) {
      var field = document.querySelector(copy.dataset.copy);
      if (field && navigator.clipboard) {
        navigator.clipboard.writeText(field.value).then(function () { copy.textContent = copy.dataset.copied || copy.textContent; });
      } else if (field) { field.select(); }
      return;
    }
    var share = ev.target.closest && ev.target.closest("[data-share]");
    if (share && navigator.share) {
      ev.preventDefault();
      navigator.share({ text: share.dataset.shareText }).catch(function () {});
    }
  });
})();
