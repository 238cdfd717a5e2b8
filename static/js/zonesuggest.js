/* Zone inputs with suggestions (issue 9): an <input data-zone-suggest="/zones/suggest/"> gets a
 * <datalist> filled, as the user types, with the zones in scope whose code or name matches.
 * Without JavaScript the input still takes a zone code typed by hand.
 */
(function () {
  "use strict";
  function attach(input) {
    if (input.getAttribute("data-zone-suggest-ready")) return;
    input.setAttribute("data-zone-suggest-ready", "1");
    var list = document.createElement("datalist");
    list.id = (input.id || input.name) + "-suggestions";
    input.setAttribute("list", list.id);
    input.parentNode.insertBefore(list, input.nextSibling);
    var timer = null, asked = "";
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (timer) clearTimeout(timer);
      if (!q || q === asked) return;
      timer = setTimeout(function () {
        asked = q;
        var url = input.getAttribute("data-zone-suggest") + "?q=" + encodeURIComponent(q);
        fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
          list.innerHTML = "";
          data.results.forEach(function (z) {
            var option = document.createElement("option");
            option.value = z.code;
            option.label = z.name;
            option.textContent = z.name;
            list.appendChild(option);
          });
        });
      }, 200);
    });
  }
  function scan(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("input[data-zone-suggest]"), attach);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSwap", function (e) { scan(e.target); });
})();
