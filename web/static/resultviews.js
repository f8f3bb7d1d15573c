// Views of a SELECT result in the workbench, as the Wikidata Query Service offers them: table,
// bar chart, line chart, timeline, map and network, each offered when the result's columns fit
// it (numbers, dates, countries by IRI or ISO code, two columns of IRIs). The choice is kept
// in the address (#view=bar), so the share link opens the same view. Drawn by charts.js.
(function () {
  "use strict";
  var box = document.getElementById("result-views");
  var charts = window.edgraphCharts;
  if (!box || !charts) { return; }
  var NAMES = { table: "Table", bar: "Bar chart", line: "Line chart", timeline: "Timeline",
                map: "Map", network: "Network" };
  var MAX_BARS = 100, MAX_SERIES = 10, MAX_NODES = 300;

  function getJSON(url, accept) {
    return fetch(url, { headers: { Accept: accept || "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  // A column as the server counted it (on the table's page of rows): whether all of its values
  // are numbers, dates, IRIs or countries.
  function flags(c) {
    ["numeric", "date", "iri", "countries"].forEach(function (k) { c["is" + k] = c.bound > 0 && c[k] === c.bound; });
    // whole numbers between 1000 and 2999 in a column called like a year: years
    c.isyear = c.isnumeric && c.years === c.bound && /year|año|ano/i.test(c.name);
    return c;
  }

  function localName(iri) {
    var part = iri.replace(/[#/]+$/, "").split(/[#/]/).pop() || iri;
    try { return decodeURIComponent(part); } catch (e) { return part; }
  }

  // A value as a person reads it: the ?xLabel column beside ?x (the Query Service's custom),
  // else the dataset's name for the IRI, else a literal's text or the IRI's last part.
  function labeller(labels) {
    return function (row, name) {
      var t = row[name];
      if (!t) { return ""; }
      var beside = row[name + "Label"] || row[name + "label"] || row[name + "_label"];
      if (beside) { return beside.value; }
      if (t.type === "uri") { return Object.prototype.hasOwnProperty.call(labels, t.value) ? labels[t.value] : localName(t.value); }
      return t.value;
    };
  }

  // The dataset's names of the result's IRIs (the first MAX_LABELS of them), in one request.
  var MAX_LABELS = 500;
  function namesOf(rows, url) {
    var iris = {};
    rows.forEach(function (row) {
      Object.keys(row).forEach(function (k) { if (row[k].type === "uri") { iris[row[k].value] = true; } });
    });
    var list = Object.keys(iris).slice(0, MAX_LABELS);
    if (!list.length || !url) { return Promise.resolve({}); }
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
                        body: JSON.stringify({ iris: list }) })
      .then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; });
  }

  function first(columns, test, except) {
    return columns.find(function (c) { return test(c) && (!except || except.indexOf(c.name) < 0); });
  }

  // The views this result can be shown as, each with the columns it uses.
  function fitting(columns) {
    var offered = { table: {} };
    var number = first(columns, function (c) { return c.isnumeric && !c.isyear; }) ||
      first(columns, function (c) { return c.isnumeric; });
    var labelCol = first(columns, function (c) { return c.bound && !c.isnumeric; });
    if (number && labelCol) { offered.bar = { value: number.name, label: labelCol.name }; }
    var x = first(columns, function (c) { return c.isdate; }) || first(columns, function (c) { return c.isyear; });
    if (!x) {
      var numbers = columns.filter(function (c) { return c.isnumeric; });
      if (numbers.length >= 2) { x = numbers[0]; }
    }
    var y = x && first(columns, function (c) { return c.isnumeric; }, [x.name]);
    if (x && y) {
      var group = first(columns, function (c) { return c.bound && !c.isnumeric && !c.isdate; }, [x.name, y.name]);
      offered.line = { x: x.name, y: y.name, time: !!x.isdate, group: group ? group.name : null };
    }
    var start = first(columns, function (c) { return c.isdate; });
    if (start) {
      var end = first(columns, function (c) { return c.isdate; }, [start.name]);
      var what = first(columns, function (c) { return c.bound && !c.isdate && !c.isnumeric; });
      offered.timeline = { start: start.name, end: end ? end.name : null, label: what ? what.name : null };
    }
    var country = first(columns, function (c) { return c.iscountries; });
    if (country) { offered.map = { country: country.name, value: number ? number.name : null }; }
    var iris = columns.filter(function (c) { return c.isiri; });
    if (iris.length >= 2) { offered.network = { source: iris[0].name, target: iris[1].name }; }
    return offered;
  }

  // Country IRI or ISO code (alpha-2, alpha-3, numeric) -> the atlas's numeric id.
  function countryIndex(list) {
    var index = {};
    list.forEach(function (c) {
      if (!c.numeric) { return; }
      index[c.iri] = c.numeric;
      [c.alpha2, c.alpha3, c.numeric].forEach(function (code) { if (code) { index[code.toUpperCase()] = c.numeric; } });
    });
    return index;
  }

  function countryOf(index, t) {
    if (!t) { return null; }
    return index[t.type === "uri" ? t.value : String(t.value).trim().toUpperCase()] || null;
  }

  function note(pane, text) {
    var p = document.createElement("p");
    p.className = "view-note";
    p.textContent = text;
    pane.appendChild(p);
  }

  function draw(view, spec, rows, pane, extra) {
    while (pane.firstChild) { pane.removeChild(pane.firstChild); }
    var name = labeller(extra.labels);
    var chart = document.createElement("div");
    chart.className = "chart";
    pane.appendChild(chart);
    var href = function (t) { return t && t.type === "uri" ? "/resource?iri=" + encodeURIComponent(t.value) : null; };
    if (view === "bar") {
      var items = rows.filter(function (r) { return r[spec.value] && isFinite(+r[spec.value].value); })
        .slice(0, MAX_BARS).map(function (r) {
        return { label: name(r, spec.label) || "(none)", value: +r[spec.value].value, url: href(r[spec.label]) };
      });
      charts.bars(chart, items);
      note(pane, spec.value + " by " + spec.label + (rows.length > MAX_BARS ? "; the first " + MAX_BARS + " rows" : ""));
    } else if (view === "line") {
      var groups = {}, order = [];
      rows.forEach(function (r) {
        if (!r[spec.x] || !r[spec.y] || !isFinite(+r[spec.y].value)) { return; }
        if (spec.time ? !charts.span(r[spec.x].value) : !isFinite(+r[spec.x].value)) { return; }
        var key = spec.group ? name(r, spec.group) || "(none)" : spec.y;
        if (!groups[key]) { groups[key] = []; order.push(key); }
        var xv = spec.time ? charts.span(r[spec.x].value)[0] : +r[spec.x].value;
        groups[key].push({ x: xv, y: +r[spec.y].value, label: r[spec.x].value });
      });
      var series = order.map(function (k) { return { name: spec.group ? k : "", points: groups[k] }; });
      series.sort(function (a, b) { return sum(b.points) - sum(a.points); });
      charts.line(chart, series.slice(0, MAX_SERIES), { time: spec.time, year: !spec.time, xLabel: spec.x, yLabel: spec.y });
      note(pane, spec.y + " by " + spec.x + (spec.group ? ", one line for each " + spec.group : "") +
        (series.length > MAX_SERIES ? "; the " + MAX_SERIES + " largest of " + series.length + " lines" : ""));
    } else if (view === "timeline") {
      var events = rows.filter(function (r) { return r[spec.start] && charts.span(r[spec.start].value); }).map(function (r) {
        return { label: spec.label ? name(r, spec.label) : r[spec.start].value, start: r[spec.start].value,
                 end: spec.end && r[spec.end] ? r[spec.end].value : "", url: spec.label ? href(r[spec.label]) : null };
      });
      events.sort(function (a, b) { return charts.span(a.start)[0] - charts.span(b.start)[0]; });
      charts.timeline(chart, events.slice(0, 2000));
      note(pane, "from " + spec.start + (spec.end ? " to " + spec.end : "") + (spec.label ? ", named by " + spec.label : ""));
    } else if (view === "map") {
      var values = {};
      rows.forEach(function (r) {
        var id = countryOf(extra.countries, r[spec.country]);
        if (!id) { return; }
        var v = spec.value && r[spec.value] ? +r[spec.value].value : 1;
        if (!isFinite(v)) { return; }
        var entry = values[id] || (values[id] = { value: 0, label: name(r, spec.country), url: href(r[spec.country]) });
        entry.value += v;
      });
      Object.keys(values).forEach(function (id) {
        values[id].title = values[id].label + ": " + charts.format(values[id].value);
      });
      var missing = charts.map(chart, extra.atlas, values, {});
      note(pane, (spec.value ? spec.value + " summed" : "rows counted") + " by country (" + spec.country + ")" +
        (missing.length ? "; not on the map at this scale: " + missing.length + " countries" : ""));
    } else if (view === "network") {
      var nodes = {}, edges = [];
      rows.forEach(function (r) {
        var s = r[spec.source], t = r[spec.target];
        if (!s || !t || s.value === t.value) { return; }
        [[s, spec.source, 0], [t, spec.target, 1]].forEach(function (p) {
          if (!nodes[p[0].value]) {
            nodes[p[0].value] = { id: p[0].value, label: name(r, p[1]), url: href(p[0]), colour: charts.palette[p[2]] };
          }
        });
        edges.push({ source: s.value, target: t.value });
      });
      var list = Object.keys(nodes).map(function (k) { return nodes[k]; });
      if (list.length > MAX_NODES) {
        note(pane, list.length + " nodes are too many to draw here" +
          (extra.network ? "; use Show as network" : ""));
      } else {
        charts.network(chart, list, edges);
        charts.legend(chart, [{ label: spec.source, colour: charts.palette[0] }, { label: spec.target, colour: charts.palette[1] }]);
        note(pane, spec.source + " to " + spec.target + ": " + list.length + " nodes, " + edges.length + " ties");
      }
    }
  }

  function sum(points) { return points.reduce(function (a, p) { return a + p.y; }, 0); }

  function chosenView() {
    var m = /(?:^|[#&])view=(\w+)/.exec(window.location.hash);
    return m ? m[1] : "table";
  }

  var columns = JSON.parse(box.getAttribute("data-columns") || "[]").map(flags);
  var offered = fitting(columns);
  var extra = { countries: null, atlas: null, network: box.getAttribute("data-network"), labels: {} };
  // The whole result, its names and the countries' codes: read when a chart is first asked
  // for, so that a result looked at as a table is not asked for twice.
  var loaded = null;
  function load() {
    if (!loaded) {
      loaded = getJSON(box.getAttribute("data-results"), "application/sparql-results+json").then(function (data) {
        var rows = (data.results && data.results.bindings) || [];
        var codes = offered.map ? getJSON(box.getAttribute("data-countries")) : Promise.resolve([]);
        return Promise.all([codes, namesOf(rows, box.getAttribute("data-labels"))]).then(function (got) {
          extra.countries = countryIndex(got[0]);
          extra.labels = got[1];
          return rows;
        });
      });
    }
    return loaded;
  }

  var tabs = document.createElement("div");
  tabs.setAttribute("role", "tablist");
  tabs.setAttribute("aria-label", "Show the result as");
  var pane = document.createElement("div");
  pane.className = "view-pane";
  pane.id = "result-view-pane";
  box.appendChild(tabs);
  box.appendChild(pane);
  var table = document.querySelectorAll(".result .table-wrap, .result nav.pages");
  var share = document.querySelector("a.share");
  var shareBase = share ? share.getAttribute("href").split("#")[0] : null;

  function show(view, keep) {
    if (!offered[view]) { view = "table"; }
    Array.prototype.forEach.call(tabs.children, function (b) {
      b.setAttribute("aria-selected", String(b.getAttribute("data-view") === view));
    });
    Array.prototype.forEach.call(table, function (t) { t.hidden = view !== "table"; });
    pane.hidden = view === "table";
    var hash = view === "table" ? "" : "#view=" + view;
    if (share) { share.setAttribute("href", shareBase + hash); }
    if (keep) { history.replaceState(null, "", window.location.pathname + window.location.search + hash); }
    box.setAttribute("data-view", view);
    if (view === "table") { box.setAttribute("data-ready", "1"); return; }
    box.setAttribute("data-ready", "0");
    var atlas = view === "map" && !extra.atlas
      ? getJSON(box.getAttribute("data-atlas")).then(function (a) { extra.atlas = a; })
      : Promise.resolve();
    Promise.all([load(), atlas]).then(function (got) {
      if (box.getAttribute("data-view") !== view) { return; }  // another view was chosen since
      draw(view, offered[view], got[0], pane, extra);
      box.setAttribute("data-ready", "1");
    }).catch(function (e) {
      pane.textContent = "The view could not be drawn: " + e.message;
      box.setAttribute("data-ready", "error");
    });
  }

  Object.keys(NAMES).forEach(function (view) {
    if (!offered[view]) { return; }
    var b = document.createElement("button");
    b.type = "button";
    b.setAttribute("role", "tab");
    b.setAttribute("data-view", view);
    b.textContent = NAMES[view];
    b.addEventListener("click", function () { show(view, true); });
    tabs.appendChild(b);
  });
  box.setAttribute("data-views", Object.keys(offered).join(" "));
  box.hidden = false;
  show(chosenView(), false);
  window.addEventListener("hashchange", function () { show(chosenView(), false); });
})();
