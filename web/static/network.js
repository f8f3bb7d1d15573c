// Draws an edgraph network with vis-network (served by edgraph, never from a CDN).
// Data is untrusted text: every label, tooltip and piece of evidence goes in as text nodes,
// never as HTML.
(function () {
  "use strict";

  var container = document.getElementById("network");
  if (!container || typeof vis === "undefined") { return; }

  function text(tag, content, className) {
    var el = document.createElement(tag);
    if (content !== undefined && content !== null) { el.textContent = String(content); }
    if (className) { el.className = className; }
    return el;
  }

  function tooltip(lines) {
    var box = text("div", null, "tip");
    lines.forEach(function (line, i) { box.appendChild(text(i ? "div" : "strong", line)); });
    return box;
  }

  // A tie's evidence is [source index, paragraph or null] and, when the source is quoted, the quote.
  function firstQuote(e) {
    var quoted = e.evidence.filter(function (ev) { return ev[2]; })[0];
    if (!quoted) { return []; }
    var said = quoted[2].length > 120 ? quoted[2].slice(0, 119) + "\u2026" : quoted[2];
    return ["\u201c" + said + "\u201d" + (quoted[1] ? " \u00b6" + quoted[1] : "")];
  }

  var STILL_AFTER_MS = 8000;

  function short(label) {
    return label.length > 40 ? label.slice(0, 39) + "…" : label;
  }

  function load() {
    var inline = document.getElementById("network-data");
    if (inline) { return Promise.resolve(JSON.parse(inline.textContent)); }
    return fetch(container.getAttribute("data-src"), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          return response.json().catch(function () { return {}; }).then(function (body) {
            throw new Error(body.error || "the network could not be loaded (HTTP " + response.status + ")");
          });
        }
        return response.json();
      });
  }

  function draw(data) {
    var byId = {};
    data.nodes.forEach(function (n) { byId[n.id] = n; });
    var laidOut = data.nodes.length > 0 && data.nodes.every(function (n) { return n.x !== undefined; });
    var nodes = new vis.DataSet(data.nodes.map(function (n) {
      var node = {
        id: n.id, label: short(n.label), color: n.color, size: n.size, shape: "dot",
        title: tooltip([n.label, n.kind + (n.year ? ", " + n.year : ""), n.degree + " ties"]),
        year: n.year, url: n.url
      };
      if (laidOut) { node.x = n.x; node.y = n.y; }
      return node;
    }));
    var edges = new vis.DataSet(data.edges.map(function (e) {
      var from = byId[e.from], to = byId[e.to], relation = data.relations[e.relation];
      e.label = e.label || relation.label;
      return {
        id: e.id, from: e.from, to: e.to, color: { color: relation.color, opacity: 0.8 },
        dashes: relation.dashes, arrows: "to", width: 1 + Math.log(Math.max(e.weight, 1)),
        title: tooltip([from.label + " " + e.label + " " + to.label,
                        (e.year ? "since " + e.year + " · " : "") + e.evidence.length + " source(s)"]
                       .concat(firstQuote(e))),
        year: e.year, raw: e
      };
    }));

    var slider = document.getElementById("year");
    var asOf = null;
    function visibleEdge(e) {
      if (asOf === null) { return true; }
      var from = nodes.get(e.from), to = nodes.get(e.to);
      return (e.year === null || e.year <= asOf) &&
        (from.year === null || from.year <= asOf) && (to.year === null || to.year <= asOf);
    }
    var used = {};
    function recount() {
      used = {};
      edgeView.forEach(function (e) { used[e.from] = true; used[e.to] = true; });
    }
    var edgeView = new vis.DataView(edges, { filter: visibleEdge });
    recount();
    var nodeView = new vis.DataView(nodes, {
      filter: function (n) { return asOf === null || used[n.id] === true; }
    });

    var big = data.nodes.length > 300;
    var options = {
      layout: { improvedLayout: !big && !laidOut, randomSeed: 7 },
      interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big },
      nodes: { font: { size: 12 }, borderWidth: 1 },
      edges: { smooth: big ? false : { type: "continuous" }, arrows: { to: { scaleFactor: 0.5 } } },
      // Small views without server positions settle before the first drawing; large ones draw
      // at once and settle while the page already responds (one physics step per frame).
      physics: laidOut ? false : {
        solver: "barnesHut",
        barnesHut: { gravitationalConstant: -3000, springLength: 120, avoidOverlap: 0.1 },
        stabilization: big ? { enabled: false }
          : { enabled: true, iterations: 400, updateInterval: 50, fit: true }
      }
    };
    if (big) { options.nodes.font.size = 0; options.nodes.scaling = { label: { drawThreshold: 9 } }; }
    var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
    window.edgraphNetwork = {
      network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
      ready: false
    };

    var count = document.getElementById("network-count");
    function report() {
      if (count) {
        count.textContent = nodeView.length + " nodes, " + edgeView.length + " ties" +
          (asOf === null ? "" : " as of " + asOf);
      }
      container.setAttribute("data-nodes", String(nodeView.length));
      container.setAttribute("data-edges", String(edgeView.length));
    }
    report();

    function ready() {
      container.setAttribute("data-ready", "1");
      window.edgraphNetwork.ready = true;
    }
    var touched = false;
    network.on("dragStart", function () { touched = true; });
    network.on("zoom", function () { touched = true; });
    function still() {
      if (container.getAttribute("data-still")) { return; }
      network.setOptions({ physics: false });  // stop: a still picture stays responsive
      if (!touched) { network.fit({ animation: false }); }
      container.setAttribute("data-still", "1");
    }
    if (laidOut || data.nodes.length === 0) {
      network.once("afterDrawing", function () { ready(); still(); });
    } else if (big) {
      network.once("afterDrawing", ready);
      network.once("stabilized", still);
      setTimeout(still, STILL_AFTER_MS);  // whatever physics says, stop moving by then
    } else {
      network.once("stabilizationIterationsDone", function () { ready(); still(); });
    }

    if (slider && data.years) {
      slider.min = data.years[0];
      slider.max = data.years[1];
      slider.step = 1;
      slider.disabled = false;
      var label = document.getElementById("year-label");
      var start = container.getAttribute("data-year");
      var setYear = function (value, updateUrl) {
        asOf = value;
        edgeView.refresh(); recount(); nodeView.refresh();
        if (label) { label.textContent = asOf === null ? "all years" : String(asOf); }
        report();
        if (updateUrl && window.history && window.location.protocol.indexOf("http") === 0) {
          var url = new URL(window.location.href);
          url.searchParams.set("year", String(asOf));
          window.history.replaceState(null, "", url.toString());
        }
      };
      slider.value = start ? start : data.years[1];
      if (start) { setYear(parseInt(start, 10), false); }
      slider.addEventListener("input", function () { setYear(parseInt(slider.value, 10), true); });
    }

    var panel = document.getElementById("evidence");
    function showEvidence(edge) {
      if (!panel) { return; }
      var raw = edge.raw;
      panel.textContent = "";
      panel.appendChild(text("h2", byId[raw.from].label + " " + raw.label + " " + byId[raw.to].label));
      if (raw.year) { panel.appendChild(text("p", "Dated " + raw.year)); }
      if (!raw.evidence.length) { panel.appendChild(text("p", "No source recorded.", "hint")); }
      var list = text("ol");
      raw.evidence.forEach(function (pair) {
        var ev = data.sources[pair[0]], paragraph = pair[1], quote = pair[2];
        var item = text("li");
        var link = text("a", ev.title);
        link.href = ev.url + (paragraph ? "#paragraph-" + paragraph : "");
        item.appendChild(link);
        var details = [ev.publisher, ev.published, paragraph ? "paragraph " + paragraph : ""]
          .filter(function (x) { return x; }).join(", ");
        if (details) { item.appendChild(text("span", " — " + details)); }
        if (quote) { item.appendChild(text("blockquote", quote, "quote")); }
        list.appendChild(item);
      });
      panel.appendChild(list);
    }
    network.on("click", function (params) {
      if (params.nodes.length) {
        var node = nodes.get(params.nodes[0]);
        if (window.location.protocol.indexOf("http") === 0) { window.location.href = node.url; }
      } else if (params.edges.length) {
        showEvidence(edges.get(params.edges[0]));
      }
    });

    var png = document.getElementById("export-png");
    if (png) {
      png.addEventListener("click", function () {
        var canvas = container.querySelector("canvas");
        if (canvas) { png.href = canvas.toDataURL("image/png"); }
      });
    }
    var note = document.getElementById("network-note");
    if (note && data.note) { note.textContent = data.note; note.hidden = false; }
  }

  load().then(draw).catch(function (error) {
    container.textContent = "";
    container.appendChild(text("p", error.message, "error"));
    var count = document.getElementById("network-count");
    if (count) { count.textContent = ""; }
  });
})();
