/* Every form with errors gets a summary at its top and the focus moves to its first error
   (issue 14): the summary lists each error, linked to its field; the page no longer stays put
   on a long form whose error is far below. Django marks an invalid widget aria-invalid="true"
   and gives its error list the id "<field id>_error"; non-field errors are "errorlist nonfield".
   The heading comes from this script tag's data-heading (translated by the template). */
(function () {
  "use strict";
  var script = document.currentScript;
  var heading = (script && script.getAttribute("data-heading")) || "";

  function labelOf(field) {
    if (field.labels && field.labels.length) {
      return field.labels[0].textContent.replace(/\s+/g, " ").trim();
    }
    return field.getAttribute("aria-label") || field.name || "";
  }

  function errorsOf(field) {
    var id = field.getAttribute("aria-describedby");
    var list = null;
    if (id) {
      id.split(/\s+/).some(function (part) {
        var el = document.getElementById(part);
        if (el && el.classList.contains("errorlist")) { list = el; return true; }
        return false;
      });
    }
    if (!list && field.id) { list = document.getElementById(field.id + "_error"); }
    if (!list) { return []; }
    return Array.prototype.map.call(list.querySelectorAll("li"), function (li) { return li.textContent.trim(); });
  }

  function summarise(form) {
    var invalid = Array.prototype.filter.call(form.elements, function (el) {
      return el.getAttribute && el.getAttribute("aria-invalid") === "true";
    });
    var existing = form.querySelector(".error-summary");
    if (existing) { return invalid[0] || existing; }
    var general = Array.prototype.slice.call(form.querySelectorAll("ul.errorlist.nonfield li"));
    if (!invalid.length && !general.length) { return null; }
    var box = document.createElement("div");
    box.className = "error-summary";
    box.setAttribute("role", "alert");
    box.setAttribute("tabindex", "-1");
    box.setAttribute("data-testid", "error-summary");
    var h = document.createElement("h2");
    h.textContent = heading;
    box.appendChild(h);
    var ul = document.createElement("ul");
    general.forEach(function (li) {
      var item = document.createElement("li");
      item.textContent = li.textContent.trim();
      ul.appendChild(item);
    });
    invalid.forEach(function (field) {
      var texts = errorsOf(field);
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + field.id;
      link.textContent = labelOf(field) + (texts.length ? "：" + texts.join(" ") : "");
      link.addEventListener("click", function (event) {
        event.preventDefault();
        field.focus();
        field.scrollIntoView({ block: "center" });
      });
      item.appendChild(link);
      ul.appendChild(item);
    });
    box.appendChild(ul);
    form.insertBefore(box, form.firstChild);
    return invalid[0] || box;
  }

  function init() {
    var first = null;
    Array.prototype.forEach.call(document.querySelectorAll("main form"), function (form) {
      var target = summarise(form);
      if (!first && target) { first = target; }
    });
    if (first) {
      first.focus();
      if (first.scrollIntoView) { first.scrollIntoView({ block: "center" }); }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
