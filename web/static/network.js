// Draws an edgraph network with vis-network (served by edgraph, never from a CDN), and makes it
// a place to work: select a node to see its profile and its neighbourhood, find nodes by name,
// colour and size them, move through time, export what is shown with its legend.
// Data is untrusted text: every label, tooltip and piece of evidence goes in as text nodes
// (or escaped XML in the SVG export), never as HTML.
(function () {
  "use strict";

  var container = document.getElementById("network");
  if (!container || typeof vis === "undefined") { return; }

  var PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
                 "#ff9da7", "#9c755f"];
  var OTHER = "#bab0ac", NONE = "#dee2e6";
  var COLOURED = PALETTE.length;  // categories with a colour of their own; the rest are "other"
  var STILL_AFTER_MS = 8000;
  var MAX_LABELS = 250;
  var COLOUR_NAMES = { kind: "kind", community: "community", network: "network",
                       country: "country", sector: "sector" };
  var SERVER = ["relation", "kind", "network", "country", "source", "focus", "hops", "query"];
  var web = window.location.protocol.indexOf("http") === 0;

  function $(id) { return document.getElementById(id); }

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

  function short(label) { return label.length > 40 ? label.slice(0, 39) + "…" : label; }

  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }

  // -- what the reader asked for: the URL, then the controls ----------------------------------

  var query = new URLSearchParams(window.location.search);
  var state = {
    color: COLOUR_NAMES[query.get("color")] ? query.get("color") : "kind",
    size: query.get("size") || "",
    groups: query.get("groups") === "1",
    hl: Math.min(Math.max(parseInt(query.get("hl") || "1", 10) || 1, 1), 3),
    from: query.get("from") ? parseInt(query.get("from"), 10) : null,
    to: query.get("to") ? parseInt(query.get("to"), 10)
      : (query.get("year") ? parseInt(query.get("year"), 10) : null),
    undated: query.get("undated") !== "0",
    selected: query.get("sel") || null
  };
  var form = $("filters");
  var focusIri = null;  // the IRI picked from the focus suggestions, while its name is shown

  function serverParams() {
    var params = new URLSearchParams();
    if (!form) {
      var src = new URL(container.getAttribute("data-src") || "", window.location.href);
      return src.searchParams;
    }
    SERVER.forEach(function (name) {
      form.querySelectorAll("[name='" + name + "']").forEach(function (el) {
        if ((el.type === "checkbox" && !el.checked) || !el.value) { return; }
        var value = el.value;
        if (name === "focus" && focusIri && el.getAttribute("data-label") === value) { value = focusIri; }
        params.append(name, value);
      });
    });
    if (!params.get("focus")) { params.delete("hops"); }
    return params;
  }

  function shareUrl() {
    var params = serverParams();
    if (state.color !== "kind") { params.set("color", state.color); }
    if (state.size) { params.set("size", state.size); }
    if (state.groups) { params.set("groups", "1"); }
    if (state.hl !== 1) { params.set("hl", String(state.hl)); }
    if (view && view.years) {
      if (state.from !== null && state.from > view.years[0]) { params.set("from", String(state.from)); }
      if (state.to !== null && state.to < view.years[1]) { params.set("to", String(state.to)); }
    }
    if (!state.undated) { params.set("undated", "0"); }
    if (state.selected) { params.set("sel", state.selected); }
    return params;
  }

  function keepUrl() {
    if (!web || !window.history || !$("workspace")) { return; }
    var search = shareUrl().toString();
    window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : ""));
    var exportParams = serverParams();
    if (view && view.years && state.to !== null && state.to < view.years[1]) {
      exportParams.set("year", String(state.to));  // the exports cut at the end of the range
    }
    document.querySelectorAll("a[data-export]").forEach(function (a) {
      var path = new URL(a.href, window.location.href).pathname;
      a.href = path + "?" + exportParams.toString();
    });
  }

  // -- loading -------------------------------------------------------------------------------

  function load(url) {
    var inline = $("network-data");
    if (inline && !url) { return Promise.resolve(JSON.parse(inline.textContent)); }
    return fetch(url || container.getAttribute("data-src"), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          return response.json().catch(function () { return {}; }).then(function (body) {
            throw new Error(body.error || "the network could not be loaded (HTTP " + response.status + ")");
          });
        }
        return response.json();
      });
  }

  // -- the view: one drawing of one answer ---------------------------------------------------

  var view = null;

  function categories(data, by) {
    // node id -> category name; category name -> colour; in order of size
    var names = {}, counts = {}, none = {};
    var community = {};
    if (by === "community") {  // a community is named by its most important member
      data.nodes.forEach(function (n) {
        var c = n.measures && n.measures.community;
        if (c === undefined) { return; }
        var weight = (n.measures.pagerank || 0) * 1e6 + (n.measures.degree || n.degree || 0);
        if (!community[c] || weight > community[c].weight) { community[c] = { weight: weight, label: n.label }; }
      });
    }
    data.nodes.forEach(function (n) {
      var name = null;
      if (by === "kind") { name = n.kind.split(",")[0]; }
      else if (by === "community") {
        var c = n.measures && n.measures.community;
        var named = data.groups && data.groups.community && data.groups.community[c];
        name = c === undefined ? null
          : "Community " + c + ": " + short(named || community[c].label);
        if (name === null) { name = "not in the analysis"; none[name] = true; }
      } else {
        var values = by === "sector" ? (n.sector ? [n.sector] : []) : (n[by === "country" ? "countries" : "networks"] || []);
        if (values.length === 1) { name = values[0]; }
        else if (values.length > 1) { name = by === "country" ? "several countries" : "several networks"; }
        else {
          name = by === "sector" ? "no sector (not an organization)" : by === "country" ? "no country" : "in no network";
          none[name] = true;
        }
      }
      names[n.id] = name;
      counts[name] = (counts[name] || 0) + 1;
    });
    var ranked = Object.keys(counts).sort(function (a, b) {
      return (none[a] ? 1 : 0) - (none[b] ? 1 : 0) || counts[b] - counts[a] || (a < b ? -1 : 1);
    });
    var colours = {}, shown = [], others = 0, i = 0;
    ranked.forEach(function (name) {
      if (none[name]) { colours[name] = NONE; shown.push(name); return; }
      if (by === "kind" && data.kinds && data.kinds[name]) { colours[name] = data.kinds[name]; shown.push(name); return; }
      if (i < COLOURED) { colours[name] = PALETTE[i]; shown.push(name); }
      else { colours[name] = OTHER; others += counts[name]; }
      i += 1;
    });
    return { names: names, colours: colours, counts: counts, shown: shown, others: others, none: none };
  }

  function sizes(data, key) {
    var size = {}, largest = 0, smallest = Infinity;
    if (!key) {
      data.nodes.forEach(function (n) { size[n.id] = n.size; });
      return { size: size, label: "ties (degree centrality)", range: null };
    }
    data.nodes.forEach(function (n) {
      var v = n.measures && n.measures[key];
      if (v !== undefined) { largest = Math.max(largest, v); smallest = Math.min(smallest, v); }
    });
    var measured = 0;
    data.nodes.forEach(function (n) {
      var v = n.measures && n.measures[key];
      if (v === undefined || !largest) { size[n.id] = 6; return; }
      measured += 1;
      size[n.id] = Math.round((8 + 40 * Math.sqrt(v / largest)) * 10) / 10;
    });
    var known = (data.measures || []).filter(function (m) { return m.key === key; })[0];
    return { size: size, label: known ? known.label : key, help: known ? known.help : "",
             range: measured ? [smallest, largest] : null, measured: measured, total: data.nodes.length };
  }

  function draw(data) {
    if (view) { view.network.destroy(); }
    var byId = {};
    data.nodes.forEach(function (n) { byId[n.id] = n; });
    var laidOut = data.nodes.length > 0 && data.nodes.every(function (n) { return n.x !== undefined; });
    var cats = categories(data, state.color), sized = sizes(data, state.size);
    var nodes = new vis.DataSet(data.nodes.map(function (n) {
      var node = {
        id: n.id, color: cats.colours[cats.names[n.id]], size: sized.size[n.id], shape: "dot",
        title: tooltip([n.label, n.kind + (n.year ? ", " + n.year : ""), n.degree + " ties"]),
        year: n.year, url: n.url
      };
      if (laidOut) { node.x = n.x; node.y = n.y; }
      return node;
    }));
    var edgeById = {}, manyTies = data.edges.length > 2000;
    var edges = new vis.DataSet(data.edges.map(function (e) {
      var from = byId[e.from], to = byId[e.to], relation = data.relations[e.relation];
      e.label = e.label || relation.label;
      edgeById[e.id] = e;
      var undated = e.year === null || e.year === undefined;
      return {
        id: e.id, from: e.from, to: e.to, color: { color: relation.color, opacity: 0.8 },
        // a large view draws no arrow heads: unreadable at that scale, and they are most of
        // the cost of drawing 10,000 ties (the tooltip and the profile still say who acts)
        dashes: undated, arrows: manyTies ? "" : "to", width: 1 + Math.log(Math.max(e.weight, 1)),
        title: tooltip([from.label + " " + e.label + " " + to.label,
                        (undated ? "undated · " : "since " + e.year + " · ") + evidenceCount(e) + " source(s)"]
                       .concat(firstQuote(e))),
        year: undated ? null : e.year
      };
    }));
    var years = data.years;
    if (years) {
      if (state.from !== null) { state.from = Math.min(Math.max(state.from, years[0]), years[1]); }
      if (state.to !== null) { state.to = Math.min(Math.max(state.to, years[0]), years[1]); }
    }
    function inRange(year) {
      return (state.from === null || year >= state.from) && (state.to === null || year <= state.to);
    }
    function timeCut() {
      return !state.undated || (years && ((state.from !== null && state.from > years[0]) ||
                                          (state.to !== null && state.to < years[1])));
    }
    function visibleEdge(e) {
      if (e.year === null) { if (!state.undated) { return false; } }
      else if (!inRange(e.year)) { return false; }
      var from = byId[e.from], to = byId[e.to];
      return (from.year === null || from.year === undefined || inRange(from.year)) &&
        (to.year === null || to.year === undefined || inRange(to.year));
    }
    var used = {}, adjacency = {};
    var edgeView = new vis.DataView(edges, { filter: visibleEdge });
    function recount() {
      used = {}; adjacency = {};
      edgeView.forEach(function (e) {
        used[e.from] = true; used[e.to] = true;
        (adjacency[e.from] = adjacency[e.from] || []).push([e.to, e.id]);
        if (e.to !== e.from) { (adjacency[e.to] = adjacency[e.to] || []).push([e.from, e.id]); }
      });
    }
    recount();
    var nodeView = new vis.DataView(nodes, {
      filter: function (n) { return !timeCut() || used[n.id] === true; }
    });

    var big = data.nodes.length > 300;
    var options = {
      layout: { improvedLayout: !big && !laidOut, randomSeed: 7 },
      // selectable: false: the page draws the selection itself (see overlay), and a click
      // does not make vis-network draw the whole network again
      interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
                     selectable: false },
      nodes: { borderWidth: 1 },
      edges: { smooth: big ? false : { type: "continuous" }, arrows: { to: { scaleFactor: 0.5 } } },
      physics: laidOut ? false : {
        solver: "barnesHut",
        barnesHut: { gravitationalConstant: -3000, springLength: 120, avoidOverlap: 0.1 },
        stabilization: big ? { enabled: false }
          : { enabled: true, iterations: 400, updateInterval: 50, fit: true }
      }
    };
    var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
    view = {
      data: data, byId: byId, edgeById: edgeById, nodes: nodes, edges: edges, nodeView: nodeView,
      edgeView: edgeView, network: network, years: years, highlight: null, ranked: [],
      cats: null, sizes: null, placed: [], refresh: function () {
        edgeView.refresh(); recount(); nodeView.refresh();
      }, adjacency: function () { return adjacency; }
    };
    window.edgraphNetwork = {
      network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
      ready: false, select: select, clear: clearSelection, setHops: setHops, find: find,
      view: view
    };
    restyle(cats, sized);
    network.on("beforeDrawing", drawGroups);
    network.on("afterDrawing", drawOverlay);

    function ready() {
      container.setAttribute("data-ready", "1");
      window.edgraphNetwork.ready = true;
      if (state.selected && byId[state.selected]) { select(state.selected); }
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
    container.removeAttribute("data-ready");
    container.removeAttribute("data-still");
    if (laidOut || data.nodes.length === 0) {
      network.once("afterDrawing", function () { ready(); still(); });
    } else if (big) {
      network.once("afterDrawing", ready);
      network.once("stabilized", still);
      setTimeout(still, STILL_AFTER_MS);  // whatever physics says, stop moving by then
    } else {
      network.once("stabilizationIterationsDone", function () { ready(); still(); });
    }
    network.on("click", function (params) {
      var node = params.nodes[0] || network.getNodeAt(params.pointer.DOM);
      var edge = params.edges[0] !== undefined ? params.edges[0]
        : node === undefined ? network.getEdgeAt(params.pointer.DOM) : undefined;
      if (node !== undefined) {
        if ($("profile-body")) { select(node); }
        else if (web) { window.location.href = byId[node].url; }
      } else if (edge !== undefined) {
        showTie(edgeById[edge]);
      } else {
        clearSelection();
      }
    });
    network.on("doubleClick", function (params) {
      var node = params.nodes[0] || network.getNodeAt(params.pointer.DOM);
      if (node !== undefined && web) { window.location.href = byId[node].url; }
    });
    setupTime();
    report();
    showNote(data);
  }

  function evidenceCount(e) { return (e.evidence || []).length; }

  // A tie's evidence: [source index, paragraph or null] and, when the source is quoted, the
  // quote as a third item (or an object with source, paragraph and quote)
  function quoteOf(ev) {
    if (Array.isArray(ev)) { return typeof ev[2] === "string" ? ev[2] : ""; }
    return ev ? ev.quote || ev.text || "" : "";
  }

  function firstQuote(e) {
    var quoted = (e.evidence || []).map(quoteOf).filter(function (q) { return q; })[0];
    return quoted ? ["“" + (quoted.length > 120 ? quoted.slice(0, 119) + "…" : quoted) + "”"] : [];
  }

  // -- colour, size, legend ------------------------------------------------------------------

  function restyle(drawn, drawnSizes) {
    // colours and sizes as the controls say; ``drawn``: those the nodes were made with
    if (!view) { return; }
    var data = view.data;
    view.cats = drawn || categories(data, state.color);
    view.sizes = drawnSizes || sizes(data, state.size);
    if (!drawn) {
      view.nodes.update(data.nodes.map(function (n) {
        return { id: n.id, color: view.cats.colours[view.cats.names[n.id]], size: view.sizes.size[n.id] };
      }));
    }
    view.ranked = data.nodes.map(function (n) { return n.id; }).sort(function (a, b) {
      return view.sizes.size[b] - view.sizes.size[a] || (a < b ? -1 : 1);
    });
    legend();
    container.setAttribute("data-color", state.color);
  }

  function legendModel() {
    var cats = view.cats, model = [], shown = {}, others = 0;
    view.nodeView.getIds().forEach(function (id) {  // counted in view; colours stay put
      var name = cats.names[id];
      if (cats.colours[name] === OTHER) { others += 1; } else { shown[name] = (shown[name] || 0) + 1; }
    });
    var colour = { title: "Colour: " + state.color + " (nodes in view)", items: [] };
    cats.shown.forEach(function (name) {
      colour.items.push({ swatch: cats.colours[name], text: name + " (" + (shown[name] || 0) + ")" });
    });
    if (cats.others) { colour.items.push({ swatch: OTHER, text: "others (" + others + ")" }); }
    model.push(colour);
    var s = view.sizes, size = { title: "Size: " + s.label, items: [] };
    if (s.range) {
      var fmt = function (v) { return Math.abs(v) < 1 && v !== 0 ? v.toPrecision(2) : String(Math.round(v * 100) / 100); };
      size.items.push({ text: "from " + fmt(s.range[0]) + " to " + fmt(s.range[1]) +
        (s.measured < s.total ? "; " + (s.total - s.measured) + " nodes not measured (smallest)" : "") });
    } else if (state.size) {
      size.items.push({ text: "no node of this view has it: run edgraph analyze" });
    } else {
      size.items.push({ text: "larger: more ties in the whole network" });
    }
    model.push(size);
    var ties = { title: "Ties", items: [] }, seen = {};
    view.data.edges.forEach(function (e) { seen[e.relation] = true; });
    Object.keys(view.data.relations).forEach(function (key) {
      if (seen[key]) { ties.items.push({ line: view.data.relations[key].color, text: view.data.relations[key].label }); }
    });
    ties.items.push({ line: "#495057", dashed: true, text: state.undated ? "undated (dashed)" : "undated ties left out" });
    model.push(ties);
    if (view.years) {
      var from = state.from === null ? view.years[0] : state.from;
      var to = state.to === null ? view.years[1] : state.to;
      model.push({ title: "Time: " + from + "–" + to + (state.undated ? ", with undated ties" : ", dated ties only"), items: [] });
    }
    if (state.groups) { model[0].title += ", drawn as groups"; }
    return model;
  }

  function legend() {
    var box = $("legend"), summary = $("legend-summary");
    if (!box) { return; }
    box.textContent = "";
    var model = legendModel();
    if (summary) {
      summary.textContent = "Legend: " + model.slice(0, 2).map(function (s) { return s.title; }).join(" · ");
    }
    model.forEach(function (section) {
      box.appendChild(text("h3", section.title));
      section.items.forEach(function (item) {
        var span = text("span", null, "item");
        if (item.swatch) {
          var sw = text("span", null, "swatch");
          sw.style.background = item.swatch;
          span.appendChild(sw);
        } else if (item.line) {
          var line = text("span", null, "edge-sample");
          line.style.borderTop = "3px " + (item.dashed ? "dashed " : "solid ") + item.line;
          span.appendChild(line);
        }
        span.appendChild(document.createTextNode(item.text));
        box.appendChild(span);
      });
    });
  }

  // -- drawing on the canvas: groups behind, highlight and labels in front --------------------

  function position(id) {
    var body = view.network.body.nodes[id];
    return body ? { x: body.x, y: body.y } : null;
  }

  function hull(points) {  // Andrew's monotone chain
    if (points.length < 3) { return points.slice(); }
    points = points.slice().sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    function cross(o, a, b) { return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]); }
    var lower = [], upper = [], i;
    for (i = 0; i < points.length; i++) {
      while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], points[i]) <= 0) { lower.pop(); }
      lower.push(points[i]);
    }
    for (i = points.length - 1; i >= 0; i--) {
      while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], points[i]) <= 0) { upper.pop(); }
      upper.push(points[i]);
    }
    upper.pop(); lower.pop();
    return lower.concat(upper);
  }

  function groupShapes(t) {
    // the groups of the current colouring, as hulls in device pixels (with their nodes' radii)
    var cats = view.cats, members = {}, radius = {}, shapes = [];
    view.nodeView.getIds().forEach(function (id) {
      var name = cats.names[id];
      if (cats.none[name] || cats.shown.indexOf(name) < 0) { return; }
      var p = position(id);
      if (!p) { return; }
      var r = view.sizes.size[id] * t.a;
      (members[name] = members[name] || []).push([t.a * p.x + t.c * p.y + t.e, t.b * p.x + t.d * p.y + t.f, r]);
      radius[name] = Math.max(radius[name] || 0, r);
    });
    Object.keys(members).forEach(function (name) {
      if (members[name].length < 2) { return; }
      var top = members[name].reduce(function (a, b) { return b[1] - b[2] < a[1] - a[2] ? b : a; });
      shapes.push({ name: name, colour: cats.colours[name], points: hull(members[name]),
                    pad: radius[name], top: [top[0], top[1] - top[2]] });
    });
    return shapes;
  }

  function drawGroups(ctx) {
    if (!state.groups || !view) { return; }
    var t = ctx.getTransform(), ratio = window.devicePixelRatio || 1;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    view.groupShapes = groupShapes(t);
    view.groupShapes.forEach(function (shape) {
      ctx.beginPath();
      shape.points.forEach(function (p, i) { if (i) { ctx.lineTo(p[0], p[1]); } else { ctx.moveTo(p[0], p[1]); } });
      ctx.closePath();
      ctx.lineJoin = "round";
      ctx.lineWidth = 2 * shape.pad + 24 * ratio;
      ctx.strokeStyle = ctx.fillStyle = tint(shape.colour);  // opaque: no darker seams
      ctx.stroke(); ctx.fill();
    });
    ctx.restore();
  }

  function tint(colour) {
    // the colour mixed with 85% white
    var hex = colour.replace("#", ""), out = "#";
    for (var i = 0; i < 6; i += 2) {
      var c = Math.round(parseInt(hex.slice(i, i + 2), 16) * 0.15 + 255 * 0.85);
      out += (c < 16 ? "0" : "") + c.toString(16);
    }
    return out;
  }

  function groupLabels(ctx, ratio, place) {
    // the groups' names go first where labels are placed: nothing covers them
    if (!state.groups || !view.groupShapes) { return; }
    ctx.font = "600 " + 13 * ratio + "px system-ui, sans-serif";
    view.groupShapes.forEach(function (shape) {
      var w = ctx.measureText(shape.name).width + 6 * ratio, h = 16 * ratio;
      var x = Math.min(Math.max(shape.top[0], w / 2), ctx.canvas.width - w / 2);
      var y = Math.max(shape.top[1] - 14 * ratio - h, 2 * ratio);
      if (!place([x - w / 2, y, x + w / 2, y + h])) { return; }
      ctx.lineWidth = 4 * ratio; ctx.strokeStyle = "#fff"; ctx.fillStyle = "#343a40";
      ctx.strokeText(shape.name, x, y);
      ctx.fillText(shape.name, x, y);
    });
  }

  var widths = {};
  function drawOverlay(ctx) {
    // after vis-network has drawn: keep that picture, so that a selection can be drawn on it
    // without drawing the whole network again, then draw the highlight and the labels
    if (!view) { return; }
    var canvas = ctx.canvas;
    if (!view.base || view.base.width !== canvas.width || view.base.height !== canvas.height) {
      view.base = document.createElement("canvas");
      view.base.width = canvas.width; view.base.height = canvas.height;
    }
    var base = view.base.getContext("2d");
    base.clearRect(0, 0, canvas.width, canvas.height);
    base.drawImage(canvas, 0, 0);
    view.transform = ctx.getTransform();
    overlay(ctx, view.transform);
  }

  function redrawOverlay() {
    // the last picture of vis-network again, with the current highlight and labels on it
    var canvas = container.querySelector("canvas");
    if (!view.base || !view.transform || !canvas || view.base.width !== canvas.width ||
        view.base.height !== canvas.height) { view.network.redraw(); return; }
    var ctx = canvas.getContext("2d");
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(view.base, 0, 0);
    ctx.restore();
    overlay(ctx, view.transform);
  }

  function overlay(ctx, t) {
    var ratio = window.devicePixelRatio || 1, hl = view.highlight;
    var width = ctx.canvas.width, height = ctx.canvas.height;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    function screen(p) { return [t.a * p.x + t.c * p.y + t.e, t.b * p.x + t.d * p.y + t.f]; }
    if (hl) {  // veil the rest, draw the neighbourhood again on top, one path per colour
      ctx.fillStyle = "rgba(255,255,255,0.78)";
      ctx.fillRect(0, 0, width, height);
      ctx.lineWidth = 2 * ratio;
      var paths = {};
      Object.keys(hl.edges).forEach(function (id) {
        var e = view.edgeById[id], a = position(e.from), b = position(e.to);
        if (!a || !b) { return; }
        a = screen(a); b = screen(b);
        var key = view.data.relations[e.relation].color + (e.year === null || e.year === undefined ? " dashed" : "");
        (paths[key] = paths[key] || []).push(a[0], a[1], b[0], b[1]);
      });
      Object.keys(paths).forEach(function (key) {
        var xy = paths[key];
        ctx.strokeStyle = key.split(" ")[0];
        ctx.setLineDash(key.indexOf(" dashed") > 0 ? [6 * ratio, 4 * ratio] : []);
        ctx.beginPath();
        for (var k = 0; k < xy.length; k += 4) { ctx.moveTo(xy[k], xy[k + 1]); ctx.lineTo(xy[k + 2], xy[k + 3]); }
        ctx.stroke();
      });
      ctx.setLineDash([]);
      var discs = {};
      Object.keys(hl.nodes).forEach(function (id) {
        var p = position(id);
        if (!p) { return; }
        p = screen(p);
        var colour = view.cats.colours[view.cats.names[id]];
        (discs[colour] = discs[colour] || []).push(p[0], p[1], Math.max(view.sizes.size[id] * t.a, 3 * ratio));
      });
      ctx.lineWidth = ratio;
      ctx.strokeStyle = "#495057";
      Object.keys(discs).forEach(function (colour) {
        var xyr = discs[colour];
        ctx.beginPath();
        for (var k = 0; k < xyr.length; k += 3) {
          ctx.moveTo(xyr[k] + xyr[k + 2], xyr[k + 1]);
          ctx.arc(xyr[k], xyr[k + 1], xyr[k + 2], 0, 2 * Math.PI);
        }
        ctx.fillStyle = colour;
        ctx.fill();
        ctx.stroke();
      });
      var c = position(hl.center);
      if (c) {
        c = screen(c);
        ctx.beginPath();
        ctx.arc(c[0], c[1], Math.max(view.sizes.size[hl.center] * t.a, 3 * ratio) + ratio, 0, 2 * Math.PI);
        ctx.lineWidth = 3 * ratio; ctx.strokeStyle = "#1d2330";
        ctx.stroke();
      }
    }
    // labels: the most important first, each only where it does not cover one already placed
    var font = 12 * ratio, cell = 80 * ratio, grid = {}, placed = [];
    function place(box) {
      var x0 = Math.floor(box[0] / cell), x1 = Math.floor(box[2] / cell);
      var y0 = Math.floor(box[1] / cell), y1 = Math.floor(box[3] / cell), gx, gy, k, cellBoxes;
      for (gx = x0; gx <= x1; gx++) {
        for (gy = y0; gy <= y1; gy++) {
          cellBoxes = grid[gx + "," + gy] || [];
          for (k = 0; k < cellBoxes.length; k++) {
            var o = cellBoxes[k];
            if (box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3]) { return false; }
          }
        }
      }
      for (gx = x0; gx <= x1; gx++) {
        for (gy = y0; gy <= y1; gy++) { (grid[gx + "," + gy] = grid[gx + "," + gy] || []).push(box); }
      }
      return true;
    }
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    groupLabels(ctx, ratio, place);
    ctx.font = font + "px system-ui, sans-serif";
    var order = hl ? [hl.center].concat(view.ranked.filter(function (id) { return hl.nodes[id] && id !== hl.center; }))
      : view.ranked;
    var visible = {};
    view.nodeView.getIds().forEach(function (id) { visible[id] = true; });
    for (var i = 0; i < order.length && placed.length < MAX_LABELS; i++) {
      var id = order[i];
      if (!visible[id]) { continue; }
      var p = position(id);
      if (!p) { continue; }
      var s = screen(p);
      if (s[0] < 0 || s[1] < 0 || s[0] > width || s[1] > height) { continue; }
      var label = short(view.byId[id].label);
      if (widths[label] === undefined) { ctx.font = font + "px system-ui, sans-serif"; widths[label] = ctx.measureText(label).width / font; }
      var w = widths[label] * font + 4 * ratio, h = font * 1.25;
      var r = view.sizes.size[id] * t.a;
      var box = [s[0] - w / 2, s[1] + r + 2 * ratio, s[0] + w / 2, s[1] + r + 2 * ratio + h];
      if (!place(box)) { continue; }
      placed.push({ id: id, text: label, x: s[0] / ratio, y: box[1] / ratio });
      ctx.font = (hl && id === hl.center ? "700 " : "") + font + "px system-ui, sans-serif";
      ctx.lineWidth = 3 * ratio; ctx.strokeStyle = "#fff"; ctx.fillStyle = "#1d2330";
      ctx.strokeText(label, s[0], box[1]);
      ctx.fillText(label, s[0], box[1]);
    }
    view.placed = placed;
    container.setAttribute("data-labels", String(placed.length));
    ctx.restore();
  }

  // -- selection: the profile and the neighbourhood ------------------------------------------

  function neighbourhood(center, hops) {
    var adjacency = view.adjacency(), distance = {}, edges = {};
    distance[center] = 0;
    var frontier = [center];
    for (var d = 1; d <= hops && frontier.length; d++) {
      var next = [];
      frontier.forEach(function (here) {
        (adjacency[here] || []).forEach(function (pair) {
          edges[pair[1]] = true;
          if (distance[pair[0]] === undefined) { distance[pair[0]] = d; next.push(pair[0]); }
        });
      });
      frontier = next;
    }
    return { center: center, nodes: distance, edges: edges };
  }

  function select(id) {
    if (!view || !view.byId[id]) { return; }
    state.selected = id;
    view.highlight = neighbourhood(id, state.hl);
    container.setAttribute("data-selected", id);
    container.setAttribute("data-highlighted", String(Object.keys(view.highlight.nodes).length));
    container.setAttribute("data-highlighted-ties", String(Object.keys(view.highlight.edges).length));
    showProfile(id);
    var moved = keepInSight(id);  // vis-network then draws everything again
    container.setAttribute("data-moved", moved ? "1" : "0");
    if (!moved) { redrawOverlay(); }
    keepUrl();
  }

  function keepInSight(id) {
    // the profile lies over the map (at the right, or at the bottom on a phone): a node under
    // it is brought into the part of the map left free; true when the view moved
    var panel = $("evidence"), p = position(id);
    if (!panel || panel.hidden || !p) { return false; }
    var box = container.getBoundingClientRect(), cover = panel.getBoundingClientRect();
    var dom = view.network.canvasToDOM(p);
    var x = box.left + dom.x, y = box.top + dom.y;
    var under = x > cover.left - 20 && x < cover.right && y > cover.top - 20 && y < cover.bottom;
    if (!under) { return false; }
    var bottomSheet = cover.width > box.width * 0.9;
    var freeWidth = bottomSheet ? box.width : Math.max(cover.left - box.left, 80);
    var freeHeight = bottomSheet ? Math.max(cover.top - box.top, 80) : box.height;
    view.network.moveTo({ position: p, animation: false,
                          offset: { x: freeWidth / 2 - box.width / 2, y: freeHeight / 2 - box.height / 2 } });
    return true;
  }

  function setHops(hops) {
    state.hl = hops;
    if (state.selected && view && view.byId[state.selected]) { select(state.selected); } else { keepUrl(); }
  }

  function clearSelection() {
    if (!view) { return; }
    state.selected = null;
    view.highlight = null;
    container.removeAttribute("data-selected");
    container.removeAttribute("data-highlighted");
    var panel = $("evidence");
    if (panel) { panel.hidden = true; }
    if ($("workspace")) { $("workspace").classList.remove("with-profile"); }
    redrawOverlay();
    keepUrl();
  }

  function openPanel() {
    var panel = $("evidence"), body = $("profile-body"), workspace = $("workspace");
    if (!panel) { return null; }
    panel.hidden = false;
    if (workspace) { workspace.classList.add("with-profile"); }
    var target = body || panel;
    target.textContent = "";
    return target;
  }

  function nodeButton(id) {
    var button = text("button", view.byId[id].label, "node-link");
    button.type = "button";
    button.addEventListener("click", function () { select(id); view.network.focus(id, { animation: false, scale: Math.max(view.network.getScale(), 0.6) }); });
    return button;
  }

  function showProfile(id) {
    var n = view.byId[id], box = openPanel();
    if (!box) { return; }
    box.appendChild(text("h2", n.label));
    var kind = text("p");
    kind.appendChild(text("span", n.kind.split(",")[0], "badge"));
    if (n.sector) { kind.appendChild(text("span", " " + n.sector)); }
    if (n.year) { kind.appendChild(text("span", " · " + n.year)); }
    box.appendChild(kind);
    if (n.aliases && n.aliases.length) { box.appendChild(text("p", "Also: " + n.aliases.join(" · "), "hint")); }
    if (n.networks && n.networks.length) { box.appendChild(text("p", "Networks: " + n.networks.join(", "))); }
    if (n.countries && n.countries.length) { box.appendChild(text("p", "Countries: " + n.countries.join(", "))); }
    var link = text("a", "Open the page of " + short(n.label) + " →");
    link.href = n.url;
    link.className = "page-link";
    box.appendChild(text("p")).appendChild(link);

    // measures
    box.appendChild(text("h3", "Measures"));
    var table = text("table", null, "measures");
    function row(label, value, help) {
      var tr = text("tr");
      var th = text("th", label);
      if (help) { th.title = help; }
      tr.appendChild(th);
      tr.appendChild(text("td", value, "num"));
      table.appendChild(tr);
    }
    var ties = (view.adjacency()[id] || []).length;
    row("ties in this view", ties, "ties drawn here, with the filters and the time range");
    row("ties in the whole network", n.degree, "");
    (view.data.measures || []).forEach(function (m) {
      var v = n.measures && n.measures[m.key];
      if (v !== undefined) { row(m.label, typeof v === "number" && v % 1 ? v.toPrecision(3) : v, m.help); }
    });
    box.appendChild(table);
    if (!n.measures) { box.appendChild(text("p", "No saved measures (edgraph analyze measures organizations).", "hint")); }

    // roles, from the ties of the view
    var groups = {}, order = [], sources = {};
    view.data.edges.forEach(function (e) {
      if (e.from !== id && e.to !== id) { return; }
      var relation = view.data.relations[e.relation];
      var out = e.from === id;
      var heading = out ? relation.label : (relation.incoming || relation.label + " (by)");
      var key = (out ? "out:" : "in:") + e.relation;
      if (!groups[key]) { groups[key] = { heading: heading, items: [] }; order.push(key); }
      groups[key].items.push(e);
      (e.evidence || []).forEach(function (ev) {
        var index = Array.isArray(ev) ? ev[0] : ev && ev.source;
        if (typeof index === "number") { sources[index] = (sources[index] || 0) + 1; }
      });
    });
    box.appendChild(text("h3", "Roles"));
    if (!order.length) { box.appendChild(text("p", "No ties in this view.", "hint")); }
    order.forEach(function (key) {
      var group = groups[key];
      box.appendChild(text("p", group.heading + " (" + group.items.length + ")", "role"));
      var list = text("ul");
      group.items.slice(0, 30).forEach(function (e) {
        var other = e.from === id ? e.to : e.from;
        var item = text("li");
        item.appendChild(nodeButton(other));
        item.appendChild(text("span", e.year ? " · " + e.year : " · undated", "hint"));
        list.appendChild(item);
      });
      if (group.items.length > 30) { list.appendChild(text("li", "and " + (group.items.length - 30) + " more", "hint")); }
      box.appendChild(list);
    });
    var cited = Object.keys(sources);
    box.appendChild(text("h3", "Sources (" + cited.length + ")"));
    var slist = text("ol");
    cited.sort(function (a, b) { return sources[b] - sources[a]; }).slice(0, 20).forEach(function (index) {
      var ev = view.data.sources[index];
      if (!ev) { return; }
      var item = text("li"), a = text("a", ev.title);
      a.href = ev.url;
      item.appendChild(a);
      item.appendChild(text("span", " — " + sources[index] + " tie(s)", "hint"));
      slist.appendChild(item);
    });
    box.appendChild(slist);
  }

  function showTie(raw) {
    var box = openPanel();
    if (!box || !raw) { return; }
    var byId = view.byId, data = view.data;
    box.appendChild(text("h2", byId[raw.from].label + " " + raw.label + " " + byId[raw.to].label));
    box.appendChild(text("p", raw.year ? "Dated " + raw.year : "Undated: no source says when it began", "hint"));
    var evidence = raw.evidence || [];
    if (!evidence.length) { box.appendChild(text("p", "No source recorded.", "hint")); }
    var list = text("ol");
    evidence.forEach(function (ev) {
      // [source index, paragraph], or an object with more (a quote, a page)
      var index = Array.isArray(ev) ? ev[0] : ev && ev.source;
      var paragraph = Array.isArray(ev) ? ev[1] : ev && ev.paragraph;
      var source = typeof index === "number" ? data.sources[index] : null;
      var item = text("li");
      if (source) {
        var link = text("a", source.title);
        link.href = source.url + (paragraph ? "#paragraph-" + paragraph : "");
        item.appendChild(link);
      } else if (typeof index === "string") {
        item.appendChild(text("span", index));
      }
      var details = [source && source.publisher, source && source.published,
                     paragraph ? "paragraph " + paragraph : ""]
        .filter(function (x) { return x; }).join(", ");
      if (details) { item.appendChild(text("span", " — " + details)); }
      var quote = quoteOf(ev);
      if (quote) { item.appendChild(text("span", "“" + quote + "”", "quote")); }
      list.appendChild(item);
    });
    box.appendChild(list);
    [byId[raw.from], byId[raw.to]].forEach(function (n) {
      var p = text("p");
      p.appendChild(nodeButton(n.id));
      box.appendChild(p);
    });
  }

  // -- find in the map -----------------------------------------------------------------------

  function find(q) {
    var wanted = fold(q), hits = [];
    if (!wanted || !view) { return hits; }
    var visible = {};
    view.nodeView.getIds().forEach(function (id) { visible[id] = true; });
    view.data.nodes.forEach(function (n) {
      if (!visible[n.id]) { return; }
      var best = 9, matched = "";
      [n.label].concat(n.aliases || []).forEach(function (name, i) {
        var f = fold(name), score = f === wanted ? 0 : f.indexOf(wanted) === 0 ? 1
          : (" " + f).indexOf(" " + wanted) >= 0 ? 2 : f.indexOf(wanted) >= 0 ? 3 : 9;
        if (score < best) { best = score; matched = i ? name : ""; }
      });
      if (best < 9) { hits.push({ id: n.id, label: n.label, matched: matched, score: best, size: view.sizes.size[n.id] }); }
    });
    hits.sort(function (a, b) { return a.score - b.score || b.size - a.size || (a.label < b.label ? -1 : 1); });
    return hits.slice(0, 10);
  }

  function setupFind() {
    var input = $("find"), list = $("find-results");
    if (!input || !list) { return; }
    var hits = [];
    function choose(hit) {
      list.hidden = true;
      input.value = hit.label;
      select(hit.id);
      view.network.focus(hit.id, { scale: Math.max(view.network.getScale(), 0.8), animation: false });
    }
    function show() {
      hits = find(input.value);
      list.textContent = "";
      if (!input.value.trim()) { list.hidden = true; return; }
      if (!hits.length) {
        list.appendChild(text("li", "No node in this view is named “" + input.value.trim() + "”.", "none"));
      }
      hits.forEach(function (hit) {
        var item = text("li");
        var button = text("button", hit.label, "node-link");
        button.type = "button";
        button.addEventListener("click", function () { choose(hit); });
        item.appendChild(button);
        if (hit.matched) { item.appendChild(text("span", "“" + hit.matched + "”", "matched")); }
        list.appendChild(item);
      });
      list.hidden = false;
    }
    input.addEventListener("input", show);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); show(); if (hits.length) { choose(hits[0]); } }
      if (event.key === "Escape") { list.hidden = true; }
    });
  }

  function setupFocus() {
    var input = $("focus"), list = $("focus-suggestions");
    if (!input || !list || !web) { return; }
    var timer = null;
    input.addEventListener("input", function () {
      focusIri = null;
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) { list.hidden = true; return; }
      timer = setTimeout(function () {
        fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q))
          .then(function (r) { return r.json(); })
          .then(function (found) {
            if (input.value.trim() !== q) { return; }
            list.textContent = "";
            if (!found.length) { list.appendChild(text("li", "Nothing is named “" + q + "”.", "none")); }
            found.forEach(function (hit) {
              var item = text("li");
              var button = text("button", hit.label, "node-link");
              button.type = "button";
              button.addEventListener("click", function () {
                input.value = hit.label;
                input.setAttribute("data-label", hit.label);
                focusIri = hit.iri;
                list.hidden = true;
                reload();
              });
              item.appendChild(button);
              item.appendChild(text("span", hit.kind, "badge"));
              if (hit.matched) { item.appendChild(text("span", "“" + hit.matched + "”", "matched")); }
              list.appendChild(item);
            });
            list.hidden = false;
          })
          .catch(function () { list.hidden = true; });
      }, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { list.hidden = true; }
    });
  }

  // -- time ----------------------------------------------------------------------------------

  function setupTime() {
    var from = $("year-from"), to = $("year-to"), undated = $("undated");
    if (undated) { undated.checked = state.undated; }
    if (!from || !to) { return; }
    var years = view.years;
    if (!years) { from.disabled = to.disabled = true; return; }
    [from, to].forEach(function (el) {
      el.min = years[0]; el.max = years[1]; el.step = 1; el.disabled = false;
    });
    from.value = state.from === null ? years[0] : state.from;
    to.value = state.to === null ? years[1] : state.to;
    labelsOfTime();
  }

  function labelsOfTime() {
    var fromLabel = $("year-from-label"), toLabel = $("year-to-label");
    if (!view || !view.years) { return; }
    if (fromLabel) { fromLabel.textContent = String(state.from === null ? view.years[0] : state.from); }
    if (toLabel) { toLabel.textContent = String(state.to === null ? view.years[1] : state.to); }
  }

  function timeChanged(which) {
    var from = $("year-from"), to = $("year-to"), undated = $("undated");
    if (from && to && view && view.years) {
      var a = parseInt(from.value, 10), b = parseInt(to.value, 10);
      if (a > b) { if (which === from) { to.value = a; b = a; } else { from.value = b; a = b; } }
      state.from = a; state.to = b;
    }
    if (undated) { state.undated = undated.checked; }
    if (!view) { return; }
    view.refresh();
    if (view.highlight) { view.highlight = neighbourhood(view.highlight.center, state.hl); }
    labelsOfTime();
    legend();
    report();
    keepUrl();
  }

  // -- the rest of the page ------------------------------------------------------------------

  function report() {
    var count = $("network-count");
    var text_ = view.nodeView.length + " nodes, " + view.edgeView.length + " ties";
    if (view.years && (state.from !== null && state.from > view.years[0] || state.to !== null && state.to < view.years[1])) {
      text_ += ", " + (state.from === null ? view.years[0] : state.from) + "–" + (state.to === null ? view.years[1] : state.to);
    }
    if (!state.undated) { text_ += ", dated only"; }
    if (count) { count.textContent = text_; }
    container.setAttribute("data-nodes", String(view.nodeView.length));
    container.setAttribute("data-edges", String(view.edgeView.length));
  }

  function showNote(data) {
    var note = $("network-note"), said = data.note ||
      (data.nodes.length ? "" : "Nothing in the network matches these filters: loosen one of them.");
    if (note) { note.textContent = said; note.hidden = !said; }
    var title = $("view-title");
    if (title && data.focus) {
      title.textContent = data.focus.iri ? "Around " + data.focus.label : "Partnership network";
    } else if (title && !new URLSearchParams(window.location.search).get("query")) {
      title.textContent = "Partnership network";
    }
    var others = $("focus-others");
    if (others) {
      others.textContent = "";
      var more = data.focus && data.focus.others || [];
      others.hidden = !more.length;
      if (more.length) {
        others.appendChild(document.createTextNode("Also named so: "));
        more.forEach(function (o, i) {
          var button = text("button", o.label, "node-link");
          button.type = "button";
          button.addEventListener("click", function () {
            var input = $("focus");
            input.value = o.label; input.setAttribute("data-label", o.label); focusIri = o.iri;
            reload();
          });
          if (i) { others.appendChild(document.createTextNode(", ")); }
          others.appendChild(button);
        });
      }
    }
  }

  var loading = 0;
  function reload() {
    var mine = ++loading;
    container.removeAttribute("data-ready");
    container.removeAttribute("data-still");
    var count = $("network-count");
    if (count) { count.textContent = "loading…"; }
    state.selected = null;
    var panel = $("evidence");
    if (panel) { panel.hidden = true; }
    if ($("workspace")) { $("workspace").classList.remove("with-profile"); }
    var url = (new URL(container.getAttribute("data-src"), window.location.href)).pathname + "?" + serverParams().toString();
    load(url).then(function (data) {
      if (mine !== loading) { return; }
      draw(data);
      keepUrl();
    }).catch(failed);
  }

  function failed(error) {
    container.textContent = "";
    container.appendChild(text("p", error.message, "error"));
    var count = $("network-count");
    if (count) { count.textContent = ""; }
  }

  function setupControls() {
    var workspace = $("workspace"), toggle = $("toggle-controls");
    if (workspace && toggle) {
      var narrow = window.matchMedia && window.matchMedia("(max-width: 700px)").matches;
      function setOpen(open) {
        workspace.classList.toggle("controls-hidden", !open);
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        window.dispatchEvent(new Event("resize"));  // vis-network fits its canvas again
      }
      setOpen(!narrow);
      var legendBox = $("legend-box");
      if (legendBox && narrow) { legendBox.open = false; }
      if (legendBox) {
        legendBox.addEventListener("toggle", function () { window.dispatchEvent(new Event("resize")); });
      }
      toggle.addEventListener("click", function () { setOpen(workspace.classList.contains("controls-hidden")); });
      document.querySelectorAll("[data-close]").forEach(function (button) {
        button.addEventListener("click", function () {
          if (button.getAttribute("data-close") === "controls") { setOpen(false); }
          else { clearSelection(); }
        });
      });
    }
    var color = $("color-by"), size = $("size-by"), groups = $("groups"), hl = $("hl");
    if (color) { color.value = state.color; }
    if (size) { size.value = state.size; if (size.value !== state.size) { state.size = ""; } }
    if (groups) { groups.checked = state.groups; }
    if (hl) { hl.value = String(state.hl); }
    var onDisplay = function () {
      if (color) { state.color = color.value; }
      if (size) { state.size = size.value; }
      if (groups) { state.groups = groups.checked; }
      restyle();
      if (view) { view.network.redraw(); }
      keepUrl();
    };
    var controls = document.querySelector(".workspace .controls") || document;
    controls.addEventListener("change", function (event) {
      var el = event.target;
      if (el === hl) { setHops(parseInt(hl.value, 10)); return; }
      if (el === color || el === size || el === groups) { onDisplay(); return; }
      if (el.id === "year-from" || el.id === "year-to" || el.id === "undated") { timeChanged(el); return; }
      if (el.id === "focus") { return; }  // applied on Enter or a suggestion
      if (form && form.contains(el)) { reload(); }
    });
    controls.addEventListener("input", function (event) {
      if (event.target.type === "range") { timeChanged(event.target); }
    });
    if (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); reload(); });
    }
    var reset = $("reset");
    if (reset && form) {
      reset.addEventListener("click", function (event) {
        event.preventDefault();
        form.querySelectorAll("input[type=checkbox][name=relation], input[type=checkbox][name=kind]")
          .forEach(function (el) { el.checked = false; });
        form.querySelectorAll("select[name=network], select[name=country], select[name=source]")
          .forEach(function (el) { el.value = ""; });
        var focus = $("focus");
        if (focus) { focus.value = ""; }
        state.from = state.to = null; state.undated = true;
        reload();
      });
    }
    var png = $("export-png"), svg = $("export-svg");
    if (png) { png.addEventListener("click", function () { if (view) { png.href = exportPng(); } }); }
    if (svg) {
      svg.addEventListener("click", function () {
        if (!view) { return; }
        if (svg.href.indexOf("blob:") === 0) { URL.revokeObjectURL(svg.href); }
        svg.href = URL.createObjectURL(new Blob([exportSvg()], { type: "image/svg+xml" }));
      });
    }
  }

  // -- exports: what is on screen, on white, with its legend ----------------------------------

  function legendLines() {
    var lines = [];
    legendModel().forEach(function (section) {
      lines.push({ title: true, text: section.title });
      section.items.forEach(function (item) { lines.push(item); });
    });
    return lines;
  }

  function exportPng() {
    var canvas = container.querySelector("canvas");
    var ratio = canvas.width / canvas.clientWidth || 1;
    var lines = legendLines(), lineHeight = 18 * ratio, pad = 12 * ratio;
    var out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height + pad * 2 + lines.length * lineHeight;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
    ctx.strokeStyle = "#dee2e6";
    ctx.beginPath(); ctx.moveTo(0, canvas.height + 0.5); ctx.lineTo(out.width, canvas.height + 0.5); ctx.stroke();
    ctx.textBaseline = "middle";
    lines.forEach(function (line, i) {
      var y = canvas.height + pad + (i + 0.5) * lineHeight, x = pad;
      ctx.font = (line.title ? "600 " : "") + 13 * ratio + "px system-ui, sans-serif";
      if (line.swatch) {
        ctx.fillStyle = line.swatch;
        ctx.beginPath(); ctx.arc(x + 6 * ratio, y, 5 * ratio, 0, 2 * Math.PI); ctx.fill();
        x += 18 * ratio;
      } else if (line.line) {
        ctx.strokeStyle = line.line; ctx.lineWidth = 3 * ratio;
        ctx.setLineDash(line.dashed ? [5 * ratio, 3 * ratio] : []);
        ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 22 * ratio, y); ctx.stroke();
        ctx.setLineDash([]);
        x += 28 * ratio;
      } else if (!line.title) { x += 18 * ratio; }
      ctx.fillStyle = "#1d2330";
      ctx.fillText(line.text, x, y);
    });
    return out.toDataURL("image/png");
  }

  function xml(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  function exportSvg() {
    var network = view.network, width = container.clientWidth, height = container.clientHeight;
    var scale = network.getScale(), hl = view.highlight;
    var lines = legendLines(), lineHeight = 18, pad = 12;
    var total = height + pad * 2 + lines.length * lineHeight;
    var out = ['<svg xmlns="http://www.w3.org/2000/svg" width="' + width + '" height="' + total +
               '" viewBox="0 0 ' + width + " " + total + '" font-family="system-ui, sans-serif">',
               '<rect width="100%" height="100%" fill="#ffffff"/>',
               '<g id="network"><clipPath id="view"><rect width="' + width + '" height="' + height + '"/></clipPath><g clip-path="url(#view)">'];
    function dom(id) { var p = position(id); return p ? network.canvasToDOM(p) : null; }
    if (state.groups && view.groupShapes) {
      var ratio = container.querySelector("canvas").width / width || 1;
      view.groupShapes.forEach(function (shape) {
        var points = shape.points.map(function (p) { return (p[0] / ratio).toFixed(1) + "," + (p[1] / ratio).toFixed(1); }).join(" ");
        out.push('<polygon points="' + points + '" fill="' + tint(shape.colour) + '" stroke="' +
                 tint(shape.colour) + '" stroke-width="' + ((2 * shape.pad) / ratio + 24).toFixed(1) + '" stroke-linejoin="round"/>');
        out.push('<text x="' + (shape.top[0] / ratio).toFixed(1) + '" y="' + (shape.top[1] / ratio - 16).toFixed(1) + '" font-size="13" font-weight="600" text-anchor="middle" fill="#343a40">' + xml(shape.name) + "</text>");
      });
    }
    var positions = {};
    view.nodeView.getIds().forEach(function (id) { positions[id] = dom(id); });
    view.edgeView.forEach(function (e) {
      var a = positions[e.from], b = positions[e.to];
      if (!a || !b) { return; }
      var raw = view.edgeById[e.id], dim = hl && !hl.edges[e.id];
      out.push('<line x1="' + a.x.toFixed(1) + '" y1="' + a.y.toFixed(1) + '" x2="' + b.x.toFixed(1) + '" y2="' + b.y.toFixed(1) +
               '" stroke="' + view.data.relations[raw.relation].color + '" stroke-opacity="' + (dim ? 0.15 : 0.8) + '"' +
               (e.year === null ? ' stroke-dasharray="5 3"' : "") + "/>");
    });
    Object.keys(positions).forEach(function (id) {
      var p = positions[id];
      if (!p) { return; }
      var dim = hl && !hl.nodes[id];
      out.push('<circle cx="' + p.x.toFixed(1) + '" cy="' + p.y.toFixed(1) + '" r="' + Math.max(view.sizes.size[id] * scale, 1.5).toFixed(1) +
               '" fill="' + view.cats.colours[view.cats.names[id]] + '" fill-opacity="' + (dim ? 0.2 : 1) + '" stroke="#495057" stroke-width="0.5"/>');
    });
    view.placed.forEach(function (label) {
      out.push('<text x="' + label.x.toFixed(1) + '" y="' + (label.y + 10).toFixed(1) + '" font-size="12" text-anchor="middle" fill="#1d2330" stroke="#fff" stroke-width="3" paint-order="stroke">' + xml(label.text) + "</text>");
    });
    out.push("</g></g>");
    out.push('<g id="legend"><line x1="0" y1="' + (height + 0.5) + '" x2="' + width + '" y2="' + (height + 0.5) + '" stroke="#dee2e6"/>');
    lines.forEach(function (line, i) {
      var y = height + pad + (i + 0.5) * lineHeight, x = pad;
      if (line.swatch) {
        out.push('<circle cx="' + (x + 6) + '" cy="' + y + '" r="5" fill="' + line.swatch + '"/>');
        x += 18;
      } else if (line.line) {
        out.push('<line x1="' + x + '" y1="' + y + '" x2="' + (x + 22) + '" y2="' + y + '" stroke="' + line.line + '" stroke-width="3"' + (line.dashed ? ' stroke-dasharray="5 3"' : "") + "/>");
        x += 28;
      } else if (!line.title) { x += 18; }
      out.push('<text x="' + x + '" y="' + (y + 4) + '" font-size="13"' + (line.title ? ' font-weight="600"' : "") + ' fill="#1d2330">' + xml(line.text) + "</text>");
    });
    out.push("</g></svg>");
    return out.join("\n");
  }

  setupControls();
  setupFind();
  setupFocus();
  load().then(function (data) { draw(data); keepUrl(); }).catch(failed);
})();
