// Charts drawn by hand as SVG, for the viewer's pages and the SPARQL workbench alike: ranked
// bars, columns, a line, a timeline, a map of countries (Natural Earth boundaries as TopoJSON,
// on the Equal Earth projection) and a small network. Names go in as text, never as markup.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
                 "#ff9da7", "#9c755f", "#bab0ac"];
  var BLUES = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
  var CHAR = 6.6;  // width of a character of the labels' font, for cutting long labels

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== undefined && attrs[k] !== null) { node.setAttribute(k, attrs[k]); }
    });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function label(parent, x, y, content, attrs) {
    var t = el("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    t.textContent = content;
    return t;
  }

  function titled(node, content) {
    el("title", {}, node).textContent = content;
    return node;
  }

  function linked(parent, url) {
    return url ? el("a", { href: url }, parent) : parent;
  }

  function cut(text, chars) {
    text = String(text);
    return text.length > chars ? text.slice(0, Math.max(chars - 1, 1)) + "…" : text;
  }

  function widthOf(container) {
    return Math.max(280, Math.floor(container.getBoundingClientRect().width || 600));
  }

  function svg(container, width, height, name) {
    while (container.firstChild) { container.removeChild(container.firstChild); }
    var root = el("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height,
                           "class": "chart-svg " + name, role: "img" }, container);
    el("rect", { x: 0, y: 0, width: width, height: height, fill: "#fff" }, root);
    return root;
  }

  function format(v) {
    if (typeof v !== "number" || !isFinite(v)) { return String(v); }
    if (Number.isInteger(v)) { return v.toLocaleString("en"); }
    var digits = Math.abs(v) >= 100 ? 1 : Math.abs(v) >= 1 ? 2 : 4;
    return v.toLocaleString("en", { maximumFractionDigits: digits });
  }

  // Round steps (1, 2 or 5 times a power of ten) from lo to hi, about n of them.
  function ticks(lo, hi, n) {
    if (hi === lo) { hi = lo + 1; }
    var raw = (hi - lo) / Math.max(n, 1);
    var power = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * power; })
      .find(function (s) { return s >= raw; });
    var out = [];
    for (var v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
      out.push(Math.round(v / step) * step);
    }
    return out;
  }

  // -- ranked bars: one row per item, longest first as given ----------------------------------

  function bars(container, items, options) {
    options = options || {};
    var width = widthOf(container);
    var labelWidth = Math.min(Math.round(width * 0.42), 260);
    var valueChars = Math.max.apply(null, items.map(function (d) {
      return (format(d.value) + (d.count ? " · " + d.count : "")).length;
    }).concat([1]));
    var row = 22, top = 6, right = Math.ceil(valueChars * CHAR * 0.95) + 10;
    var height = top + items.length * row + 8;
    var root = svg(container, width, height, "bars");
    var max = Math.max.apply(null, items.map(function (d) { return d.value; }).concat([0]));
    var span = width - labelWidth - right;
    items.forEach(function (d, i) {
      var y = top + i * row;
      var g = el("g", { "class": "bar", "data-label": d.label, "data-value": d.value }, root);
      titled(g, d.label + ": " + format(d.value) + (d.count ? " (" + d.count + ")" : ""));
      label(linked(g, d.url), labelWidth - 6, y + 15, cut(d.label, Math.floor(labelWidth / CHAR)),
            { "text-anchor": "end", "class": "bar-label" });
      var w = max > 0 ? Math.max(d.value / max * span, d.value > 0 ? 1 : 0) : 0;
      el("rect", { x: labelWidth, y: y + 3, width: w.toFixed(1), height: row - 6,
                   fill: d.colour || options.colour || PALETTE[0] }, g);
      label(g, labelWidth + w + 4, y + 15, format(d.value) + (d.count ? " · " + d.count : ""),
            { "class": "bar-value" });
    });
    return root;
  }

  // -- columns: a distribution, one column per value ------------------------------------------

  function columns(container, items, options) {
    options = options || {};
    var width = widthOf(container), height = 220;
    var left = 40, bottom = 38, top = 10, right = 10;
    var root = svg(container, width, height, "columns");
    var max = Math.max.apply(null, items.map(function (d) { return d.value; }).concat([1]));
    var plotH = height - top - bottom, step = (width - left - right) / Math.max(items.length, 1);
    ticks(0, max, 4).forEach(function (t) {
      var y = top + plotH - t / max * plotH;
      el("line", { x1: left, x2: width - right, y1: y, y2: y, "class": "grid" }, root);
      label(root, left - 4, y + 4, format(t), { "text-anchor": "end", "class": "tick" });
    });
    var every = Math.ceil(items.length / Math.max(Math.floor((width - left) / 34), 1));
    items.forEach(function (d, i) {
      var h = d.value / max * plotH, x = left + i * step;
      var g = el("g", { "class": "column", "data-label": d.label, "data-value": d.value }, root);
      titled(g, (options.prefix || "") + d.label + ": " + format(d.value));
      el("rect", { x: (x + step * 0.1).toFixed(1), y: (top + plotH - h).toFixed(1),
                   width: (step * 0.8).toFixed(1), height: h.toFixed(1),
                   fill: options.colour || PALETTE[0] }, g);
      if (i % every === 0 || i === items.length - 1) {
        label(root, x + step / 2, height - bottom + 14, cut(d.label, 9),
              { "text-anchor": "middle", "class": "tick" });
      }
    });
    if (options.xLabel) {
      label(root, left + (width - left - right) / 2, height - 6, options.xLabel,
            { "text-anchor": "middle", "class": "axis-label" });
    }
    return root;
  }

  // -- a line: points (x, y), x a number or a time --------------------------------------------

  function line(container, series, options) {
    options = options || {};
    var width = widthOf(container), height = 280;
    var left = 52, bottom = 40, top = 12, right = 16;
    var root = svg(container, width, height, "line");
    var all = [].concat.apply([], series.map(function (s) { return s.points; }));
    if (!all.length) { return root; }
    var xs = all.map(function (p) { return p.x; }), ys = all.map(function (p) { return p.y; });
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min(0, Math.min.apply(null, ys)), y1 = Math.max.apply(null, ys);
    if (x0 === x1) { x0 -= 1; x1 += 1; }
    if (y0 === y1) { y1 = y0 + 1; }
    var sx = function (v) { return left + (v - x0) / (x1 - x0) * (width - left - right); };
    var sy = function (v) { return top + (1 - (v - y0) / (y1 - y0)) * (height - top - bottom); };
    var whole = ys.every(function (v) { return Number.isInteger(v); });
    ticks(y0, y1, 5).filter(function (t) { return !whole || Number.isInteger(t); }).forEach(function (t) {
      el("line", { x1: left, x2: width - right, y1: sy(t), y2: sy(t), "class": "grid" }, root);
      label(root, left - 4, sy(t) + 4, format(t), { "text-anchor": "end", "class": "tick" });
    });
    var xt = options.time ? timeTicks(x0, x1, Math.floor(width / 90))
      : ticks(x0, x1, Math.floor(width / 80)).filter(function (v) {
        return !options.year || Number.isInteger(v);  // no year 2021.5
      }).map(function (v) {
        return { at: v, text: options.year ? String(v) : format(v) };
      });
    xt.forEach(function (t) {
      if (t.at < x0 || t.at > x1) { return; }
      el("line", { x1: sx(t.at), x2: sx(t.at), y1: height - bottom, y2: height - bottom + 4,
                   stroke: "#5b6776" }, root);
      label(root, sx(t.at), height - bottom + 16, t.text, { "text-anchor": "middle", "class": "tick" });
    });
    el("line", { x1: left, x2: width - right, y1: height - bottom, y2: height - bottom,
                 stroke: "#5b6776" }, root);
    series.forEach(function (s, i) {
      var colour = PALETTE[i % PALETTE.length];
      var points = s.points.slice().sort(function (a, b) { return a.x - b.x; });
      el("path", { d: points.map(function (p, j) {
        return (j ? "L" : "M") + sx(p.x).toFixed(1) + "," + sy(p.y).toFixed(1);
      }).join(""), fill: "none", stroke: colour, "stroke-width": 2, "class": "series",
                   "data-series": s.name || "" }, root);
      points.forEach(function (p) {
        titled(el("circle", { cx: sx(p.x).toFixed(1), cy: sy(p.y).toFixed(1), r: 3.5, fill: colour,
                              "class": "point", "data-x": p.x, "data-y": p.y }, root),
               (s.name ? s.name + ", " : "") + (p.label || format(p.x)) + ": " + format(p.y));
      });
    });
    if (series.length > 1) { legend(container, series.map(function (s, i) {
      return { label: s.name, colour: PALETTE[i % PALETTE.length] };
    })); }
    if (options.xLabel || options.yLabel) {
      label(root, left + (width - left - right) / 2, height - 6, options.xLabel || "",
            { "text-anchor": "middle", "class": "axis-label" });
      label(root, 4, 10, options.yLabel || "", { "class": "axis-label" });
    }
    return root;
  }

  function legend(container, entries) {
    var box = document.createElement("p");
    box.className = "chart-legend";
    entries.forEach(function (e) {
      var item = document.createElement("span");
      var swatch = document.createElement("span");
      swatch.className = "chart-swatch";
      swatch.style.background = e.colour;  // CSSOM, which the page's policy allows
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(e.label));
      box.appendChild(item);
    });
    container.appendChild(box);
    return box;
  }

  // -- time -----------------------------------------------------------------------------------

  // A date as the data writes it ("2021", "2021-03", "2021-03-10", a dateTime) as the span of
  // time it names, in ms: a year is the whole year, a month the whole month, a day one day.
  function span(text) {
    var m = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(String(text || ""));
    if (!m) { return null; }
    var y = +m[1], mo = m[2] ? +m[2] - 1 : null, d = m[3] ? +m[3] : null;
    if (mo === null) { return [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1)]; }
    if (d === null) { return [Date.UTC(y, mo, 1), Date.UTC(y, mo + 1, 1)]; }
    return [Date.UTC(y, mo, d), Date.UTC(y, mo, d + 1)];
  }

  var YEAR = 365.25 * 864e5;

  function timeTicks(t0, t1, n) {
    var years = (t1 - t0) / YEAR;
    var first = new Date(t0).getUTCFullYear(), last = new Date(t1).getUTCFullYear() + 1;
    if (years > 1.5 || n < 4) {
      return ticks(first, last, Math.max(n, 2)).filter(function (y) { return Number.isInteger(y); })
        .map(function (y) { return { at: Date.UTC(y, 0, 1), text: String(y) }; });
    }
    var out = [], months = Math.max(1, Math.ceil(years * 12 / Math.max(n, 1)));
    for (var y = first; y <= last; y++) {
      for (var mo = 0; mo < 12; mo += months) {
        out.push({ at: Date.UTC(y, mo, 1), text: mo === 0 ? String(y) : y + "-" + String(mo + 1).padStart(2, "0") });
      }
    }
    return out;
  }

  // -- a timeline: one row per event, a bar over the time it took -----------------------------

  function timeline(container, events, options) {
    options = options || {};
    var dated = events.map(function (e) {
      var s = span(e.start), f = span(e.end || e.start);
      return s ? Object.assign({}, e, { t0: s[0], t1: Math.max(f ? f[1] : s[1], s[1]) }) : null;
    }).filter(Boolean);
    var width = widthOf(container), row = 24, top = 30, pad = 12;
    var height = top + dated.length * row + 10;
    var root = svg(container, width, height, "timeline");
    if (!dated.length) { return root; }
    var t0 = Math.min.apply(null, dated.map(function (e) { return e.t0; }));
    var t1 = Math.max.apply(null, dated.map(function (e) { return e.t1; }));
    var margin = Math.max((t1 - t0) * 0.03, 15 * 864e5);
    t0 -= margin; t1 += margin;
    var sx = function (t) { return pad + (t - t0) / (t1 - t0) * (width - 2 * pad); };
    timeTicks(t0, t1, Math.floor(width / 90)).forEach(function (t) {
      if (t.at < t0 || t.at > t1) { return; }
      el("line", { x1: sx(t.at), x2: sx(t.at), y1: top - 8, y2: height, "class": "grid" }, root);
      label(root, sx(t.at), top - 12, t.text, { "text-anchor": "middle", "class": "tick" });
    });
    dated.forEach(function (e, i) {
      var y = top + i * row, x = sx(e.t0), w = Math.max(sx(e.t1) - x, 4);
      var g = el("g", { "class": "event", "data-start": e.start, "data-label": e.label }, root);
      titled(g, e.label + ": " + e.start + (e.end && e.end !== e.start ? " – " + e.end : ""));
      var a = linked(g, e.url);
      el("rect", { x: x.toFixed(1), y: y + 4, width: w.toFixed(1), height: row - 10, rx: 2,
                   fill: e.colour || PALETTE[4] }, a);
      var room = Math.floor((width - x - w - 10) / CHAR), before = Math.floor((x - 10) / CHAR);
      if (room >= 12 || room >= before) {
        label(a, x + w + 5, y + 16, cut(e.label, Math.max(room, 6)), { "class": "event-label" });
      } else {
        label(a, x - 5, y + 16, cut(e.label, before), { "class": "event-label", "text-anchor": "end" });
      }
    });
    return root;
  }

  // -- a map of countries ---------------------------------------------------------------------

  // The Equal Earth projection (Šavrič, Patterson and Jenny, 2018), in radians.
  var A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796, M = Math.sqrt(3) / 2;
  function equalEarth(lon, lat) {
    var l = Math.asin(M * Math.sin(lat * Math.PI / 180)), l2 = l * l, l6 = l2 * l2 * l2;
    return [lon * Math.PI / 180 * Math.cos(l) / (M * (A1 + 3 * A2 * l2 + l6 * (7 * A3 + 9 * A4 * l2))),
            l * (A1 + A2 * l2 + l6 * (A3 + A4 * l2))];
  }

  // The atlas's countries as GeoJSON features (topojson-client decodes the arcs), once.
  var featuresOf = (function () {
    var seen = new WeakMap();
    return function (topology) {
      if (!seen.has(topology)) {
        seen.set(topology, window.topojson.feature(topology, topology.objects.countries).features);
      }
      return seen.get(topology);
    };
  })();

  function rings(geometry) {
    if (!geometry) { return []; }
    if (geometry.type === "Polygon") { return geometry.coordinates; }
    if (geometry.type === "MultiPolygon") { return [].concat.apply([], geometry.coordinates); }
    return [];
  }

  // A ring that crosses the antimeridian (Fiji, Chukotka) made continuous, past 180° if need
  // be, plus its copy shifted by 360° so the part past the edge shows on the other side; the
  // map clips both to the outline of the world.
  function unwrapped(ring) {
    var out = [], shift = 0, prev = null;
    ring.forEach(function (p) {
      var lon = p[0] + shift;
      if (prev !== null && lon - prev > 180) { shift -= 360; lon -= 360; }
      else if (prev !== null && lon - prev < -180) { shift += 360; lon += 360; }
      out.push([lon, p[1]]);
      prev = lon;
    });
    var lons = out.map(function (p) { return p[0]; });
    var copies = [out];
    if (Math.max.apply(null, lons) > 180) { copies.push(out.map(function (p) { return [p[0] - 360, p[1]]; })); }
    if (Math.min.apply(null, lons) < -180) { copies.push(out.map(function (p) { return [p[0] + 360, p[1]]; })); }
    return copies;
  }

  var maps = 0;  // each map's clip path has an id of its own

  // ``values``: atlas id (ISO 3166-1 numeric, "620") -> {value, title, url}. Gives the ids of
  // ``values`` the atlas has no shape for (small countries at this scale).
  function map(container, topology, values, options) {
    options = options || {};
    var features = featuresOf(topology).filter(function (f) {
      return f.id !== "010" || values[f.id];  // Antarctica only when it has something
    });
    var width = widthOf(container);
    var edge = equalEarth(180, 0)[0], polar = equalEarth(0, 84)[1], south = equalEarth(0, -58)[1];
    var scale = width / (2 * edge);
    var height = Math.round((polar - south) * scale) + 4;
    var root = svg(container, width, height, "map");
    var at = function (lon, lat) {
      var xy = equalEarth(lon, Math.max(Math.min(lat, 89.9), -89.9));
      return (width / 2 + xy[0] * scale).toFixed(1) + "," + ((polar - xy[1]) * scale + 2).toFixed(1);
    };
    var clip = "map-clip-" + (++maps), outline = [];
    for (var lat = -90; lat <= 90; lat += 5) { outline.push(at(180, lat)); }
    for (lat = 90; lat >= -90; lat -= 5) { outline.push(at(-180, lat)); }
    el("path", { d: "M" + outline.join("L") + "Z" }, el("clipPath", { id: clip }, el("defs", {}, root)));
    el("path", { d: "M" + outline.join("L") + "Z", fill: "#f4f8fc", stroke: "#cfd6de", "class": "sphere" }, root);
    var world = el("g", { "clip-path": "url(#" + clip + ")" }, root);
    var max = 0;
    Object.keys(values).forEach(function (k) { max = Math.max(max, values[k].value || 0); });
    var colour = function (v) {
      if (!v) { return "#e3e7eb"; }
      var i = Math.min(BLUES.length - 1, Math.floor((v / Math.max(max, 1)) * (BLUES.length - 1e-9)));
      return BLUES[Math.max(i, 0)];
    };
    var drawn = {};
    features.forEach(function (f) {
      var d = [].concat.apply([], rings(f.geometry).map(unwrapped)).map(function (ring) {
        return ring.map(function (p, i) { return (i ? "L" : "M") + at(p[0], p[1]); }).join("") + "Z";
      }).join("");
      var given = f.id !== undefined ? values[f.id] : undefined;
      var name = (f.properties && f.properties.name) || "";
      var path = el("path", { d: d, id: f.id !== undefined ? "country-" + f.id : null,
                              "class": "country" + (given && given.value ? " has-value" : ""),
                              fill: colour(given ? given.value : 0), stroke: "#fff",
                              "data-value": given ? given.value : 0 },
                    linked(world, given && given.url));
      titled(path, given && given.title ? given.title : name);
      if (f.id !== undefined) { drawn[f.id] = true; }
    });
    if (max > 0) { zoom(container, root, world, width, height); }
    if (max > 0) {
      var bins = BLUES.map(function (c, i) {
        var lo = Math.floor(i * max / BLUES.length) + 1, hi = Math.floor((i + 1) * max / BLUES.length);
        return { colour: c, label: lo >= hi ? format(hi) : format(lo) + "–" + format(hi), empty: hi < lo };
      }).filter(function (b) { return !b.empty; });
      legend(container, [{ colour: "#e3e7eb", label: "none" }].concat(bins.map(function (b) {
        return { colour: b.colour, label: b.label + (options.unit ? " " + options.unit : "") };
      })));
    }
    return Object.keys(values).filter(function (k) { return values[k].value && !drawn[k]; });
  }

  // The map framed on the countries that have a value (with room around them, at least a
  // fifth of the world wide), and a button that shows the whole world instead, or again them.
  function zoom(container, root, world, width, height) {
    var boxes = Array.prototype.map.call(world.querySelectorAll(".has-value"), function (p) { return p.getBBox(); })
      .filter(function (b) { return b.width > 0; });
    if (!boxes.length) { return; }
    var x0 = Math.min.apply(null, boxes.map(function (b) { return b.x; }));
    var y0 = Math.min.apply(null, boxes.map(function (b) { return b.y; }));
    var x1 = Math.max.apply(null, boxes.map(function (b) { return b.x + b.width; }));
    var y1 = Math.max.apply(null, boxes.map(function (b) { return b.y + b.height; }));
    var w = Math.max((x1 - x0) * 1.5, width / 5), h = Math.max((y1 - y0) * 1.5, height / 5);
    if (w / h > width / height) { h = w * height / width; } else { w = h * width / height; }
    w = Math.min(w, width); h = Math.min(h, height);
    var cx = Math.min(Math.max((x0 + x1) / 2, w / 2), width - w / 2);
    var cy = Math.min(Math.max((y0 + y1) / 2, h / 2), height - h / 2);
    var near = [cx - w / 2, cy - h / 2, w, h].map(function (v) { return v.toFixed(1); }).join(" ");
    var whole = "0 0 " + width + " " + height;
    if (w >= width * 0.9) { return; }  // they span the world already
    var button = document.createElement("button");
    button.type = "button";
    button.className = "map-zoom";
    var set = function (zoomed) {
      root.setAttribute("viewBox", zoomed ? near : whole);
      root.setAttribute("data-zoomed", String(zoomed));
      button.textContent = zoomed ? "Show the whole world" : "Zoom to the countries shown";
      // borders as thin zoomed in as out
      world.setAttribute("stroke-width", zoomed ? (0.5 * w / width).toFixed(2) : "0.5");
    };
    button.addEventListener("click", function () { set(root.getAttribute("data-zoomed") !== "true"); });
    container.insertBefore(button, root);
    set(true);
  }

  // -- a small network: a force layout of at most a few hundred nodes -------------------------

  function network(container, nodes, edges, options) {
    options = options || {};
    var width = widthOf(container), height = Math.min(Math.max(320, width * 0.7), 560);
    var root = svg(container, width, height, "network");
    var index = {}, n = nodes.length;
    nodes.forEach(function (d, i) {
      index[d.id] = i;
      var a = 2 * Math.PI * i / Math.max(n, 1);
      d.x = Math.cos(a) * 0.4; d.y = Math.sin(a) * 0.4; d.degree = 0;
    });
    var links = edges.filter(function (e) { return e.source in index && e.target in index; })
      .map(function (e) { nodes[index[e.source]].degree++; nodes[index[e.target]].degree++;
                          return [index[e.source], index[e.target]]; });
    var k = Math.sqrt(1 / Math.max(n, 1)), temp = 0.1;
    for (var step = 0; step < 250; step++) {  // Fruchterman and Reingold
      var dx = new Float64Array(n), dy = new Float64Array(n);
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var x = nodes[i].x - nodes[j].x, y = nodes[i].y - nodes[j].y;
          var dist2 = Math.max(x * x + y * y, 1e-6), f = k * k / dist2;
          dx[i] += x * f; dy[i] += y * f; dx[j] -= x * f; dy[j] -= y * f;
        }
      }
      links.forEach(function (l) {
        var a = nodes[l[0]], b = nodes[l[1]], x = a.x - b.x, y = a.y - b.y;
        var dist = Math.sqrt(x * x + y * y) || 1e-3, f = dist / k;
        dx[l[0]] -= x * f; dy[l[0]] -= y * f; dx[l[1]] += x * f; dy[l[1]] += y * f;
      });
      for (i = 0; i < n; i++) {
        dx[i] -= nodes[i].x; dy[i] -= nodes[i].y;  // gravity keeps the parts close together
        var len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
        nodes[i].x += dx[i] / len * Math.min(len, temp);
        nodes[i].y += dy[i] / len * Math.min(len, temp);
      }
      temp *= 0.985;
    }
    var xs = nodes.map(function (d) { return d.x; }), ys = nodes.map(function (d) { return d.y; });
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var pad = 40;
    var sx = function (v) { return pad + (v - minX) / ((maxX - minX) || 1) * (width - 2 * pad); };
    var sy = function (v) { return pad / 2 + (v - minY) / ((maxY - minY) || 1) * (height - pad); };
    links.forEach(function (l) {
      el("line", { x1: sx(nodes[l[0]].x).toFixed(1), y1: sy(nodes[l[0]].y).toFixed(1),
                   x2: sx(nodes[l[1]].x).toFixed(1), y2: sy(nodes[l[1]].y).toFixed(1),
                   "class": "edge" }, root);
    });
    var ranked = nodes.slice().sort(function (a, b) { return b.degree - a.degree; });
    var labelled = {};
    ranked.slice(0, options.labels || 30).forEach(function (d) { labelled[d.id] = true; });
    nodes.forEach(function (d) {
      var g = el("g", { "class": "node", "data-id": d.id }, linked(root, d.url));
      titled(g, d.label);
      el("circle", { cx: sx(d.x).toFixed(1), cy: sy(d.y).toFixed(1), r: 4 + Math.min(d.degree, 12) * 0.6,
                     fill: d.colour || PALETTE[0] }, g);
      if (labelled[d.id]) {  // on the side with room
        var right = sx(d.x) < width * 0.7;
        label(g, sx(d.x) + (right ? 7 : -7), sy(d.y) + 4, cut(d.label, 24),
              { "class": "node-label", "text-anchor": right ? "start" : "end" });
      }
    });
    return root;
  }

  window.edgraphCharts = {
    bars: bars, columns: columns, line: line, timeline: timeline, map: map, network: network,
    legend: legend, span: span, format: format, palette: PALETTE
  };
})();
