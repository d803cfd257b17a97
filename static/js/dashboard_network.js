/* The dashboard's network map: draws the JSON of dashboard_network_data with Cytoscape.js. */
(function () {
  "use strict";

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function fillTable(nodes) {
    var body = document.querySelector("#network-table tbody");
    if (!body) return;
    body.replaceChildren();
    nodes.forEach(function (n) {
      var tr = document.createElement("tr");
      var note = n.bridge ? "fragile bridge" : n.isolated ? "isolated" : "";
      [n.label, n.side === "it" ? "IT" : "Business", n.location, String(n.touchpoints), note]
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

  function draw(container, data) {
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
      var n = event.target.data();
      tip.textContent = n.label + " · " + (n.side === "it" ? "IT team" : "business unit") +
        (n.location ? " · " + n.location : "") + " · " + n.touchpoints + " touch points" +
        (n.bridge ? " · fragile bridge" : "") + (n.isolated ? " · isolated" : "");
      tip.hidden = false;
    });
    cy.on("mouseover", "edge", function (event) {
      var e = event.target.data();
      tip.textContent = e.weight + " touch points: " + e.levels.strategic + " strategic, " +
        e.levels.tactical + " tactical, " + e.levels.operational + " operational";
      tip.hidden = false;
    });
    cy.on("mouseout", function () { tip.hidden = true; });
  }

  function init() {
    var container = document.getElementById("network");
    if (!container || container.dataset.drawn) return;
    container.dataset.drawn = "1";
    fetch(container.dataset.src, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        document.getElementById("network-summary").textContent = summary(data.meta);
        fillTable(data.nodes);
        draw(container, data);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  document.addEventListener("htmx:afterSettle", init);
})();
