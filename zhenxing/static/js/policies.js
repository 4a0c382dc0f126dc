// The plan page's keyboard: ↑/↓ move between task rows, Enter opens the row editor;
// in the editor Tab moves between fields, Enter saves, Esc cancels. No library but htmx.
(function () {
  "use strict";

  // Conflicts (409) and invalid input (422) come back as the editor with messages: show them.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    const status = event.detail.xhr.status;
    if (status === 409 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After a swap, put the focus where the keyboard user expects it (htmx:load fires on new content).
  document.body.addEventListener("htmx:load", function (event) {
    const row = event.detail.elt;
    if (!(row instanceof HTMLTableRowElement)) return;
    if (row.classList.contains("task-editor")) {
      const field = row.querySelector("[aria-invalid=true]") || row.querySelector("[autofocus]") || row.querySelector("input:not([type=hidden]), select");
      // htmx has already focused [autofocus] on the swap, so a fast typist may have begun:
      // selecting the field then would swallow what was typed (the first characters lost).
      if (field && !(row.contains(document.activeElement) && field.value !== field.defaultValue)) {
        field.focus();
        if (field.select) field.select();
      }
    } else if (row.classList.contains("task-row")) {
      row.focus();
    }
  });

  document.addEventListener("keydown", function (event) {
    const target = event.target;
    const editor = target.closest && target.closest("form.row-editor");
    if (editor) {
      if (event.key === "Escape") {
        event.preventDefault();
        const cancel = editor.querySelector("button.cancel");
        if (cancel) cancel.click();
      } else if (event.key === "Enter" && target.tagName === "SELECT") {
        event.preventDefault();
        editor.requestSubmit();
      }
      return;
    }
    if (!target.classList || !target.classList.contains("task-row")) return;
    if (event.key === "Enter") {
      const edit = target.querySelector("button.edit");
      if (edit) {
        event.preventDefault();
        edit.click();
      }
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      let next = event.key === "ArrowDown" ? target.nextElementSibling : target.previousElementSibling;
      while (next && !next.classList.contains("task-row")) {
        next = event.key === "ArrowDown" ? next.nextElementSibling : next.previousElementSibling;
      }
      if (next) next.focus();
    }
  });
})();
