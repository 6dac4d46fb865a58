// Citation graph (Cytoscape, served locally). Nodes are documents; click or Enter opens one.
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
  // Columns: documents citing this one on the left, the cited ones on the right.
  function positions(nodes) {
    var cols = {};
    nodes.forEach(function (n) { (cols[n.col] = cols[n.col] || []).push(n.id); });
    var pos = {};
    Object.keys(cols).forEach(function (c) {
      var ids = cols[c];
      ids.forEach(function (id, i) { pos[id] = { x: Number(c) * 260, y: (i - (ids.length - 1) / 2) * 70 }; });
    });
    return pos;
  }
  var font = getComputedStyle(document.body).fontFamily;
  var cy = cytoscape({
    container: holder,
    elements: elements,
    wheelSensitivity: 0.2,
    minZoom: 0.3,
    maxZoom: 3,
    style: [
      { selector: 'node', style: {
        'label': 'data(label)', 'font-family': font, 'font-size': 12, 'color': '#1d2330',
        'text-valign': 'bottom', 'text-margin-y': 5, 'text-wrap': 'wrap', 'text-max-width': 200,
        'background-color': '#2f6db5', 'width': 22, 'height': 22, 'border-width': 2, 'border-color': '#fff',
      } },
      { selector: 'node[kind = "center"]', style: { 'background-color': '#a4161a', 'width': 34, 'height': 34, 'font-weight': 'bold', 'font-size': 13 } },
      { selector: 'node[kind = "external"]', style: { 'background-color': '#fff', 'border-color': '#7b8490', 'border-style': 'dashed', 'color': '#525b69' } },
      { selector: 'edge', style: {
        'width': 1.6, 'line-color': '#9aa3af', 'target-arrow-color': '#9aa3af', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier',
      } },
      { selector: 'node:selected', style: { 'border-color': '#f0a500', 'border-width': 4 } },
    ],
    layout: { name: 'preset', positions: positions(g.nodes), padding: 40, fit: true },
  });
  // Small graphs would be blown up to fill the box: keep text at its natural size.
  if (cy.zoom() > 1.1) { cy.zoom(1.1); cy.center(); }
  cy.on('tap', 'node', function (evt) {
    var href = evt.target.data('href');
    if (href) window.location.href = href;
  });
  cy.on('mouseover', 'node', function (evt) {
    holder.title = evt.target.data('title') || '';
    holder.style.cursor = evt.target.data('href') ? 'pointer' : 'default';
  });
  cy.on('mouseout', 'node', function () { holder.title = ''; holder.style.cursor = 'default'; });
  window.gongbaoGraph = cy;
})();
