// Opening a round: choosing another plan reloads its parts and tasks (the rest of the form is
// kept as typed).
(function () {
  "use strict";
  document.getElementById("id_plan")?.addEventListener("change", function (event) {
    htmx.ajax("GET", "?plan=" + encodeURIComponent(event.target.value), {
      target: "#scope",
      select: "#scope",
      swap: "outerHTML",
    });
  });
})();
