/* The offline scripts' words in the page's language. Django's JavaScript catalogue for the
 * page's language (/jsi18n/<language>/, config/js_catalog.py, loaded just before this file
 * and kept by the service worker like a static file) defines gettext, ngettext, pgettext and
 * interpolate. When it could not be loaded (a page opened offline before the catalogue was
 * ever stored), the scripts still run, in English: the message ids themselves.
 */
(function (root) {
  "use strict";
  // Marks a message id kept as data (Django's catalogue has it too): it is translated when shown.
  if (typeof root.gettext_noop !== "function") root.gettext_noop = function (msgid) { return msgid; };
  if (typeof root.gettext === "function" && typeof root.interpolate === "function") return;
  root.gettext = function (msgid) { return msgid; };
  root.ngettext = function (singular, plural, count) { return count === 1 ? singular : plural; };
  root.pgettext = function (context, msgid) { return msgid; };
  root.interpolate = function (fmt, obj, named) {
    if (named) return fmt.replace(/%\(\s*([^)]+)\)s/g, function (match) { return String(obj[match.slice(2, -2)]); });
    var i = 0;
    return fmt.replace(/%s/g, function () { return String(obj[i++]); });
  };
})(window);
