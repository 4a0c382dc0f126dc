// "全选": a checkbox with data-select-all="NAME" ticks or clears every checkbox named NAME in
// its form (or table); it shows "partly ticked" when only some are. No build step, no inline JS.
document.addEventListener("change", (event) => {
  const target = event.target;
  const scope = target.closest("form") || target.closest("table") || document;
  if (target.matches("[data-select-all]")) {
    scope.querySelectorAll(`input[type=checkbox][name="${target.dataset.selectAll}"]`)
      .forEach((box) => { box.checked = target.checked; });
    return;
  }
  const all = scope.querySelector(`[data-select-all="${target.name}"]`);
  if (!all) return;
  const boxes = [...scope.querySelectorAll(`input[type=checkbox][name="${target.name}"]`)];
  const ticked = boxes.filter((box) => box.checked).length;
  all.checked = ticked === boxes.length;
  all.indeterminate = ticked > 0 && ticked < boxes.length;
});
