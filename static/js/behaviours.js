/* Small page behaviours declared in the markup with data- attributes, so that no page carries
 * inline script or on…= handlers (the Content-Security-Policy allows scripts from /static/ only,
 * config/security_headers.py). Delegated from the document: they keep working on parts of a
 * page that live updates swap in.
 *   data-select-on-click            select the field's text when clicked (a link to copy)
 *   data-open-dialog="ID"           open the <dialog id=ID> as a modal
 *   data-close-dialog               close the <dialog> around the button
 *   data-print                      print the page
 *   data-back                       go back in history (the link's href when there is none)
 *   #expense-form + #id_method      show only the column of the chosen split method
 */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target : null;
    if (!el) return;
    var hit;
    if ((hit = el.closest("[data-select-on-click]"))) {
      hit.select();
    } else if ((hit = el.closest("[data-open-dialog]"))) {
      var dialog = document.getElementById(hit.getAttribute("data-open-dialog"));
      if (dialog && dialog.showModal) dialog.showModal();
    } else if ((hit = el.closest("[data-close-dialog]"))) {
      var open = hit.closest("dialog");
      if (open) open.close();
    } else if ((hit = el.closest("[data-print]"))) {
      window.print();
    } else if ((hit = el.closest("[data-back]")) && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  function splitColumns() {
    var form = document.getElementById("expense-form"), method = document.getElementById("id_method");
    if (!form || !method) return;
    function sync() { form.dataset.method = method.value; }
    method.addEventListener("change", sync);
    sync();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", splitColumns);
  else splitColumns();
})();
