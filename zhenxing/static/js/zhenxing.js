// Behaviour every page shares, kept out of the HTML so the Content-Security-Policy can forbid
// inline script and style: data-autosubmit selects submit their form, data-confirm forms ask
// first, and data-width / data-share set a bar's length through the CSS object model.
(function () {
  "use strict";

  function sizeBars(root) {
    root.querySelectorAll("[data-width]").forEach(function (element) {
      element.style.width = element.dataset.width;
    });
    root.querySelectorAll("[data-share]").forEach(function (element) {
      element.style.setProperty("--share", element.dataset.share + "%");
    });
  }

  document.addEventListener("change", function (event) {
    const select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });

  document.addEventListener("submit", function (event) {
    const form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });

  // A stale save (409) comes back with what the other person saved: show it, as htmx would
  // not swap an error response by default.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    sizeBars(document);
  });
  // Parts swapped in by htmx get their bars sized too.
  document.addEventListener("htmx:load", function (event) {
    sizeBars(event.detail.elt);
  });
})();
