// Behaviour shared by every page, kept out of the markup so the Content-Security-Policy needs no inline script.
// A <select data-autosubmit> sends its form when the choice changes (the language switcher, the plan's day).
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
    target.form.requestSubmit();
  }
});
// Plotly reads a little HTML in chart texts (legend names, category labels, titles), and names come from
// imports: every string of a chart's data and layout gets &, < and > escaped before drawing (Plotly shows
// the entities as the characters). Our own hover templates ("…template" keys) are left as written.
window.kohtaamoChartText = function escapeChart(value, key) {
  if (typeof value === "string") {
    if (key && key.endsWith("template")) return value;
    return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  if (Array.isArray(value)) return value.map((item) => escapeChart(item, key));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, escapeChart(item, name)]));
  }
  return value;
};
