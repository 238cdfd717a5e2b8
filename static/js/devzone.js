/* devzone page behaviour, kept out of the templates so the Content-Security-Policy forbids every
 * inline script, handler and style (ADR 0025). Declarative hooks:
 *   <select data-autosubmit>       submits its form on change (the language menu)
 *   <form data-confirm="question"> asks before submitting; on a submit button, asks for that
 *                                  button only. Agreed, the form posts confirmed=1 — without it
 *                                  the server shows its confirmation page (devzone/web/confirm.py)
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
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (!question) return;
    if (!window.confirm(question)) {
      event.preventDefault();
      return;
    }
    var flag = form.querySelector("input[name=confirmed]");
    if (!flag) {
      flag = document.createElement("input");
      flag.type = "hidden";
      flag.name = "confirmed";
      form.appendChild(flag);
    }
    flag.value = "1";
  });
  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (el) window.print();
  });
})();
