// Weekly trend charts with 95 % confidence bands, drawn from the JSON the page embeds.
(function () {
  const source = document.getElementById("fb-trend-data");
  if (!source || !window.Plotly) return;
  const series = kohtaamoChartText(JSON.parse(source.textContent));
  for (const [key, s] of Object.entries(series)) {
    const target = document.getElementById("fb-trend-" + key);
    if (!target) continue;
    // The band is the upper limit filled down to the lower one (fill "tonexty" needs the lower first).
    const edge = { type: "scatter", mode: "lines", line: { width: 0 }, hoverinfo: "skip", showlegend: false };
    const lower = { ...edge, x: s.x, y: s.low };
    const upper = { ...edge, x: s.x, y: s.high, fill: "tonexty", fillcolor: "rgba(11,92,122,0.18)" };
    const line = {
      x: s.x, y: s.y, customdata: s.n, type: "scatter", mode: "lines+markers", name: s.label,
      line: { color: "#0b5c7a" }, hovertemplate: "%{x}: %{y} (n=%{customdata})<extra></extra>",
    };
    Plotly.newPlot(target, [lower, upper, line], {
      title: { text: s.label, font: { size: 14 } }, margin: { l: 40, r: 10, t: 30, b: 40 },
      xaxis: { type: "date" }, showlegend: false,
    }, { displayModeBar: false, responsive: true });
  }
})();
