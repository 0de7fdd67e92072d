// The scorecard builder (quality/scorecard_builder.html): leaving the page with unsaved edits asks first.
// Every button posts the whole page, so only a link, a reload or closing the tab could lose what was typed.
(() => {
  const form = document.getElementById("builder");
  if (!form) return;
  let edited = form.hasAttribute("data-unsaved"); // shown again after a button: it holds unsaved edits
  form.addEventListener("input", () => { edited = true; });
  form.addEventListener("submit", () => { edited = false; });
  window.addEventListener("beforeunload", (event) => {
    if (edited) event.preventDefault();
  });
})();
