// Draws the operations charts from JSON embedded by the page (json_script); no data comes from elsewhere.
(function () {
  "use strict";
  const config = { responsive: true, displaylogo: false };
  const layout = (extra) => Object.assign({ margin: { t: 30, r: 20, b: 60, l: 60 }, legend: { orientation: "h" } }, extra || {});
  const data = (id) => { const el = document.getElementById(id); return el ? JSON.parse(el.textContent) : null; };
  const draw = (id, traces, extra) => { const el = document.getElementById(id); if (el && window.Plotly) Plotly.newPlot(el, kohtaamoChartText(traces), kohtaamoChartText(layout(extra)), config); };

  function dashboard(d) {
    const L = d.labels;
    draw("chart-volume", d.series.flatMap((s) => [
      { type: "bar", name: `${s.name} ${L.offered}`.trim(), x: d.x, y: s.offered },
      { type: "bar", name: `${s.name} ${L.abandoned}`.trim(), x: d.x, y: s.abandoned },
    ]), { barmode: "group" });
    draw("chart-sl", d.series.map((s) => ({ type: "scatter", mode: "lines+markers", name: s.name || L.service_level,
      x: d.x, y: s.service_level.map((v) => (v === null ? null : v * 100)) })), { yaxis: { title: L.service_level, range: [0, 100] } });
    draw("chart-aht", d.series.flatMap((s) => [
      { type: "scatter", mode: "lines", name: `${s.name} ${L.aht}`.trim(), x: d.x, y: s.aht },
      { type: "scatter", mode: "lines", name: `${s.name} ${L.asa}`.trim(), x: d.x, y: s.asa, line: { dash: "dot" } },
    ]));
    draw("chart-heatmap", [{ type: "heatmap", x: [...Array(24).keys()].map((h) => `${String(h).padStart(2, "0")}`), y: d.heatmap.y,
      z: d.heatmap.z, customdata: d.heatmap.offered, zmin: 0, zmax: 100, colorscale: [[0, "#a1262b"], [0.5, "#f2c94c"], [1, "#1d6b3a"]],
      hovertemplate: "%{y} %{x}: %{z} % (n=%{customdata})<extra></extra>", colorbar: { title: "%" } }],
      { yaxis: { autorange: "reversed" }, xaxis: { title: L.hour } });
    draw("chart-cases", [
      { type: "scatter", mode: "lines", name: L.contacts_per_case, x: d.cases.x, y: d.cases.contacts_per_case },
      { type: "scatter", mode: "lines", name: L.resolution_hours, x: d.cases.x, y: d.cases.resolution_hours, yaxis: "y2" },
    ], { yaxis2: { overlaying: "y", side: "right" } });
    draw("chart-backlog", [{ type: "scatter", mode: "lines", fill: "tozeroy", name: L.waiting, x: d.backlog.x, y: d.backlog.waiting }]);
  }

  function forecast(d) {
    const L = d.labels;
    const traces = [
      { type: "scatter", mode: "lines", name: L.forecast, x: d.x, y: d.forecast },
      { type: "scatter", mode: "lines", name: L.actual, x: d.x, y: d.actual },
    ];
    if (d.reforecast.some((v) => v !== null)) traces.push({ type: "scatter", mode: "lines", name: L.reforecast, x: d.x, y: d.reforecast, line: { dash: "dot" } });
    draw("chart-forecast", traces);
    if (d.backtest && d.backtest.x) {
      draw("chart-backtest", [
        { type: "bar", name: L.actual, x: d.backtest.x, y: d.backtest.actual },
        { type: "scatter", mode: "lines+markers", name: L.forecast, x: d.backtest.x, y: d.backtest.forecast },
      ]);
    }
  }

  function plan(d) {
    const L = d.labels;
    draw("chart-plan", [
      { type: "scatter", mode: "lines", name: L.required, x: d.x, y: d.required, line: { shape: "hv" } },
      { type: "scatter", mode: "lines", name: L.planned, x: d.x, y: d.planned, line: { shape: "hv" } },
    ], { xaxis: { title: L.time, tickformat: "%H:%M" } });
    const h = d.gap_heatmap;
    const worst = Math.max(1, ...h.z.flat().filter((v) => v !== null).map(Math.abs));
    draw("chart-gap", [{ type: "heatmap", x: h.x, y: h.y, z: h.z, zmin: -worst, zmax: worst, colorscale: "RdBu", reversescale: true,
      colorbar: { title: L.gap }, hovertemplate: "%{y} %{x}: %{z}<extra></extra>" }], { yaxis: { autorange: "reversed" }, margin: { l: 120, t: 30 } });
    // A click on a day's row of the heatmap opens that day below (the same address the day switcher makes).
    const gap = document.getElementById("chart-gap");
    if (gap && gap.on) {
      gap.on("plotly_click", (event) => {
        const row = h.y.indexOf(event.points[0].y);
        if (row >= 0 && d.gap_days[row]) window.location.search = `?day=${d.gap_days[row]}`;
      });
    }
  }

  function compare(d) {
    draw("chart-compare", d.series.map((s) => ({ type: "scatter", mode: "lines", name: s.name, x: s.x, y: s.gap, line: { shape: "hv" } })),
      { yaxis: { title: d.labels.gap } });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const kinds = { "dashboard-data": dashboard, "forecast-data": forecast, "plan-data": plan, "compare-data": compare };
    for (const [id, fn] of Object.entries(kinds)) { const d = data(id); if (d) fn(d); }
  });
})();
