// The pages that draw charts.js charts from the viewer's JSON: the timeline, the map of
// countries and the Analysis page's charts. Each element names its data in data-src; once
// drawn it carries data-ready="1" (what the browser tests wait for).
(function () {
  "use strict";
  var charts = window.edgraphCharts;
  if (!charts) { return; }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  function failed(element, error) {
    element.textContent = "The chart could not be drawn: " + error.message;
    element.setAttribute("data-ready", "error");
  }

  // Draw again when the width changes enough (a phone turned, a window resized).
  function onResize(draw) {
    var last = window.innerWidth, timer = null;
    window.addEventListener("resize", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (Math.abs(window.innerWidth - last) > 40) { last = window.innerWidth; draw(); }
      }, 150);
    });
  }

  // -- the timeline ---------------------------------------------------------------------------

  var timelineBox = document.getElementById("timeline-chart");
  if (timelineBox) {
    getJSON(timelineBox.getAttribute("data-src")).then(function (data) {
      // each network its colour, the first one named for an event; a legend says which
      var colours = {}, used = [];
      data.dated.forEach(function (e) {
        var n = e.networks[0] || "no network";
        if (!(n in colours)) {
          colours[n] = n === "no network" ? "#868e96" : charts.palette[used.length % charts.palette.length];
          used.push(n);
        }
        e.colour = colours[n];
      });
      var draw = function () {
        charts.timeline(timelineBox, data.dated);
        if (used.length > 1) {
          charts.legend(timelineBox, used.map(function (n) { return { label: n, colour: colours[n] }; }));
        }
        timelineBox.setAttribute("data-events", String(data.dated.length));
        timelineBox.setAttribute("data-ready", "1");
      };
      draw();
      onResize(draw);
    }).catch(function (e) { failed(timelineBox, e); });
  }

  // -- the map --------------------------------------------------------------------------------

  var mapBox = document.getElementById("country-map");
  if (mapBox) {
    Promise.all([getJSON(mapBox.getAttribute("data-src")), getJSON(mapBox.getAttribute("data-atlas"))])
      .then(function (got) {
        var data = got[0], atlas = got[1], form = document.getElementById("map-form");
        var note = document.getElementById("map-note");
        var draw = function () {
          var layer = mapBox.getAttribute("data-layer");
          var about = data.layers.find(function (l) { return l.key === layer; }) || data.layers[0];
          var values = {}, unplaced = [];
          data.countries.forEach(function (c) {
            var n = c.counts[about.key] || 0;
            if (!n) { return; }
            if (!c.numeric) { unplaced.push(c.label); return; }
            var names = c.names[about.key] || [];
            values[c.numeric] = {
              value: n, url: c.url,
              title: c.label + ": " + n + " (" + about.label.toLowerCase() + ")" +
                (names.length ? "\n" + names.join("\n") + (n > names.length ? "\n…" : "") : "")
            };
          });
          var missing = charts.map(mapBox, atlas, values, {});
          data.countries.forEach(function (c) {
            if (missing.indexOf(c.numeric) >= 0) { unplaced.push(c.label); }
          });
          note.textContent = about.label + ": " + about.help + "." +
            (unplaced.length ? " Too small for the map at this scale, or without an ISO code: " +
              unplaced.join(", ") + " (in the table below)." : "");
          mapBox.setAttribute("data-countries", String(Object.keys(values).length));
          mapBox.setAttribute("data-ready", "1");
        };
        draw();
        onResize(draw);
        Array.prototype.forEach.call(form.querySelectorAll("input[name=layer]"), function (radio) {
          radio.addEventListener("change", function () {
            mapBox.setAttribute("data-layer", radio.value);
            var url = new URL(window.location.href);
            url.searchParams.set("layer", radio.value);
            history.replaceState(null, "", url.toString());  // the view stays shareable
            draw();
          });
        });
      }).catch(function (e) { failed(mapBox, e); });
  }

  // -- the Analysis page ----------------------------------------------------------------------

  var analysisBox = document.getElementById("analysis-charts");
  if (analysisBox) {
    getJSON(analysisBox.getAttribute("data-src")).then(function (data) {
      var select = document.getElementById("chart-measure");
      var ranked = document.getElementById("chart-ranked"), byType = document.getElementById("chart-by-type");
      var partners = document.getElementById("chart-partners");
      if (!data.ranked.length) {
        analysisBox.hidden = true;
        return;
      }
      data.ranked.forEach(function (m) {
        var option = document.createElement("option");
        option.value = m.key;
        option.textContent = m.label;
        select.appendChild(option);
      });
      // the measure of the address (#measure=), else the one the page's table is ranked by
      var hash = /(?:^|[#&])measure=([\w-]+)/.exec(window.location.hash);
      [analysisBox.getAttribute("data-measure"), hash && hash[1]].forEach(function (wanted) {
        if (wanted && data.ranked.some(function (m) { return m.key === wanted; })) { select.value = wanted; }
      });
      var draw = function () {
        var key = select.value;
        var chosen = data.ranked.find(function (m) { return m.key === key; });
        var types = data.by_type.find(function (m) { return m.key === key; });
        document.getElementById("chart-ranked-help").textContent = "(" + chosen.help + ")";
        Array.prototype.forEach.call(analysisBox.querySelectorAll(".chart-measure-name"), function (s) {
          s.textContent = chosen.label;
        });
        charts.bars(ranked, chosen.bars);
        charts.bars(byType, types.bars, { colour: charts.palette[1] });
        charts.columns(partners, data.partners, { xLabel: "partners", prefix: "partners " });
        analysisBox.setAttribute("data-measure", key);
        analysisBox.setAttribute("data-ready", "1");
      };
      select.addEventListener("change", function () {
        history.replaceState(null, "", "#measure=" + select.value);
        draw();
      });
      draw();
      onResize(draw);
    }).catch(function (e) { failed(analysisBox, e); });
  }
})();
