// Small behaviours of every page, bound here because the Content-Security-Policy allows no inline script
// (script-src 'self'): no onclick/onchange attributes, no <script> blocks in the templates.
//   <select data-submit-on-change>          submits its form when changed (the language switch)
//   <button data-confirm="question">        asks before submitting (removing a debt)
//   <select data-link-param="debt" data-links=".doc-list a">   sets ?debt=<value> on those links
//   <a data-back>                           goes back in the history
//   <button data-menu-toggle aria-controls=ID>  opens/closes the case menu on a phone
//   .table-wrap / .chart-wrap / .heatmap-wrap   focusable (tabindex=0) while wider than the screen
// It also registers the service worker (/sw.js) that makes the workbench installable with an offline page.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.querySelectorAll("button[data-menu-toggle]").forEach(function (button) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) { return; }
    button.hidden = false;
    var current = menu.querySelector("[aria-current=page]");
    var label = button.querySelector("[data-menu-current]");
    if (current && label) { label.textContent = " · " + current.textContent.trim(); }
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    });
  });
  // A table wider than the screen scrolls in its own box: keyboard users must be able to reach it too.
  function focusableScrollers() {
    document.querySelectorAll(".table-wrap, .chart-wrap, .heatmap-wrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) { box.setAttribute("tabindex", "0"); }
      else if (box.getAttribute("tabindex") === "0") { box.removeAttribute("tabindex"); }
    });
  }
  focusableScrollers();
  window.addEventListener("resize", focusableScrollers);
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* the site works without it */ });
  }
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
  // "— another lender (name it below) —": the lender's name field is shown with that choice (and whenever it
  // holds a name); with one of the case's debts chosen it is not needed. Without script it is always shown.
  document.querySelectorAll("form").forEach(function (form) {
    var debt = form.querySelector("select[name=debt]");
    var lender = form.querySelector("input[name=lender]");
    if (!debt || !lender) { return; }
    var box = lender.closest(".neg-field") || lender.parentElement;
    var sync = function () { box.hidden = debt.value !== "" && lender.value.trim() === ""; };
    debt.addEventListener("change", function () {
      sync();
      if (debt.value === "") { lender.focus(); }
    });
    sync();
  });
  document.querySelectorAll("a[data-back]").forEach(function (a) {
    a.addEventListener("click", function (event) { event.preventDefault(); window.history.back(); });
  });
})();
