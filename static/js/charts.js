// Draw every plotly figure the page carries as JSON in a data-figure attribute.
(function () {
  "use strict";
  for (const element of document.querySelectorAll("[data-figure]")) {
    const figure = JSON.parse(element.dataset.figure);
    window.Plotly.newPlot(element, figure.data, figure.layout, { responsive: true, displaylogo: false })
      .then(function () { element.dataset.drawn = "true"; });
  }
})();
