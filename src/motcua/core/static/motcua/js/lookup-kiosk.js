// The hall's look-up kiosk (/tra-cuu/kiosk/). The answer is rendered by the server; this script only
// - keeps the one input focused, so that a scanner (which types, then presses Enter) always lands in it;
// - drives the on-screen keypad (a kiosk has no keyboard) and keeps the touch screen's own keyboard away;
// - goes back to the start screen after data-idle-seconds without a touch or a key, so the next person never
//   sees the last one's dossier (the attribute is read each time, so a test may shorten it).
(() => {
  const body = document.body;
  const input = document.getElementById("kiosk-input");
  if (!input) return;
  const form = input.form;
  const help = document.querySelector(".kiosk-help");
  const keypad = document.querySelector(".kiosk-keypad");
  input.setAttribute("inputmode", "none");

  const focusInput = () => {
    if (help && help.open) return;
    if (document.activeElement !== input) input.focus({ preventScroll: true });
  };
  let timer = null;
  const restart = () => {
    clearTimeout(timer);
    const seconds = Number(body.dataset.idleSeconds) || 30;
    timer = setTimeout(() => {
      const atStart = !window.location.search && !input.value && !(help && help.open) && !(keypad && keypad.open);
      if (!atStart) window.location.replace(body.dataset.startUrl);
      else restart();
    }, seconds * 1000);
  };

  document.addEventListener("click", (event) => {
    const key = event.target.closest("[data-key]");
    if (key) {
      const value = key.dataset.key;
      if (value === "backspace") input.value = input.value.slice(0, -1);
      else if (value === "clear") input.value = "";
      else if (input.value.length < Number(input.maxLength || 300)) input.value += value;
    }
    if (!event.target.closest(".kiosk-help")) focusInput();
  });
  for (const name of ["pointerdown", "keydown", "input"]) document.addEventListener(name, restart, true);
  input.addEventListener("blur", () => setTimeout(focusInput, 50));
  if (help) help.addEventListener("toggle", () => { if (!help.open) focusInput(); });
  form.addEventListener("submit", () => { input.value = input.value.trim(); });
  focusInput();
  restart();
})();
