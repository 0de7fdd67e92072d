// Draw every Plotly chart: <div data-figure="ID"> takes its figure from the json_script element ID.
function drawJourneyCharts() {
  document.querySelectorAll("[data-figure]").forEach(function (target) {
    var source = document.getElementById(target.dataset.figure);
    if (!source || target.dataset.drawn) return;
    var figure = JSON.parse(source.textContent);
    Plotly.newPlot(target, kohtaamoChartText(figure.data), kohtaamoChartText(figure.layout), {displayModeBar: false, responsive: true});
    target.dataset.drawn = "1";
  });
}
document.addEventListener("DOMContentLoaded", drawJourneyCharts);
