// Behaviour shared by every page, kept out of the markup so the Content-Security-Policy needs no inline script.
// A <select data-autosubmit> sends its form when the choice changes (the language switcher, the plan's day).
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
    target.form.requestSubmit();
  }
});
