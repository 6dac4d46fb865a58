// Citation graph (Cytoscape, served locally). Nodes are documents; click or Enter opens one.
// Labels are short (a document number, or a few characters of the title) and keep the same size
// on screen at every zoom; the full title shows on hover, and when an entry of the lists below
// the graph is hovered or focused (keyboard users reach the documents through those lists).
(function () {
  'use strict';
  var holder = document.getElementById('graph');
  var dataEl = document.getElementById('graph-data');
  if (!holder || !dataEl || typeof cytoscape !== 'function') return;
  var g = JSON.parse(dataEl.textContent);
  var elements = [];
  g.nodes.forEach(function (n) {
    elements.push({ data: { id: n.id, label: n.label, title: n.title, href: n.href, kind: n.kind, col: n.col } });
  });
  g.edges.forEach(function (e) { elements.push({ data: { id: e.id, source: e.source, target: e.target } }); });

  var COL = 300;
  var ROW = 76;
  // Wide screens: columns, documents citing this one on the left, the cited ones on the right.
  // Narrow ones: the same as rows, citing above, cited below, each row wrapped to the width.
  var narrow = holder.clientWidth < 640;
  function positions(nodes) {
    var cols = {};
    nodes.forEach(function (n) { (cols[n.col] = cols[n.col] || []).push(n.id); });
    var pos = {};
    var keys = Object.keys(cols).map(Number).sort(function (a, b) { return a - b; });
    if (!narrow) {
      keys.forEach(function (c) {
        var ids = cols[c];
        ids.forEach(function (id, i) { pos[id] = { x: c * COL, y: (i - (ids.length - 1) / 2) * ROW }; });
      });
      return pos;
    }
    var perRow = Math.max(1, Math.floor(holder.clientWidth / 170));
    var y = 0;
    keys.forEach(function (c) {
      var ids = cols[c];
      for (var r = 0; r * perRow < ids.length; r++) {
        var row = ids.slice(r * perRow, (r + 1) * perRow);
        row.forEach(function (id, i) { pos[id] = { x: (i - (row.length - 1) / 2) * 170, y: y }; });
        y += ROW;
      }
      y += ROW * 0.6;
    });
    return pos;
  }
  var layout = positions(g.nodes);
  // A box as tall as the drawing needs (a few nodes do not need 34rem).
  var ys = Object.keys(layout).map(function (k) { return layout[k].y; });
  var extent = Math.max.apply(null, ys) - Math.min.apply(null, ys);
  holder.style.height = Math.round(Math.max(260, Math.min(560, extent + 170))) + 'px';

  // On-screen sizes (CSS pixels) of the labels, whatever the zoom.
  var FONT = 13;
  var LABEL_WIDTH = 150;
  var font = getComputedStyle(document.body).fontFamily;
  var cy = cytoscape({
    container: holder,
    elements: elements,
    wheelSensitivity: 0.2,
    minZoom: 0.45,
    maxZoom: 2.5,
    style: [
      { selector: 'node', style: {
        'label': 'data(label)', 'font-family': font, 'font-size': FONT, 'color': '#1d2330',
        'text-valign': 'bottom', 'text-margin-y': 5, 'text-wrap': 'ellipsis', 'text-max-width': LABEL_WIDTH,
        'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': 2,
        'background-color': '#2f6db5', 'width': 22, 'height': 22, 'border-width': 2, 'border-color': '#fff',
      } },
      { selector: 'node[kind = "center"]', style: { 'background-color': '#a4161a', 'width': 34, 'height': 34, 'font-weight': 'bold' } },
      { selector: 'node[kind = "missing"]', style: {
        'shape': 'round-rectangle', 'width': 'label', 'height': 'label', 'padding': 8,
        'text-valign': 'center', 'text-margin-y': 0, 'text-background-opacity': 0,
        'background-color': '#f5f6f8', 'border-color': '#7b8490', 'border-style': 'dashed', 'border-width': 2, 'color': '#3b4350',
      } },
      { selector: 'edge', style: {
        'width': 1.6, 'line-color': '#9aa3af', 'target-arrow-color': '#9aa3af', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier',
      } },
      { selector: 'node.hl', style: { 'border-color': '#f0a500', 'border-width': 4, 'border-style': 'solid' } },
    ],
    layout: { name: 'preset', positions: layout, padding: 40, fit: true },
  });

  // Fonts, label widths and node sizes in graph units, so that on screen they stay the same size.
  function keepLabelSize() {
    var z = cy.zoom();
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var center = n.data('kind') === 'center';
        n.style({
          'font-size': FONT / z,
          'text-max-width': LABEL_WIDTH / z,
          'text-margin-y': n.data('kind') === 'missing' ? 0 : 5 / z,
          'text-background-padding': 2 / z,
          'border-width': (n.hasClass('hl') ? 4 : 2) / z,
        });
        if (n.data('kind') === 'missing') n.style({ 'padding': 8 / z });
        else n.style({ 'width': (center ? 34 : 22) / z, 'height': (center ? 34 : 22) / z });
      });
      cy.edges().style({ 'width': 1.6 / z, 'arrow-scale': 1 });
    });
  }
  // Fit the drawing with its labels (whose size in graph units depends on the zoom: a few rounds
  // settle it); small graphs are not blown up beyond their natural size.
  function fitAll() {
    for (var i = 0; i < 4; i++) {
      cy.fit(undefined, 24);
      if (cy.zoom() > 1.1) { cy.zoom(1.1); cy.center(); }
      keepLabelSize();
    }
  }
  fitAll();
  cy.on('zoom', keepLabelSize);

  // The full title, in a box beside the node.
  var tip = document.createElement('div');
  tip.className = 'graph-tip';
  tip.setAttribute('role', 'tooltip');
  tip.id = 'graph-tip';
  tip.hidden = true;
  holder.parentNode.insertBefore(tip, holder.nextSibling);
  function show(node) {
    cy.nodes().removeClass('hl');
    if (!node || node.empty()) { tip.hidden = true; keepLabelSize(); return; }
    node.addClass('hl');
    keepLabelSize();
    var p = node.renderedPosition();
    tip.textContent = node.data('title') || node.data('label');
    tip.hidden = false;
    var left = Math.max(4, Math.min(holder.clientWidth - tip.offsetWidth - 4, p.x - tip.offsetWidth / 2));
    tip.style.left = (holder.offsetLeft + left) + 'px';
    tip.style.top = (holder.offsetTop + p.y + node.renderedOuterHeight() / 2 + 24) + 'px';
  }

  cy.on('tap', 'node', function (evt) {
    var href = evt.target.data('href');
    if (href) window.location.href = href;
  });
  cy.on('mouseover', 'node', function (evt) {
    show(evt.target);
    holder.style.cursor = evt.target.data('href') ? 'pointer' : 'default';
  });
  cy.on('mouseout', 'node', function () { show(null); holder.style.cursor = 'default'; });
  // (Leaving the box fast skips the node's mouseout.)
  holder.addEventListener('mouseleave', function () { show(null); });
  cy.on('pan zoom', function () { if (!tip.hidden) show(cy.nodes('.hl')); });

  // The lists below: hovering or focusing an entry points at its node.
  document.querySelectorAll('[data-node]').forEach(function (el) {
    var node = function () { return cy.getElementById(el.getAttribute('data-node')); };
    el.addEventListener('mouseenter', function () { show(node()); });
    el.addEventListener('mouseleave', function () { show(null); });
    el.addEventListener('focus', function () { show(node()); });
    el.addEventListener('blur', function () { show(null); });
  });
  window.gongbaoGraph = cy;
})();
