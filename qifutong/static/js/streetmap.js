/* The street map (qifutong/maps.py draws the figure): plotly.js, served locally, draws the
   markers; this script shows the zoom level whose markers do not overlap at the current scale,
   lays the street's map tiles under the markers when a tile service is configured, opens a
   building's page on a click on it and zooms into merged buildings on a click on them. */
(function () {
  'use strict';
  var el = document.getElementById('street-map');
  var source = document.getElementById('street-map-figure');
  if (!el || !source || !window.Plotly) { return; }
  var fig = JSON.parse(source.textContent);
  var meta = fig.map || { levels: [], label_px: 120, tiles: '' };
  var levels = meta.levels;
  var shown = 0;
  var tileLayer = null;
  var config = { displaylogo: false, responsive: true, scrollZoom: true,
    modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d', 'toggleSpikelines'] };

  // The visible extent; while a pan or zoom is under way its event carries the new ranges.
  function view(ev) {
    var full = el._fullLayout, size = full._size;
    var xr = full.xaxis.range.slice(), yr = full.yaxis.range.slice();
    if (ev && ev['xaxis.range[0]'] !== undefined) { xr = [ev['xaxis.range[0]'], ev['xaxis.range[1]']]; }
    if (ev && ev['yaxis.range[0]'] !== undefined) { yr = [ev['yaxis.range[0]'], ev['yaxis.range[1]']]; }
    return { x0: xr[0], x1: xr[1], y0: yr[0], y1: yr[1], w: size.w, h: size.h,
      l: size.l, t: size.t };
  }

  // The finest level whose markers stay a label's width apart at this scale.
  function levelFor(v) {
    var need = meta.label_px * (v.x1 - v.x0) / v.w;
    var best = 0;
    levels.forEach(function (lv, i) { if (lv.width >= need) { best = i; } });
    return best;
  }

  function showLevel(index) {
    if (index === shown || !levels.length) { return; }
    var traces = [], visible = [];
    levels.forEach(function (lv, i) {
      [lv.single, lv.merged, lv.under].forEach(function (t) {
        traces.push(t);
        visible.push(i === index);
      });
    });
    shown = index;
    Plotly.restyle(el, { visible: visible }, traces);
    el.setAttribute('data-level', String(index));
  }

  // Web Mercator tiles: x is longitude and y the northing in degrees, so a tile of zoom z
  // spans 360 / 2^z on both axes.
  function drawTiles(v) {
    if (!tileLayer) { return; }
    var upp = (v.x1 - v.x0) / v.w;
    var z = Math.max(3, Math.min(18, Math.round(Math.log(360 / (256 * upp)) / Math.LN2)));
    var n, tx0, tx1, ty0, ty1;
    for (;;) {
      n = Math.pow(2, z);
      tx0 = Math.floor((v.x0 + 180) / 360 * n); tx1 = Math.floor((v.x1 + 180) / 360 * n);
      ty0 = Math.floor((180 - v.y1) / 360 * n); ty1 = Math.floor((180 - v.y0) / 360 * n);
      if ((tx1 - tx0 + 1) * (ty1 - ty0 + 1) <= 120 || z <= 3) { break; }
      z -= 1;
    }
    var side = 360 / n, scale = v.w / (v.x1 - v.x0);
    var frag = document.createDocumentFragment();
    for (var tx = tx0; tx <= tx1; tx += 1) {
      for (var ty = Math.max(ty0, 0); ty <= Math.min(ty1, n - 1); ty += 1) {
        var img = document.createElement('img');
        img.alt = '';
        img.referrerPolicy = 'strict-origin';
        img.src = meta.tiles.replace('{x}', tx).replace('{y}', ty).replace('{z}', z);
        var left = v.l + (tx * side - 180 - v.x0) * scale;
        var top = v.t + (v.y1 - (180 - ty * side)) * scale;
        img.style.left = left + 'px';
        img.style.top = top + 'px';
        img.style.width = img.style.height = Math.ceil(side * scale) + 1 + 'px';
        frag.appendChild(img);
      }
    }
    tileLayer.replaceChildren(frag);
  }

  function update(final, ev) {
    var v = view(ev);
    drawTiles(v);
    if (final) { showLevel(levelFor(v)); }
  }

  // bounds: the merged buildings' extent and the label box width at which they come apart.
  function zoomInto(bounds) {
    var v = view();
    var cx = (bounds[0] + bounds[1]) / 2, cy = (bounds[2] + bounds[3]) / 2;
    // At least twice as close, so that every click visibly brings the buildings nearer.
    var sx = Math.min(v.w * bounds[4] / meta.label_px, (v.x1 - v.x0) / 2);
    sx = Math.max(sx, (bounds[1] - bounds[0]) * 1.4, (bounds[3] - bounds[2]) * 1.4 * v.w / v.h);
    var sy = sx * v.h / v.w;
    Plotly.relayout(el, { 'xaxis.range': [cx - sx / 2, cx + sx / 2],
      'yaxis.range': [cy - sy / 2, cy + sy / 2] });
  }

  // The first view: every building with room around it for the labels (half a label's width
  // on each side, less on a phone where width is scarce; a label's height below), at one
  // scale on both axes.
  function fit() {
    var e = meta.extent, w = el.clientWidth, h = el.clientHeight;
    var side = Math.min(meta.label_px / 2, w * 0.1), below = 64, above = 24;
    if (!e || w <= 2 * side || h <= below + above) { return; }
    var upp = Math.max((e[1] - e[0]) / (w - 2 * side), (e[3] - e[2]) / (h - below - above), 1e-5);
    var cx = (e[0] + e[1]) / 2;
    var low = e[2] - below * upp - (h * upp - (e[3] - e[2]) - (below + above) * upp) / 2;
    fig.layout.xaxis.range = [cx - w * upp / 2, cx + w * upp / 2];
    fig.layout.yaxis.range = [low, low + h * upp];
  }

  fit();
  if (meta.tiles) {
    tileLayer = document.createElement('div');
    tileLayer.className = 'map-tiles';
    el.parentNode.insertBefore(tileLayer, el);
  }
  Plotly.newPlot(el, fig.data, fig.layout, config).then(function () {
    update(true);
    el.on('plotly_relayout', function () { update(true); });
    el.on('plotly_relayouting', function (ev) { update(false, ev); });
    el.on('plotly_click', function (ev) {
      var p = ev && ev.points && ev.points[0];
      if (!p) { return; }
      for (var i = 0; i < levels.length; i += 1) {
        var lv = levels[i];
        if (p.curveNumber === lv.merged || p.curveNumber === lv.under) {
          zoomInto(lv.bounds[p.pointNumber]);
          return;
        }
      }
      if (p.customdata) { window.location.href = el.getAttribute('data-building-url') + p.customdata; }
    });
    el.setAttribute('data-level', String(shown));
    el.setAttribute('data-rendered', '1');
    el.setAttribute('data-ready', '1');
  });
})();
