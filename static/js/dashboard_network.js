/* The dashboard's network map: draws the JSON of dashboard_network_data with Cytoscape.js.
   The table below the map holds the same units and their ties; the map is walked by keyboard:
   arrow keys move to the linked unit that lies that way, Page Up/Down to the previous/next unit
   (isolated ones too), Enter opens the unit's row in the table, Escape leaves the walk.
   Business units sit inside their division, IT teams inside their branch (compound nodes, placed
   by placeInGroups: business on the left, IT on the right); labels show once they are large
   enough to read (zoom in) and on hover, selection and search. The search focuses a unit and
   its ties; the export buttons save the whole map (not the view) as PNG or SVG (network_svg.js). */
(function () {
  "use strict";

  var SIDE = { it: "IT team", business: "business unit" };
  var DIRECTIONS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function tiesOf(data) {
    var labels = {};
    var ties = {};
    data.nodes.forEach(function (n) { labels[n.id] = n.label; ties[n.id] = []; });
    data.edges.forEach(function (e) {
      ties[e.source].push({ id: e.target, label: labels[e.target], weight: e.weight });
      ties[e.target].push({ id: e.source, label: labels[e.source], weight: e.weight });
    });
    Object.keys(ties).forEach(function (id) {
      ties[id].sort(function (a, b) { return a.label.localeCompare(b.label); });
    });
    return ties;
  }

  function tieText(tie) {
    return tie.label + " (" + tie.weight + ")";
  }

  function fillTable(nodes, ties) {
    var body = document.querySelector("#network-table tbody");
    if (!body) return;
    body.replaceChildren();
    nodes.forEach(function (n) {
      var tr = document.createElement("tr");
      tr.id = "network-row-" + n.id;
      tr.tabIndex = -1;
      var note = n.bridge ? "fragile bridge" : n.isolated ? "isolated" : "";
      var linked = ties[n.id].map(tieText).join(", ") || "none";
      [n.label, n.side === "it" ? "IT" : "Business", n.location, String(n.touchpoints), linked, note]
        .forEach(function (text) { tr.appendChild(cell(text)); });
      body.appendChild(tr);
    });
  }

  function summary(meta, nodes) {
    var text = meta.shown_nodes + " of " + meta.total_nodes + " units and " + meta.shown_edges +
      " of " + meta.total_edges + " ties drawn; " + meta.isolated + " isolated, " + meta.bridges +
      " fragile bridges.";
    ["business", "it"].forEach(function (side) {
      if (!nodes.some(function (n) { return n.side === side; })) {
        text += " No " + (side === "it" ? "IT team" : "business unit") + " at this depth: choose another.";
      }
    });
    if (meta.shown_nodes < meta.total_nodes) {
      text += " Left out: " + (meta.total_nodes - meta.shown_nodes) +
        " units (choose a division, a location or a shallower depth to see them).";
    }
    return text;
  }

  function describe(n, ties) {
    var linked = ties.length ? "linked to " + ties.map(tieText).join(", ") : "no ties";
    return n.label + ", " + (SIDE[n.side] || SIDE.business) + (n.location ? ", " + n.location : "") +
      ", " + n.touchpoints + " touch points" + (n.bridge ? ", fragile bridge" : "") +
      (n.isolated ? ", isolated" : "") + "; " + linked + ".";
  }

  // The neighbour that lies most nearly in the arrow's direction: every neighbour lies ahead
  // of at least one of the four arrows, so each tie can be walked.
  function neighbourToward(node, direction) {
    var from = node.position();
    var best = null;
    var bestScore = Infinity;
    node.neighborhood("node").forEach(function (other) {
      var to = other.position();
      var dx = to.x - from.x;
      var dy = to.y - from.y;
      var distance = Math.sqrt(dx * dx + dy * dy) || 1;
      var ahead = (dx * direction[0] + dy * direction[1]) / distance;
      if (ahead <= 0) return;
      var score = distance * (3 - 2 * ahead);
      if (score < bestScore) { bestScore = score; best = other; }
    });
    return best;
  }

  function keyboardWalk(container, cy, ties) {
    var status = document.getElementById("network-focus");
    var order = cy.nodes(".unit").sort(function (a, b) { return a.data("label").localeCompare(b.data("label")); });
    var current = null;

    function go(node) {
      if (!node) return;
      cy.nodes().unselect();
      node.select();
      current = node;
      if (status) status.textContent = describe(node.data(), ties[node.id()]);
    }

    container.addEventListener("focus", function () {
      if (!current && order.length) go(order[0]);
    });
    container.addEventListener("keydown", function (event) {
      if (!current) return;
      var index = order.indexOf(current);
      if (DIRECTIONS[event.key]) {
        var next = neighbourToward(current, DIRECTIONS[event.key]);
        if (next) go(next);
        else if (status) status.textContent = "No tie that way from " + current.data("label") + ".";
      } else if (event.key === "PageDown" || event.key === "PageUp") {
        var step = event.key === "PageDown" ? 1 : order.length - 1;
        go(order[(index + step) % order.length]);
      } else if (event.key === "Home" || event.key === "End") {
        go(order[event.key === "Home" ? 0 : order.length - 1]);
      } else if (event.key === "Enter" || event.key === " ") {
        var details = container.parentNode.querySelector("details.chart-table");
        var row = document.getElementById("network-row-" + current.id());
        if (details) details.open = true;
        if (row) row.focus();
      } else if (event.key === "Escape") {
        cy.nodes().unselect();
        current = null;
        if (status) status.textContent = "";
        return;
      } else {
        return;
      }
      event.preventDefault();
    });
    cy.on("tap", "node.unit", function (event) { go(event.target); });
    return go;
  }

  var SPACING = 64;
  var SHELF = 1200;  // the widest row of groups on one side before the next row starts

  // Positions for every unit: each side's groups (in name order) laid out in rows of at most
  // SHELF wide, each group a small grid of its units; IT to the right of business.
  function placeInGroups(nodes, groupLabels) {
    var positions = {};
    var left = 0;
    ["business", "it"].forEach(function (side) {
      var clusters = {};
      nodes.forEach(function (n) {
        if (n.side !== side) return;
        var key = n.group || "";
        (clusters[key] = clusters[key] || []).push(n);
      });
      var keys = Object.keys(clusters).sort(function (a, b) {
        return (groupLabels[a] || "").localeCompare(groupLabels[b] || "");
      });
      var x = left, y = 0, rowHeight = 0, widest = left;
      keys.forEach(function (key) {
        var members = clusters[key].sort(function (a, b) { return a.label.localeCompare(b.label); });
        var cols = Math.max(1, Math.ceil(Math.sqrt(members.length * 1.5)));
        var width = cols * SPACING, height = Math.ceil(members.length / cols) * SPACING;
        if (x > left && x + width > left + SHELF) { x = left; y += rowHeight + SPACING; rowHeight = 0; }
        members.forEach(function (n, i) {
          positions[n.id] = { x: x + (i % cols) * SPACING, y: y + Math.floor(i / cols) * SPACING };
        });
        x += width + SPACING;
        rowHeight = Math.max(rowHeight, height);
        widest = Math.max(widest, x);
      });
      left = widest + 3 * SPACING;
    });
    return positions;
  }

  function focusOn(cy, node, go) {
    var hood = node.closedNeighborhood();
    cy.elements().addClass("faded").removeClass("show-label");
    hood.removeClass("faded");
    hood.nodes().addClass("show-label").parents().removeClass("faded");
    cy.fit(hood, 40);
    go(node);
  }

  function findUnit(cy, text) {
    var wanted = text.trim().toLowerCase();
    if (!wanted) return null;
    var units = cy.nodes(".unit");
    var exact = units.filter(function (n) { return n.data("label").toLowerCase() === wanted; });
    if (exact.length) return exact[0];
    var partial = units.filter(function (n) { return n.data("label").toLowerCase().indexOf(wanted) !== -1; });
    return partial.length ? partial[0] : null;
  }

  function search(cy, go) {
    var form = document.getElementById("network-search");
    var list = document.getElementById("network-units");
    var status = document.getElementById("network-focus");
    if (!form) return;
    if (list) {
      list.replaceChildren();
      cy.nodes(".unit").forEach(function (n) {
        var option = document.createElement("option");
        option.value = n.data("label");
        list.appendChild(option);
      });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = form.elements.q.value;
      var node = findUnit(cy, text);
      if (node) focusOn(cy, node, go);
      else if (status) status.textContent = "No unit in the map matches “" + text + "”.";
    });
    form.addEventListener("reset", function () {
      cy.elements().removeClass("faded show-label");
      cy.nodes().unselect();
      cy.fit(undefined, 20);
      if (status) status.textContent = "";
    });
  }

  function download(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function exports(cy) {
    var png = document.getElementById("network-export-png");
    var svg = document.getElementById("network-export-svg");
    // Full size: the whole graph at twice its model size, whatever the zoom.
    if (png) png.addEventListener("click", function () {
      download(cy.png({ full: true, scale: 2, bg: "#ffffff", output: "blob" }), "network-map.png");
    });
    if (svg && window.networkSvg) svg.addEventListener("click", function () {
      download(new Blob([window.networkSvg(cy)], { type: "image/svg+xml" }), "network-map.svg");
    });
  }

  // Cytoscape adds an inline <style> (its container's position: relative) unless an element
  // with this id exists; the CSP refuses inline styles and dashboard.css already has the rule.
  var CYTOSCAPE_STYLESHEET = "__________cytoscape_stylesheet";

  function preemptCytoscapeStyle() {
    if (document.getElementById(CYTOSCAPE_STYLESHEET)) return;
    var mark = document.createElement("meta");
    mark.id = CYTOSCAPE_STYLESHEET;
    document.head.appendChild(mark);
  }

  function draw(container, data, ties) {
    preemptCytoscapeStyle();
    var groupLabels = {};
    var groups = (data.groups || []).map(function (g) {
      groupLabels[g.id] = g.label;
      return { data: { id: g.id, label: g.label }, classes: "group" };
    });
    var positions = placeInGroups(data.nodes, groupLabels);
    var elements = groups.concat(data.nodes.map(function (n) {
      var data = Object.assign({}, n);
      if (n.group && groupLabels[n.group]) data.parent = n.group;
      return { data: data, position: positions[n.id], classes: ["unit", n.side, n.isolated ? "isolated" : "", n.bridge ? "bridge" : ""].join(" ") };
    })).concat(data.edges.map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, weight: e.weight, levels: e.levels } };
    }));
    var cy = window.cytoscape({
      container: container,
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        // A label is drawn only once it is at least 10 px on screen: at real size the map shows
        // its shape, zooming in brings the names; hover, selection and search show them anyway.
        { selector: "node", style: { label: "data(label)", "font-size": 9, "min-zoomed-font-size": 10, width: 14, height: 14, "text-valign": "bottom", "text-margin-y": 2, color: "#222" } },
        { selector: "node.group", style: { shape: "round-rectangle", "background-color": "#f2f5f8", "border-width": 1, "border-color": "#90a4ae", "font-size": 12, "font-weight": "bold", "min-zoomed-font-size": 6, "text-valign": "top", "text-halign": "center", "text-margin-y": -4, color: "#37474f", padding: 12 } },
        { selector: "node.show-label, node.hover, node:selected", style: { "min-zoomed-font-size": 0, "font-size": 11, "text-background-color": "#fff", "text-background-opacity": 0.9, "text-background-padding": 2, "z-index": 20 } },
        { selector: ".faded", style: { opacity: 0.15 } },
        { selector: "node.business", style: { shape: "round-rectangle", "background-color": "#1565c0" } },
        { selector: "node.it", style: { shape: "ellipse", "background-color": "#00897b" } },
        { selector: "node.isolated", style: { "background-opacity": 0.15, "border-width": 2, "border-style": "dashed", "border-color": "#c62828" } },
        { selector: "node.bridge", style: { "background-color": "#c62828", width: 20, height: 20 } },
        { selector: "node:selected", style: { "border-width": 4, "border-style": "solid", "border-color": "#111", "font-size": 12, "font-weight": "bold" } },
        { selector: "edge", style: { width: "mapData(weight, 1, 50, 0.5, 5)", "line-color": "#90a4ae", opacity: 0.6 } }
      ],
      layout: { name: "preset", fit: true, padding: 20 }
    });
    var tip = document.createElement("div");
    tip.className = "network-tip";
    tip.hidden = true;
    container.appendChild(tip);
    cy.on("mouseover", "node.unit", function (event) {
      event.target.addClass("hover");
      tip.textContent = describe(event.target.data(), ties[event.target.id()]);
      tip.hidden = false;
    });
    cy.on("mouseout", "node.unit", function (event) { event.target.removeClass("hover"); });
    cy.on("mouseover", "edge", function (event) {
      var e = event.target.data();
      tip.textContent = e.weight + " touch points: " + e.levels.strategic + " strategic, " +
        e.levels.tactical + " tactical, " + e.levels.operational + " operational";
      tip.hidden = false;
    });
    cy.on("mouseout", function () { tip.hidden = true; });
    var go = keyboardWalk(container, cy, ties);
    search(cy, go);
    exports(cy);
    container.networkMap = cy;  // for the browser tests and the console
  }

  function init() {
    var container = document.getElementById("network");
    if (!container || container.dataset.drawn) return;
    container.dataset.drawn = "1";
    fetch(container.dataset.src, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var ties = tiesOf(data);
        document.getElementById("network-summary").textContent = summary(data.meta, data.nodes);
        fillTable(data.nodes, ties);
        draw(container, data, ties);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  document.addEventListener("htmx:afterSettle", init);
})();
