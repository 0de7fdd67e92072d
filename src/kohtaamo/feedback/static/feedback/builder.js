// The survey builder's enhancements. Without this script every button still works as a plain form
// post; with it, the phone preview follows what is typed, the question being edited is the one shown,
// and switching a question to single choice shows its option rows at once.
(function () {
  "use strict";
  const form = document.getElementById("survey-builder");
  const refresh = document.getElementById("preview-refresh");
  const step = document.getElementById("preview-step");
  if (!form || !refresh) return;

  let timer = null;
  function updatePreview() {
    clearTimeout(timer);
    timer = setTimeout(function () { form.requestSubmit(refresh); }, 350);
  }

  form.addEventListener("input", updatePreview);
  form.addEventListener("change", function (event) {
    const select = event.target.closest("[data-question-type]");
    if (select) {
      const choices = select.closest(".fb-question").querySelector("[data-choices]");
      if (choices) choices.hidden = select.value !== "single_choice";
    }
    updatePreview();
  });
  // The preview controls sit outside the form element (they belong to it through form="…").
  document.querySelectorAll("#preview-lang, #preview-step").forEach(function (control) {
    control.addEventListener("change", updatePreview);
  });
  form.addEventListener("focusin", function (event) {
    const question = event.target.closest(".fb-question");
    if (question && step && step.value !== question.dataset.step) {
      step.value = question.dataset.step;
      updatePreview();
    }
  });

  const errors = document.getElementById("errors");
  if (errors) {
    errors.focus();
  } else if (form.dataset.focus) {
    const target = document.getElementById(form.dataset.focus);
    if (target) {
      target.scrollIntoView({ block: "center" });
      const field = target.querySelector("input:not([type=hidden]), textarea, select");
      if (field) field.focus({ preventScroll: true });
    }
  }
  // The frame first shows the saved survey; after an add, move or remove it shows the page as it is now.
  form.requestSubmit(refresh);
})();
