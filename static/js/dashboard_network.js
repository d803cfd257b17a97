/* The dashboard's network map: draws the JSON of dashboard_network_data with Cytoscape.js.
   The table below the map holds the same units and their ties; the map is walked by keyboard:
   arrow keys move to the linked unit that lies that way, Page Up/Down to the previous/next unit
   (isolated ones too), Enter opens the unit's row in the table, Escape leaves the walk. */
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

  function summary(meta) {
    var text = meta.shown_nodes + " of " + meta.total_nodes + " units and " + meta.shown_edges +
      " of " + meta.total_edges + " ties drawn; " + meta.isolated + " isolated, " + meta.bridges +
      " fragile bridges.";
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
    var order = cy.nodes().sort(function (a, b) { return a.data("label").localeCompare(b.data("label")); });
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
    cy.on("tap", "node", function (event) { go(event.target); });
  }

  function draw(container, data, ties) {
    var elements = data.nodes.map(function (n) {
      return { data: n, classes: [n.side, n.isolated ? "isolated" : "", n.bridge ? "bridge" : ""].join(" ") };
    }).concat(data.edges.map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, weight: e.weight, levels: e.levels } };
    }));
    var cy = window.cytoscape({
      container: container,
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 9, width: 14, height: 14, "text-valign": "bottom", "text-margin-y": 2, color: "#333" } },
        { selector: "node.business", style: { shape: "round-rectangle", "background-color": "#1565c0" } },
        { selector: "node.it", style: { shape: "ellipse", "background-color": "#00897b" } },
        { selector: "node.isolated", style: { "background-opacity": 0.15, "border-width": 2, "border-style": "dashed", "border-color": "#c62828" } },
        { selector: "node.bridge", style: { "background-color": "#c62828", width: 20, height: 20 } },
        { selector: "node:selected", style: { "border-width": 4, "border-style": "solid", "border-color": "#111", "font-size": 12, "font-weight": "bold" } },
        { selector: "edge", style: { width: "mapData(weight, 1, 50, 0.5, 5)", "line-color": "#90a4ae", opacity: 0.6 } }
      ],
      layout: { name: data.nodes.length > 120 ? "concentric" : "cose", animate: false,
                concentric: function (node) { return node.degree(); }, levelWidth: function () { return 3; } }
    });
    var tip = document.createElement("div");
    tip.className = "network-tip";
    tip.hidden = true;
    container.appendChild(tip);
    cy.on("mouseover", "node", function (event) {
      tip.textContent = describe(event.target.data(), ties[event.target.id()]);
      tip.hidden = false;
    });
    cy.on("mouseover", "edge", function (event) {
      var e = event.target.data();
      tip.textContent = e.weight + " touch points: " + e.levels.strategic + " strategic, " +
        e.levels.tactical + " tactical, " + e.levels.operational + " operational";
      tip.hidden = false;
    });
    cy.on("mouseout", function () { tip.hidden = true; });
    keyboardWalk(container, cy, ties);
  }

  function init() {
    var container = document.getElementById("network");
    if (!container || container.dataset.drawn) return;
    container.dataset.drawn = "1";
    fetch(container.dataset.src, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var ties = tiesOf(data);
        document.getElementById("network-summary").textContent = summary(data.meta);
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
