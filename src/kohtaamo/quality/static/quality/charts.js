// Draws every Plotly chart on a quality page: a <div class="chart"> followed by its JSON traces
// (json_script) and layout. Data travels as JSON, never as inline script, so names stay escaped.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("div.chart").forEach((div) => {
    const data = div.nextElementSibling;
    const layout = data && data.nextElementSibling;
    if (!data || !window.Plotly) return;
    Plotly.newPlot(div, kohtaamoChartText(JSON.parse(data.textContent)),
      kohtaamoChartText(layout ? JSON.parse(layout.textContent) : {}),
      { displaylogo: false, responsive: true });
  });
});
