// Mentions of each topic per week or month, drawn from the JSON the Topics page embeds.
(function () {
  const source = document.getElementById("topics-volume-data");
  const target = document.getElementById("topics-volume");
  if (!source || !target || !window.Plotly) return;
  const data = kohtaamoChartText(JSON.parse(source.textContent));
  const lines = data.series.map((s) => ({
    x: data.x, y: s.y, type: "scatter", mode: "lines+markers", name: s.label,
    hovertemplate: "%{x}: %{y}<extra>%{fullData.name}</extra>",
  }));
  Plotly.newPlot(target, lines, {
    margin: { l: 40, r: 10, t: 10, b: 40 }, xaxis: { type: "date" }, yaxis: { rangemode: "tozero" },
    legend: { orientation: "h" },
  }, { displayModeBar: false, responsive: true });
})();
