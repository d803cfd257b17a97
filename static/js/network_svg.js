/* The network map as an SVG document at full size: every group, tie and unit of the Cytoscape
   graph with its name, drawn from the graph's model (positions, sizes, colours), so the file
   shows the whole map whatever the zoom. Written here rather than vendored: the cytoscape-svg
   extension is GPL-3.0 and this product is MIT, and the map uses three shapes only. */
(function () {
  "use strict";

  function escape(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function px(value) {
    return parseFloat(value) || 0;
  }

  function fixed(n) {
    return (Math.round(n * 10) / 10).toString();
  }

  function group(node) {
    var b = node.boundingBox({ includeLabels: false });
    return '<g class="group"><rect x="' + fixed(b.x1) + '" y="' + fixed(b.y1) + '" width="' + fixed(b.w) +
      '" height="' + fixed(b.h) + '" rx="6" fill="#f2f5f8" stroke="#90a4ae"/>' +
      '<text x="' + fixed(b.x1 + b.w / 2) + '" y="' + fixed(b.y1 - 5) + '" text-anchor="middle" font-size="12" font-weight="bold" fill="#37474f">' +
      escape(node.data("label")) + "</text></g>";
  }

  function tie(edge) {
    var s = edge.source().position();
    var t = edge.target().position();
    return '<line x1="' + fixed(s.x) + '" y1="' + fixed(s.y) + '" x2="' + fixed(t.x) + '" y2="' + fixed(t.y) +
      '" stroke="#90a4ae" stroke-opacity="0.6" stroke-width="' + fixed(px(edge.style("width"))) + '"/>';
  }

  function unit(node) {
    var p = node.position();
    var w = node.width();
    var h = node.height();
    var fill = node.style("background-color");
    var isolated = node.hasClass("isolated");
    var stroke = isolated ? ' stroke="#c62828" stroke-width="2" stroke-dasharray="3 2" fill-opacity="0.15"' : "";
    var shape = node.hasClass("it")
      ? '<circle cx="' + fixed(p.x) + '" cy="' + fixed(p.y) + '" r="' + fixed(w / 2) + '" fill="' + fill + '"' + stroke + "/>"
      : '<rect x="' + fixed(p.x - w / 2) + '" y="' + fixed(p.y - h / 2) + '" width="' + fixed(w) + '" height="' + fixed(h) +
        '" rx="3" fill="' + fill + '"' + stroke + "/>";
    var label = '<text x="' + fixed(p.x) + '" y="' + fixed(p.y + h / 2 + 11) + '" text-anchor="middle" font-size="9" fill="#222">' +
      escape(node.data("label")) + "</text>";
    return '<g class="unit"><title>' + escape(node.data("label")) + "</title>" + shape + label + "</g>";
  }

  window.networkSvg = function (cy) {
    var box = cy.elements().boundingBox({ includeLabels: true });
    var pad = 24;
    var x = box.x1 - pad, y = box.y1 - pad, w = box.w + 2 * pad, h = box.h + 2 * pad;
    var parts = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<svg xmlns="http://www.w3.org/2000/svg" width="' + fixed(w) + '" height="' + fixed(h) + '" viewBox="' +
        [fixed(x), fixed(y), fixed(w), fixed(h)].join(" ") + '" font-family="sans-serif">',
      "<title>Network of business units and IT teams</title>",
      '<rect x="' + fixed(x) + '" y="' + fixed(y) + '" width="' + fixed(w) + '" height="' + fixed(h) + '" fill="#ffffff"/>'
    ];
    cy.nodes(".group").forEach(function (n) { parts.push(group(n)); });
    cy.edges().forEach(function (e) { parts.push(tie(e)); });
    cy.nodes(".unit").forEach(function (n) { parts.push(unit(n)); });
    parts.push("</svg>");
    return parts.join("\n");
  };
})();
