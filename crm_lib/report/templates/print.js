/* Print layout the stylesheet cannot do alone (without this script report.css still prints
   the technical section open where ::details-content is supported, charts clipped to the page).
   Before printing: open every closed technical section, draw every chart DRAW_WIDTH_PX wide
   (its date labels as on a wide screen) and scale it to the printed page; afterwards: close
   the sections again and draw the charts for the screen. Opening a section on screen draws
   its charts, laid out while it was closed. */
(function () {
  var PRINT_WIDTH_PX = 700; // A4 less the @page margins of report.css (186 mm), in CSS px
  var DRAW_WIDTH_PX = 900;
  var opened = [];
  var printed = [];

  function charts(root) {
    return window.Plotly ? Array.prototype.slice.call(root.querySelectorAll(".js-plotly-plot")) : [];
  }

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.crm-technical:not([open])").forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
    charts(document).forEach(function (gd) {
      window.Plotly.relayout(gd, { width: DRAW_WIDTH_PX });
      gd.parentElement.style.zoom = PRINT_WIDTH_PX / DRAW_WIDTH_PX; // the chart's own box
      printed.push(gd);
    });
  });

  window.addEventListener("afterprint", function () {
    opened.splice(0).forEach(function (d) { d.open = false; });
    printed.splice(0).forEach(function (gd) {
      gd.parentElement.style.zoom = "";
      window.Plotly.relayout(gd, { width: null, autosize: true }).then(function () {
        window.Plotly.Plots.resize(gd);
      });
    });
  });

  document.querySelectorAll("details.crm-technical").forEach(function (d) {
    d.addEventListener("toggle", function () {
      if (d.open) charts(d).forEach(function (gd) { window.Plotly.Plots.resize(gd); });
    });
  });
})();
