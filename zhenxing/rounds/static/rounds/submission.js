// The report editor: "add a row" for figures and coordination matters (no build step).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-add-row]");
  if (!button) return;
  const rows = document.getElementById(button.dataset.addRow);
  const last = rows.lastElementChild;
  const copy = last.cloneNode(true);
  copy.querySelectorAll("input, textarea").forEach((field) => {
    field.name = field.name.replace(/_(\d+)$/, (_match, index) => "_" + (Number(index) + 1));
    field.value = "";
  });
  rows.appendChild(copy);
  copy.querySelector("input, textarea").focus();
});
