// Small behaviours of every page, bound here because the Content-Security-Policy allows no inline script
// (script-src 'self'): no onclick/onchange attributes, no <script> blocks in the templates.
//   <select data-submit-on-change>          submits its form when changed (the language switch)
//   <button data-confirm="question">        asks before submitting (removing a debt)
//   <select data-link-param="debt" data-links=".doc-list a">   sets ?debt=<value> on those links
//   <a data-back>                           goes back in the history
(function () {
  "use strict";
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { if (select.form) { select.form.submit(); } });
  });
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (event) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  document.querySelectorAll("select[data-link-param]").forEach(function (select) {
    select.addEventListener("change", function () {
      var name = select.getAttribute("data-link-param");
      document.querySelectorAll(select.getAttribute("data-links")).forEach(function (a) {
        var url = new URL(a.href, window.location.href);
        url.searchParams.set(name, select.value);
        a.href = url.toString();
      });
    });
  });
  document.querySelectorAll("a[data-back]").forEach(function (a) {
    a.addEventListener("click", function (event) { event.preventDefault(); window.history.back(); });
  });
})();
