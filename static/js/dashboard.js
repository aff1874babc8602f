// Draw a dashboard's charts from the JSON the page carries (one figure per chart, in order).
(function () {
  "use strict";
  const island = document.getElementById("dashboard-figures");
  const holder = document.getElementById("charts");
  if (!island || !holder) { return; }
  const charts = JSON.parse(island.textContent);
  let drawn = 0;
  for (const chart of charts) {
    const figure = document.createElement("figure");
    const caption = document.createElement("figcaption");
    caption.textContent = chart.title;
    const plot = document.createElement("div");
    plot.className = "chart";
    figure.append(caption, plot);
    holder.append(figure);
    window.Plotly.newPlot(plot, chart.figure.data, chart.figure.layout, { responsive: true, displaylogo: false })
      .then(function () {
        drawn += 1;
        if (drawn === charts.length) { holder.dataset.drawn = "true"; }
      });
  }
  if (charts.length === 0) { holder.dataset.drawn = "true"; }
})();
