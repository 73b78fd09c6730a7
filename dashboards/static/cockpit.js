/* The cockpit's charts: plotly.js served locally; a click on a bar, slice or point opens the
   records behind it (the point's customdata narrows them to that segment). The map page has
   its own script (static/js/streetmap.js). */
(function () {
  'use strict';
  // A tile's chart is read and clicked, not zoomed: no toolbar to cover its legend.
  var tileConfig = { displaylogo: false, responsive: true, displayModeBar: false };

  function open(base, segment) {
    var url = base;
    if (segment) {
      url += (url.indexOf('?') >= 0 ? '&' : '?') + 'segment=' + encodeURIComponent(segment);
    }
    window.location.href = url;
  }

  function segmentOf(ev) {
    var p = ev && ev.points && ev.points[0];
    if (!p) { return ''; }
    var c = p.customdata;
    if (Array.isArray(c)) { c = c[0]; }
    return c ? String(c) : '';
  }

  var figures = window.COCKPIT_FIGURES || {};
  var drawn = 0;
  Object.keys(figures).forEach(function (key) {
    var div = document.getElementById('chart-' + key);
    if (!div) { return; }
    var fig = figures[key];
    Plotly.newPlot(div, fig.data, fig.layout, tileConfig).then(function () {
      drawn += 1;
      div.setAttribute('data-rendered', '1');
      document.body.setAttribute('data-charts-rendered', String(drawn));
    });
    div.on('plotly_click', function (ev) { open(div.getAttribute('data-records'), segmentOf(ev)); });
  });
})();
