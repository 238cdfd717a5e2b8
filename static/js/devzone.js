/* devzone page behaviour, kept out of the templates so the Content-Security-Policy forbids every
 * inline script, handler and style (ADR 0025). Declarative hooks:
 *   <select data-autosubmit>       submits its form on change (the language menu)
 *   <form data-confirm="question"> asks before submitting (deletions)
 *   <button data-print>            prints the page (the print stylesheet applies)
 */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) el.form.submit();
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (el) window.print();
  });
})();
