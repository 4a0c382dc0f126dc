// The page shell: on a narrow screen the menu folds behind the menu button (see zhenxing.css).
(function () {
  var topbar = document.querySelector(".topbar");
  var toggle = topbar && topbar.querySelector(".menu-toggle");
  if (!toggle) return;
  topbar.classList.add("has-menu");
  toggle.addEventListener("click", function () {
    var open = topbar.classList.toggle("open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
