// Search-as-you-type picker: an <input data-picker-url> asks the JSON endpoint (?q=) as the user
// types, lists the answers in its role=listbox, and puts the chosen id in the hidden input named
// by data-picker-target. Keyboard: ↑/↓ move, Enter chooses (or submits once chosen), Esc closes.
// Without script the typed text is submitted and the server lists the matches.
document.querySelectorAll("input[data-picker-url]").forEach((input) => {
  const list = document.getElementById(input.getAttribute("aria-controls"));
  const target = document.getElementById(input.dataset.pickerTarget);
  let results = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const label = (task) => `${task.code} ${task.title}`;
  const highlight = (index) => {
    active = index;
    list.querySelectorAll("[role=option]").forEach((option, position) => {
      option.setAttribute("aria-selected", position === index ? "true" : "false");
      if (position === index) {
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({block: "nearest"});
      }
    });
  };
  const choose = (index) => {
    const task = results[index];
    if (!task) return;
    target.value = task.id;
    input.value = label(task);
    close();
  };
  const show = () => {
    list.replaceChildren();
    if (!results.length) {
      const empty = document.createElement("li");
      empty.className = "muted";
      empty.textContent = input.dataset.pickerEmpty;
      list.append(empty);
    }
    results.forEach((task, index) => {
      const option = document.createElement("li");
      option.id = `${list.id}-${task.id}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      const code = document.createElement("strong");
      code.textContent = task.code;
      const plan = document.createElement("span");
      plan.className = "muted";
      plan.textContent = task.plan;
      option.append(code, ` ${task.title} `, plan);
      option.addEventListener("mousedown", (event) => {
        event.preventDefault();  // keep the focus in the input
        choose(index);
      });
      list.append(option);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    active = -1;
  };
  const search = async () => {
    const text = input.value.trim();
    if (!text) { close(); return; }
    const ticket = ++asked;
    const response = await fetch(`${input.dataset.pickerUrl}?q=${encodeURIComponent(text)}`, {
      headers: {Accept: "application/json"}, credentials: "same-origin",
    });
    if (!response.ok || ticket !== asked) return;  // a later keystroke has asked again
    results = (await response.json()).results;
    show();
  };

  input.addEventListener("input", () => {
    target.value = "";  // typing again un-chooses
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener("keydown", (event) => {
    const open = !list.hidden && results.length;
    if (event.key === "ArrowDown" && open) {
      event.preventDefault();
      highlight(Math.min(active + 1, results.length - 1));
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
});
