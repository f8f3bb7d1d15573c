// The review page of the curation mode: a source's text beside its candidate facts and
// entities. The curator accepts, edits or rejects each fact, says which entity each name is,
// adds facts from a selection of the text, and saves. Everything shown comes from the article
// or the graph: it is written with textContent and never parsed as markup.
(function () {
  "use strict";

  var root = document.getElementById("review");
  if (!root) { return; }
  var token = document.querySelector('meta[name="edgraph-token"]').content;
  var spanish = root.getAttribute("data-language") === "es";

  var S = null;            // the state the server sent
  var D = null;            // the decisions as edited here
  var original = {};       // entity key -> the entity as first loaded (to make it new again)
  var roles = {}, classes = {}, qualifiers = {}, measures = {}, attributes = {};
  var selectedFact = null, selectedEntity = null;
  var openFacts = {}, openEntities = {};
  var problems = {facts: {}, entities: {}, general: []};
  var dirty = false, saving = false;
  var selection = null;    // {paragraph, start, end, quote}: code points, as the server counts

  var text = document.getElementById("text");
  var pane = document.getElementById("article-pane");
  var factsBox = document.getElementById("facts");
  var entitiesBox = document.getElementById("entities");
  var saveButton = document.getElementById("save");
  var addButton = document.getElementById("add-from-selection");
  var floatButton = document.getElementById("float-add");
  var statusLine = document.getElementById("status");
  var counts = document.getElementById("counts");
  var banner = document.getElementById("banner");
  var problemsBox = document.getElementById("problems");
  var outcome = document.getElementById("outcome");
  var dialog = document.getElementById("add-dialog");
  var bar = document.getElementById("savebar");

  // The article's pane keeps clear of the save bar, whatever its height (a message, a banner).
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      document.documentElement.style.setProperty("--bar", bar.offsetHeight + "px");
    }).observe(bar);
  }

  // -- small helpers -------------------------------------------------------------------------

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === "text") { node.textContent = value; }
      else if (name === "className") { node.className = value; }
      else if (name.slice(0, 2) === "on") { node.addEventListener(name.slice(2), value); }
      else { node.setAttribute(name, value === true ? "" : String(value)); }
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) { continue; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function option(value, label, selected) {
    var o = el("option", {value: value, text: label});
    o.selected = !!selected;
    return o;
  }

  function field(label, control, extra) {
    var id = "f" + Math.random().toString(36).slice(2, 10);
    control.id = id;
    return el("div", {className: "field" + (extra ? " " + extra : "")},
      el("label", {"for": id, text: label}), control);
  }

  // Python counts characters (code points), the DOM counts UTF-16 units.
  function unitsToPoints(s, units) { return Array.from(s.slice(0, units)).length; }
  function pointsToUnits(s, points) {
    var i = 0;
    for (var n = 0; n < points && i < s.length; n++) {
      i += s.codePointAt(i) > 0xffff ? 2 : 1;
    }
    return i;
  }

  function entity(key) {
    for (var i = 0; i < D.entities.length; i++) {
      if (D.entities[i].key === key) { return D.entities[i]; }
    }
    return null;
  }

  function fact(id) {
    for (var i = 0; i < D.facts.length; i++) {
      if (D.facts[i].id === id) { return D.facts[i]; }
    }
    return null;
  }

  function known(e) { return e && !e.new ? S.known[e.iri] : null; }

  function entityName(key) {
    var e = entity(key);
    if (!e) { return "(choose)"; }
    var k = known(e);
    return (k && k.label) || e.name || "(unnamed)";
  }

  function entityKind(e) {
    if (!e) { return ""; }
    var k = known(e);
    return (k && k.kind) || e.kind;
  }

  function classLabel(e) {
    if (e.new) { return classes[e.type] ? classes[e.type].label : "choose a class"; }
    var k = known(e);
    return k ? k.kind : e.kind;
  }

  function paragraphText(n) {
    return n === 0 ? S.document.headline : S.document.paragraphs[n - 1];
  }

  function freshId(prefix, taken) {
    for (var n = 0; ; n++) {
      if (!taken(prefix + n)) { return prefix + n; }
    }
  }

  function usedBy(key) {
    return D.facts.filter(function (f) {
      return f.status === "accepted" && (f.agent === key || f.target === key);
    }).length + (D.publisher === key ? 1 : 0);
  }

  function changed() {
    dirty = true;
    renderCounts();
  }

  function status(message, kind) {
    statusLine.textContent = message;
    statusLine.className = "status" + (kind ? " " + kind : "");
  }

  // -- the text and its highlighted evidence -------------------------------------------------

  function renderMarks() {
    var spans = {};
    D.facts.forEach(function (f) {
      var ev = f.evidence;
      if (!ev || ev.end <= ev.start) { return; }
      (spans[ev.paragraph] = spans[ev.paragraph] || []).push(f);
    });
    var mentions = [];
    Object.keys(S.mentions).forEach(function (key) {
      S.mentions[key].forEach(function (m) { mentions.push([m[0], m[1], m[2], key === selectedEntity]); });
    });
    text.querySelectorAll(".para").forEach(function (para) {
      var n = Number(para.getAttribute("data-paragraph"));
      var target = para.querySelector(".ptext");
      var s = paragraphText(n);
      var list = (spans[n] || []).map(function (f) {
        return {start: pointsToUnits(s, f.evidence.start), end: pointsToUnits(s, f.evidence.end), fact: f};
      });
      var marked = mentions.filter(function (m) { return m[0] === n; }).map(function (m) {
        return {start: pointsToUnits(s, m[1]), end: pointsToUnits(s, m[2]), selected: m[3]};
      });
      var all = list.concat(marked);
      var cuts = [0, s.length];
      all.forEach(function (sp) { cuts.push(sp.start, sp.end); });
      cuts = cuts.filter(function (c, i, a) { return a.indexOf(c) === i; }).sort(function (a, b) { return a - b; });
      target.textContent = "";
      for (var i = 0; i + 1 < cuts.length; i++) {
        var a = cuts[i], b = cuts[i + 1];
        var piece = s.slice(a, b);
        var over = list.filter(function (sp) { return sp.start <= a && sp.end >= b; });
        var names = marked.filter(function (sp) { return sp.start <= a && sp.end >= b; });
        if (!over.length && !names.length) { target.appendChild(document.createTextNode(piece)); continue; }
        var ids = over.map(function (sp) { return sp.fact.id; });
        var cls = over.length ? "ev" : "";
        if (over.length && over.every(function (sp) { return sp.fact.status === "rejected"; })) { cls += " rejected"; }
        if (ids.indexOf(selectedFact) >= 0) { cls += " current"; }
        if (names.length) { cls += " name"; }
        if (names.some(function (sp) { return sp.selected; })) { cls += over.length ? " mention" : " mention-only"; }
        target.appendChild(el("mark", {className: cls, "data-facts": ids.join(" ") || null,
                                       title: over.length ? over.map(function (sp) { return sentenceText(sp.fact); }).join("\n") : null}, piece));
      }
    });
  }

  function scrollPaneTo(node) {
    if (!node) { return; }
    var top = node.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
    pane.scrollTo({top: Math.max(0, top - pane.clientHeight / 3), behavior: "smooth"});
  }

  text.addEventListener("click", function (event) {
    var mark = event.target.closest("mark[data-facts]");
    if (!mark || !window.getSelection().isCollapsed) { return; }
    var ids = mark.getAttribute("data-facts").split(" ");
    var at = ids.indexOf(selectedFact);
    selectFact(ids[(at + 1) % ids.length], {scrollCard: true});
  });

  // -- selection of words, for a fact added by hand ------------------------------------------

  function readSelection() {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) { return null; }
    var range = sel.getRangeAt(0);
    var startPara = node2para(range.startContainer), endPara = node2para(range.endContainer);
    if (!startPara || startPara !== endPara) { return startPara || endPara ? {split: true} : null; }
    var ptext = startPara.querySelector(".ptext");
    var s = paragraphText(Number(startPara.getAttribute("data-paragraph")));
    var start = ptext.contains(range.startContainer) ? unitsIn(ptext, range.startContainer, range.startOffset) : 0;
    var end = ptext.contains(range.endContainer) ? unitsIn(ptext, range.endContainer, range.endOffset) : 0;
    while (start < end && /\s/.test(s[start])) { start++; }
    while (end > start && /\s/.test(s[end - 1])) { end--; }
    if (end <= start) { return null; }
    return {paragraph: Number(startPara.getAttribute("data-paragraph")),
            start: unitsToPoints(s, start), end: unitsToPoints(s, end), quote: s.slice(start, end),
            rect: range.getBoundingClientRect()};
  }

  function node2para(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    var para = element && element.closest(".para");
    return para && text.contains(para) ? para : null;
  }

  function unitsIn(ptext, node, offset) {
    var r = document.createRange();
    r.selectNodeContents(ptext);
    r.setEnd(node, offset);
    return r.toString().length;
  }

  document.addEventListener("selectionchange", function () {
    if (!S || dialog.open) { return; }
    var found = readSelection();
    if (found && found.split) {
      selection = null;
      addButton.disabled = true;
      addButton.title = "Select words within one paragraph";
      floatButton.hidden = true;
      return;
    }
    selection = found;
    addButton.disabled = !selection;
    addButton.title = selection ? "Add a fact stated by “" + selection.quote + "”" : "Select words in the article first";
    if (selection) {
      var box = pane.getBoundingClientRect();
      floatButton.hidden = false;
      floatButton.style.top = (selection.rect.bottom - box.top + pane.scrollTop + 6) + "px";
      floatButton.style.left = Math.max(4, Math.min(selection.rect.left - box.left, box.width - 260)) + "px";
    } else {
      floatButton.hidden = true;
    }
  });

  // -- facts ---------------------------------------------------------------------------------

  function sentenceParts(f) {
    if (f.kind === "relation") {
      var r = roles[f.role];
      return [[entityName(f.agent), entityKind(entity(f.agent))], [r ? r.words : "(choose a role)"],
              [entityName(f.target), entityKind(entity(f.target))]];
    }
    if (f.kind === "attribute") {
      return [[entityName(f.agent), entityKind(entity(f.agent))],
              [attributes[f.attribute] ? attributes[f.attribute].words : "(choose a date)"], [f.value || "(no date)"]];
    }
    var q = qualifiers[f.qualifier], m = measures[f.measure];
    var value = (q ? q.label + " " : "") + (f.value || "?");
    return [[entityName(f.agent), entityKind(entity(f.agent))], [m ? m.label : "(what is counted?)"],
            [value + (f.as_of ? " (as of " + f.as_of + ")" : "")]];
  }

  function sentenceText(f) {
    return sentenceParts(f).map(function (p) { return p[0]; }).join(" — ");
  }

  function renderSentence(f) {
    var parts = sentenceParts(f);
    var button = el("button", {type: "button", className: "sentence", title: "Show its evidence in the article"});
    parts.forEach(function (p, i) {
      if (i > 0) { button.appendChild(el("span", {className: "dash", text: " — "})); }
      if (p.length > 1) {
        button.appendChild(el("span", {className: "ent"},
          el("span", {className: "swatch kind-" + p[1], "aria-hidden": "true"}), p[0]));
      } else {
        button.appendChild(el("span", {className: i === 1 ? "words" : "value", text: p[0]}));
      }
    });
    if (f.kind === "relation" && f.role === "works_for" && f.role_name) {
      button.appendChild(el("span", {className: "value", text: " (" + f.role_name + ")"}));
    }
    button.addEventListener("click", function () { selectFact(f.id, {scrollText: true}); });
    return button;
  }

  var GROUPS = [["relation", "Relations", "who organizes, funds, hosts… what"],
                ["attribute", "Dates", "when an event ran, when something was founded"],
                ["claim", "Numbers", "dated, qualified claims"]];

  function renderFacts() {
    var focus = rememberFocus();
    factsBox.textContent = "";
    GROUPS.forEach(function (group) {
      var list = D.facts.filter(function (f) { return f.kind === group[0]; });
      list.sort(function (a, b) {
        return (a.evidence.paragraph - b.evidence.paragraph) || (a.evidence.start - b.evidence.start) || (a.id < b.id ? -1 : 1);
      });
      var section = el("section", {className: "fact-group"},
        el("h3", {}, group[1] + " ", el("span", {className: "sub", text: list.length ? "(" + list.length + ") " + group[2] : group[2]})));
      if (!list.length) { section.appendChild(el("p", {className: "empty", text: "None proposed."})); }
      list.forEach(function (f) { section.appendChild(renderFact(f)); });
      factsBox.appendChild(section);
    });
    restoreFocus(focus);
  }

  function renderFact(f) {
    var rejected = f.status === "rejected";
    var mine = problems.facts[f.id] || [];
    var card = el("article", {className: "fact" + (rejected ? " rejected" : "") + (f.id === selectedFact ? " selected" : "") +
                                      (mine.length ? " invalid" : "") + (f.origin === "curator" ? " added" : ""),
                              id: "fact-" + f.id, "data-fact": f.id});
    var decide = el("div", {className: "decide", role: "group", "aria-label": "Decision"},
      el("button", {type: "button", className: "accept", "aria-pressed": rejected ? "false" : "true",
                    onclick: function () { setStatus(f, "accepted"); }}, "✓ Accept"),
      el("button", {type: "button", className: "reject", "aria-pressed": rejected ? "true" : "false",
                    onclick: function () { setStatus(f, "rejected"); }}, "✗ Reject"));
    card.appendChild(el("div", {className: "fact-main"}, renderSentence(f), decide));
    var ev = f.evidence;
    var where = ev.paragraph === 0 ? "headline" : "¶" + ev.paragraph;
    var origin = f.origin === "curator" ? "added by you" : "proposed (confidence " + Math.round((f.confidence || 0) * 100) + "%)";
    var editing = !!openFacts[f.id];
    card.appendChild(el("div", {className: "fact-meta"},
      el("span", {className: "where", text: where + " “" + (ev.quote || "") + "”"}),
      el("span", {className: "origin", text: " · " + origin + (rejected ? " · rejected: it will not be written" : "")}),
      " ",
      el("button", {type: "button", className: "link edit", "aria-expanded": editing ? "true" : "false", "data-field": "edit-" + f.id,
                    onclick: function () { openFacts[f.id] = !openFacts[f.id]; selectFact(f.id, {}); renderFacts(); }},
         editing ? "Done" : "Edit"),
      f.origin === "curator" ? el("button", {type: "button", className: "link remove", onclick: function () { removeFact(f); }}, "Remove") : null));
    if (f.note) { card.appendChild(el("p", {className: "note-line", text: f.note})); }
    if (editing) { card.appendChild(factEditor(f)); }
    if (mine.length) { card.appendChild(problemList(mine)); }
    return card;
  }

  function problemList(messages) {
    var list = el("ul", {className: "problem-list"});
    messages.forEach(function (m) { list.appendChild(el("li", {text: m})); });
    return list;
  }

  function setStatus(f, value) {
    if (f.status === value) { return; }
    f.status = value;
    selectedFact = f.id;
    changed();
    renderFacts();
    renderEntities();
    renderMarks();
  }

  function removeFact(f) {
    D.facts = D.facts.filter(function (g) { return g !== f; });
    if (selectedFact === f.id) { selectedFact = null; }
    changed();
    renderAll();
  }

  function selectFact(id, how) {
    selectedFact = id;
    selectedEntity = null;
    text.querySelectorAll("mark.current").forEach(function (m) { m.classList.remove("current"); });
    renderMarks();
    document.querySelectorAll(".fact.selected, .entity.selected").forEach(function (c) { c.classList.remove("selected"); });
    var card = document.getElementById("fact-" + id);
    if (card) { card.classList.add("selected"); }
    if (how.scrollText) {
      scrollPaneTo(text.querySelector("mark.current"));
    }
    if (how.scrollCard && card) { card.scrollIntoView({block: "nearest", behavior: "smooth"}); }
  }

  // An edit re-renders its card; the control being used keeps the focus.
  function rememberFocus() {
    var a = document.activeElement;
    return a && a.getAttribute ? a.getAttribute("data-field") : null;
  }

  function restoreFocus(name) {
    if (!name) { return; }
    var again = document.querySelector('[data-field="' + name.replace(/"/g, "") + '"]');
    if (again) { again.focus(); }
  }

  function edited(f) {
    delete problems.facts[f.id];
    changed();
    renderFacts();
    renderMarks();
  }

  function factEditor(f) {
    var box = el("div", {className: "editor"});
    fillFields(box, f, {
      onchange: function () { edited(f); },
      prefix: f.id,
    });
    box.appendChild(field("Note (why it is recorded so, if the text does not say it plainly)",
      el("input", {type: "text", value: f.note || "", maxlength: 2000, "data-field": f.id + "-note",
                   onchange: function (e) { f.note = e.target.value; edited(f); }}), "wide"));
    return box;
  }

  // The fields of a fact of its kind, in the order its sentence reads. ``how.onchange`` is
  // called after each change; ``how.quote`` names a new entity in the add dialog.
  function fillFields(box, f, how) {
    var p = how.prefix;
    function set(name) {
      return function (event) { f[name] = event.target.value; how.onchange(); };
    }
    var row = el("div", {className: "field-row"});
    box.appendChild(row);
    row.appendChild(entityField(f.kind === "relation" ? "Who or what" : "About", f.agent, p + "-agent",
      function (key) { f.agent = key; how.onchange(); }, how.quote, how.dialog));
    if (f.kind === "relation") {
      var role = el("select", {"data-field": p + "-role", onchange: set("role")});
      if (!roles[f.role]) { role.appendChild(option("", "choose a role…", true)); }
      S.roles.forEach(function (r) {
        role.appendChild(option(r.key, r.words + (spanish ? " · " + r.label_es : ""), r.key === f.role));
      });
      row.appendChild(field("Role", role));
      row.appendChild(entityField("Of / in what", f.target, p + "-target",
        function (key) { f.target = key; how.onchange(); }, how.quote, how.dialog));
      var spec = roles[f.role];
      if (spec && spec.dated) {
        box.appendChild(field("As of (YYYY-MM-DD, YYYY-MM or YYYY; empty: the article's date)",
          el("input", {type: "text", value: f.as_of || "", placeholder: "YYYY-MM-DD", "data-field": p + "-asof",
                       onchange: function (e) { f.as_of = e.target.value.trim(); f.as_of_type = ""; how.onchange(); }})));
      }
      if (spec && spec.position) {
        box.appendChild(field("Position, as the article words it",
          el("input", {type: "text", value: f.role_name || "", "data-field": p + "-position", onchange: set("role_name")})));
      }
    } else if (f.kind === "attribute") {
      var which = el("select", {"data-field": p + "-attribute", onchange: set("attribute")});
      if (!attributes[f.attribute]) { which.appendChild(option("", "choose…", true)); }
      S.attributes.forEach(function (a) { which.appendChild(option(a.key, a.words, a.key === f.attribute)); });
      row.appendChild(field("Which date", which));
      row.appendChild(field("Date (YYYY-MM-DD, YYYY-MM or YYYY)",
        el("input", {type: "text", value: f.value || "", placeholder: "YYYY-MM-DD", "data-field": p + "-value",
                     onchange: function (e) { f.value = e.target.value.trim(); how.onchange(); }})));
    } else {
      var measure = el("select", {"data-field": p + "-measure", onchange: set("measure")});
      if (!measures[f.measure]) { measure.appendChild(option("", "choose…", true)); }
      S.measures.forEach(function (m) { measure.appendChild(option(m.key, m.label, m.key === f.measure)); });
      row.appendChild(field("What is counted", measure));
      var qualifier = el("select", {"data-field": p + "-qualifier", onchange: set("qualifier")});
      S.qualifiers.forEach(function (q) { qualifier.appendChild(option(q.key, q.label, q.key === (f.qualifier || "Exactly"))); });
      if (!f.qualifier) { f.qualifier = "Exactly"; }
      box.appendChild(el("div", {className: "field-row"},
        field("How exact", qualifier),
        field("Number", el("input", {type: "text", inputmode: "decimal", value: f.value || "", "data-field": p + "-number",
                                     onchange: function (e) { f.value = e.target.value.trim().replace(/,/g, ""); how.onchange(); }})),
        field("As of (empty: the article's date)", el("input", {type: "text", value: f.as_of || "", placeholder: "YYYY-MM-DD",
              "data-field": p + "-claim-asof", onchange: function (e) { f.as_of = e.target.value.trim(); f.as_of_type = ""; how.onchange(); }}))));
    }
  }

  // A choice of the source's entities, or a new one (named by the selected words by default):
  // made at once with its button, or (in the add dialog) when the fact is added.
  function entityField(label, current, name, onpick, quote, inDialog) {
    var select = el("select", {"data-field": name});
    if (!entity(current)) { select.appendChild(option("", "choose…", true)); }
    D.entities.slice().sort(function (a, b) {
      return entityName(a.key).localeCompare(entityName(b.key));
    }).forEach(function (e) {
      select.appendChild(option(e.key, entityName(e.key) + " (" + classLabel(e) + ")", e.key === current));
    });
    select.appendChild(option("__new__", "+ a new entity" + (quote ? ": “" + quote + "”" : "…"), false));
    var wrap = field(label, select, "entity-field");
    wrap.setAttribute("data-end", name);
    var maker = el("div", {className: "new-entity", hidden: true});
    var nameInput = el("input", {type: "text", value: quote || "", maxlength: 300, "data-field": name + "-new-name"});
    var classSelect = classChooser("", name + "-new-class");
    maker.appendChild(el("div", {className: "field-row"},
      field("Name of the new entity", nameInput), field("Its class", classSelect)));
    var create = el("button", {type: "button", className: "secondary", "data-field": name + "-create", hidden: !!inDialog},
                    "Create it");
    maker.appendChild(create);
    var error = el("p", {className: "inline-error", hidden: true});
    maker.appendChild(error);
    wrap.appendChild(maker);
    select.addEventListener("change", function () {
      if (select.value === "__new__") {
        maker.hidden = false;
        wrap.classList.add("making");
        nameInput.focus();
        return;
      }
      maker.hidden = true;
      wrap.classList.remove("making");
      onpick(select.value);
    });
    function make() {
      var n = nameInput.value.trim().replace(/\s+/g, " ");
      if (!n) { error.hidden = false; error.textContent = "Give the new entity a name."; return null; }
      if (!classSelect.value) { error.hidden = false; error.textContent = "Choose its class."; return null; }
      var c = classes[classSelect.value];
      var key = freshId("n", function (k) { return !!entity(k); });
      D.entities.push({key: key, iri: "", "new": true, name: n, kind: c.kind, type: c.iri, aliases: []});
      original[key] = null;
      return key;
    }
    create.addEventListener("click", function () {
      var key = make();
      if (key) { onpick(key); renderEntities(); }
    });
    wrap.pending = function () {   // the add dialog creates it when the fact is added
      return select.value === "__new__" ? make() : undefined;
    };
    return wrap;
  }

  function classChooser(current, name) {
    var select = el("select", {"data-field": name});
    if (!current) { select.appendChild(option("", "choose a class…", true)); }
    var groups = {};
    S.classes.forEach(function (c) {
      if (!groups[c.kind]) {
        groups[c.kind] = el("optgroup", {label: c.kind.charAt(0).toUpperCase() + c.kind.slice(1)});
        select.appendChild(groups[c.kind]);
      }
      groups[c.kind].appendChild(option(c.iri, c.label, c.iri === current));
    });
    return select;
  }

  // -- entities ------------------------------------------------------------------------------

  function renderEntities() {
    var focus = rememberFocus();
    entitiesBox.textContent = "";
    var list = D.entities.slice().sort(function (a, b) {
      return (usedBy(b.key) > 0) - (usedBy(a.key) > 0) || entityName(a.key).localeCompare(entityName(b.key));
    });
    if (!list.length) { entitiesBox.appendChild(el("p", {className: "empty", text: "No entity proposed."})); }
    list.forEach(function (e) { entitiesBox.appendChild(renderEntity(e)); });
    restoreFocus(focus);
  }

  function renderEntity(e) {
    var mine = problems.entities[e.key] || [];
    var k = known(e);
    var uses = usedBy(e.key);
    var card = el("article", {className: "entity" + (e.new ? " new" : " known") + (e.key === selectedEntity ? " selected" : "") +
                                        (mine.length ? " invalid" : "") + (uses ? "" : " unused"),
                              id: "entity-" + e.key, "data-entity": e.key});
    var match = e.new ? el("span", {className: "match new", text: "new entity"})
      : el("span", {className: "match known"}, "in the graph: ",
           k && k.url ? el("a", {href: k.url, target: "_blank", rel: "noopener", text: k.label}) : el("span", {text: (k && k.label) || e.iri}));
    var head = el("button", {type: "button", className: "entity-name", title: "Show where the article names it",
                             onclick: function () { selectEntity(e.key); }},
      el("span", {className: "swatch kind-" + entityKind(e), "aria-hidden": "true"}), entityName(e.key));
    card.appendChild(el("div", {className: "entity-main"}, head, el("span", {className: "badge", text: classLabel(e)}), match));
    var editing = !!openEntities[e.key];
    var first = original[e.key];
    var written = (first && first.name) || e.name;
    var said = written && written !== entityName(e.key) ? "the article says “" + written + "” · " : "";
    card.appendChild(el("div", {className: "entity-meta"},
      said + usage(e.key) + " · ",
      el("button", {type: "button", className: "link", "aria-expanded": editing ? "true" : "false", "data-field": "entity-edit-" + e.key,
                    onclick: function () { openEntities[e.key] = !openEntities[e.key]; renderEntities(); }},
         editing ? "Done" : "Change…")));
    if (editing) { card.appendChild(entityEditor(e)); }
    if (mine.length) { card.appendChild(problemList(mine)); }
    return card;
  }

  function usage(key) {
    var publisher = D.publisher === key;
    var n = usedBy(key) - (publisher ? 1 : 0);
    var facts = n ? n + (n === 1 ? " accepted fact" : " accepted facts") : "";
    if (publisher) { return "the publisher" + (facts ? " · " + facts : ""); }
    return facts || "no accepted fact: it will not be written";
  }

  function selectEntity(key) {
    selectedEntity = key;
    selectedFact = null;
    document.querySelectorAll(".fact.selected, .entity.selected").forEach(function (c) { c.classList.remove("selected"); });
    var card = document.getElementById("entity-" + key);
    if (card) { card.classList.add("selected"); }
    renderMarks();
    scrollPaneTo(text.querySelector("mark.mention, mark.mention-only"));
    if (!text.querySelector("mark.mention, mark.mention-only")) {
      status("The extractor did not record where the article names " + entityName(key) + ".", "");
    }
  }

  function entityEdited(e) {
    delete problems.entities[e.key];
    changed();
    renderEntities();
    renderFacts();
    renderMarks();
  }

  function entityEditor(e) {
    var box = el("div", {className: "editor"});
    var group = "which-" + e.key;
    var choices = el("fieldset", {className: "choices"}, el("legend", {text: "Which entity is this?"}));
    var offered = (S.candidates[e.key] || []).slice();
    if (!e.new && !offered.some(function (c) { return c.iri === e.iri; })) {
      var k = known(e) || {label: e.iri, kind: e.kind};
      offered.unshift({iri: e.iri, label: k.label, kind: k.kind, score: null, reasons: ["chosen"], url: k.url});
    }
    offered.forEach(function (c) {
      var info = S.known[c.iri] || {};
      choices.appendChild(el("label", {className: "choice"},
        el("input", {type: "radio", name: group, value: c.iri, checked: !e.new && e.iri === c.iri, "data-field": group + "-" + c.iri,
                     onchange: function () { useKnown(e, c); }}),
        el("span", {className: "choice-text"},
          (info.url || c.url) ? el("a", {href: info.url || c.url, target: "_blank", rel: "noopener", text: c.label}) : el("span", {text: c.label}),
          el("span", {className: "why", text: (c.score !== null && c.score !== undefined ? " score " + c.score.toFixed(2) + ": " : " ") + (c.reasons || []).join("; ")}))));
    });
    choices.appendChild(el("label", {className: "choice"},
      el("input", {type: "radio", name: group, value: "", checked: e.new, "data-field": group + "-new",
                   onchange: function () { makeNew(e); }}),
      el("span", {className: "choice-text", text: offered.length ? "none of these: a new entity" : "a new entity (the graph knows none by this name)"})));
    box.appendChild(choices);
    if (e.new) {
      box.appendChild(el("div", {className: "field-row"},
        field("Name", el("input", {type: "text", value: e.name, maxlength: 300, "data-field": e.key + "-name",
                                   onchange: function (ev) { e.name = ev.target.value.trim().replace(/\s+/g, " "); entityEdited(e); }})),
        field("Class", (function () {
          var s = classChooser(e.type, e.key + "-class");
          s.addEventListener("change", function () {
            var c = classes[s.value];
            if (c) { e.type = c.iri; e.kind = c.kind; entityEdited(e); }
          });
          return s;
        })())));
    }
    box.appendChild(searchBox(e));
    return box;
  }

  function useKnown(e, c) {
    S.known[c.iri] = S.known[c.iri] || {label: c.label, kind: c.kind, url: c.url};
    e.new = false;
    e.iri = c.iri;
    e.kind = c.kind;
    entityEdited(e);
  }

  function makeNew(e) {
    var first = original[e.key];
    e.new = true;
    e.iri = first && first.new ? first.iri : "";
    e.name = (first && first.name) || e.name;
    e.type = first && first.new ? first.type : (e.type && classes[e.type] ? e.type : defaultClass(e.kind));
    e.kind = classes[e.type] ? classes[e.type].kind : e.kind;
    entityEdited(e);
  }

  function defaultClass(kind) {
    for (var i = 0; i < S.classes.length; i++) {
      if (S.classes[i].kind === kind) { return S.classes[i].iri; }
    }
    return S.classes.length ? S.classes[0].iri : "";
  }

  function searchBox(e) {
    var results = el("ul", {className: "search-results"});
    var input = el("input", {type: "search", placeholder: "another name, an acronym…", "data-field": e.key + "-search"});
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (!q) { results.textContent = ""; return; }
        fetch(root.getAttribute("data-search") + "?q=" + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (hits) {
            if (input.value.trim() !== q) { return; }
            results.textContent = "";
            if (!hits.length) { results.appendChild(el("li", {className: "empty", text: "The graph has nothing by that name."})); }
            hits.forEach(function (hit) {
              results.appendChild(el("li", {},
                el("button", {type: "button", className: "secondary small", onclick: function () { useKnown(e, hit); }}, "Use"),
                " ", el("a", {href: hit.url, target: "_blank", rel: "noopener", text: hit.label}),
                el("span", {className: "why", text: " " + hit.kind + ", score " + hit.score.toFixed(2)})));
            });
          });
      }, 150);
    });
    return el("div", {className: "search"}, field("Find it in the graph", input), results);
  }

  // -- adding a fact from the selected words -------------------------------------------------

  // The name in the selected words, for a new entity: the longest run of capitalised words
  // ("lent by the Oyster Bay Aquarium" -> "Oyster Bay Aquarium"), else all of them.
  var JOINING = ["of", "the", "for", "and", "de", "del", "la", "las", "los", "el", "y", "para", "en"];
  function guessName(quote) {
    var best = [], run = [];
    quote.split(/\s+/).forEach(function (w) {
      if (/^[("“«]?\p{Lu}/u.test(w)) { run.push(w); }
      else if (run.length && JOINING.indexOf(w.toLowerCase()) >= 0) { run.push(w); return; }
      else { run = []; return; }
      if (run.length > best.length) { best = run.slice(); }
    });
    var name = best.join(" ").replace(/^[("“«]+|[)"”»,.;:]+$/g, "");
    return name || quote;
  }

  var draft = null, draftFields = null;

  function openAdd() {
    if (!selection) { return; }
    var chosen = selection;
    var kind = dialog.querySelector('input[name="kind"]:checked').value;
    draft = newDraft(kind, chosen);
    document.getElementById("add-evidence").textContent =
      (chosen.paragraph === 0 ? "From the headline" : "From paragraph " + chosen.paragraph) + ": “" + chosen.quote + "”";
    renderDraft();
    dialog.showModal();
  }

  function newDraft(kind, chosen) {
    var said = [chosen.quote.toLowerCase(), guessName(chosen.quote).toLowerCase()];
    var named = D.entities.filter(function (e) {
      return said.indexOf(e.name.toLowerCase()) >= 0 || said.indexOf(entityName(e.key).toLowerCase()) >= 0;
    })[0];
    var targets = {};
    D.facts.forEach(function (f) { if (f.kind === "relation" && f.target) { targets[f.target] = (targets[f.target] || 0) + 1; } });
    var main = Object.keys(targets).sort(function (a, b) { return targets[b] - targets[a]; })[0] || "";
    var number = (chosen.quote.match(/\d[\d,]*(\.\d+)?/) || [""])[0].replace(/,/g, "");
    return {id: freshId("m", function (id) { return !!fact(id); }), kind: kind, status: "accepted",
            evidence: {paragraph: chosen.paragraph, sentence: "", start: chosen.start, end: chosen.end, quote: chosen.quote},
            agent: named ? named.key : (kind === "relation" ? "" : main), role: "", target: kind === "relation" ? main : "",
            attribute: "", value: kind === "claim" ? number : "", datatype: "", qualifier: "", measure: "",
            as_of: "", as_of_type: "", role_name: "", confidence: 1, origin: "curator", note: ""};
  }

  function renderDraft() {
    var box = document.getElementById("add-fields");
    box.textContent = "";
    fillFields(box, draft, {onchange: function () {}, prefix: "add", quote: guessName(draft.evidence.quote), dialog: true});
    draftFields = box;
    document.getElementById("add-error").hidden = true;
  }

  dialog.querySelectorAll('input[name="kind"]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (!draft) { return; }
      draft = newDraft(radio.value, {paragraph: draft.evidence.paragraph, start: draft.evidence.start,
                                     end: draft.evidence.end, quote: draft.evidence.quote});
      renderDraft();
    });
  });

  document.getElementById("add-form").addEventListener("submit", function (event) {
    if (!event.submitter || event.submitter.value !== "add") { draft = null; return; }
    var error = document.getElementById("add-error");
    var made = [], unnamed = false;
    draftFields.querySelectorAll(".entity-field").forEach(function (wrap) {
      var key = wrap.pending();
      if (key === undefined) { return; }
      if (key === null) { unnamed = true; return; }
      made.push(key);
      if (wrap.getAttribute("data-end") === "add-agent") { draft.agent = key; } else { draft.target = key; }
    });
    var problem = unnamed ? "Name the new entity and choose its class." : checkDraft(draft);
    if (problem) {
      event.preventDefault();
      D.entities = D.entities.filter(function (e) { return made.indexOf(e.key) < 0; });
      error.textContent = problem;
      error.hidden = false;
      return;
    }
    D.facts.push(draft);
    selectedFact = draft.id;
    openFacts[draft.id] = false;
    draft = null;
    window.getSelection().removeAllRanges();
    changed();
    renderAll();
    var card = document.getElementById("fact-" + selectedFact);
    if (card) { card.scrollIntoView({block: "center"}); }
    status("Fact added. Save to write it.", "");
  });

  function checkDraft(f) {
    if (!entity(f.agent)) { return "Choose who or what the fact is about."; }
    if (f.kind === "relation") {
      if (!roles[f.role]) { return "Choose the role."; }
      if (!entity(f.target)) { return "Choose what the relation points at."; }
      if (f.target === f.agent) { return "A relation joins two different entities."; }
    } else if (f.kind === "attribute") {
      if (!attributes[f.attribute]) { return "Choose which date it is."; }
      if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(f.value)) { return "Write the date as YYYY-MM-DD, YYYY-MM or YYYY."; }
    } else {
      if (!measures[f.measure]) { return "Choose what the number counts."; }
      if (!/^\d+(\.\d+)?$/.test(f.value)) { return "Write the number with digits only."; }
    }
    return "";
  }

  addButton.addEventListener("click", openAdd);
  floatButton.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the selection
  floatButton.addEventListener("click", openAdd);
  dialog.addEventListener("close", function () { floatButton.hidden = true; });

  // -- saving --------------------------------------------------------------------------------

  function payload() {
    return {version: D.version, publisher: D.publisher, entities: D.entities, facts: D.facts};
  }

  function save() {
    if (saving) { return; }
    saving = true;
    saveButton.disabled = true;
    status("Saving: checking the facts against the shapes and rebuilding the graph…", "busy");
    fetch(root.getAttribute("data-save"), {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-Edgraph-Token": token},
      body: JSON.stringify(payload()),
    }).then(function (response) {
      return response.json().catch(function () { return {error: "the server's answer was not readable"}; })
        .then(function (body) { return {status: response.status, body: body}; });
    }).then(function (answer) {
      saving = false;
      saveButton.disabled = false;
      saved(answer.status, answer.body);
    }).catch(function () {
      saving = false;
      saveButton.disabled = false;
      status("The server did not answer; nothing was saved. Your edits are still here: try again.", "bad");
    });
  }

  function saved(code, body) {
    banner.hidden = true;
    banner.textContent = "";
    if (code === 200) {
      D = body.decisions;
      dirty = false;
      setProblems([]);
      document.getElementById("saved-state").textContent = "saved as ";
      document.getElementById("saved-state").appendChild(el("code", {text: body.file}));
      showOutcome(body);
      status("Saved: " + body.file + " was written and the graph rebuilt. ", "good");
      statusLine.appendChild(el("a", {href: "#outcome", text: "Where to see the facts"}));
      renderAll();
      return;
    }
    if (code === 409) {
      conflict(body);
      return;
    }
    if (code === 422) {
      if (body.decisions) { D = body.decisions; }
      else if (typeof body.version === "number") { D.version = body.version; }
      setProblems(body.problems || []);
      outcome.textContent = "";
      var n = (body.problems || []).length;
      status("Nothing was written: " + n + (n === 1 ? " problem" : " problems") + " to fix (shown in red).", "bad");
      renderAll();
      var first = document.querySelector(".fact.invalid, .entity.invalid");
      if (first) { first.scrollIntoView({block: "center"}); }
      return;
    }
    status("Not saved: " + (body.error || "the server refused it (" + code + ")") + ". Your edits are still here.", "bad");
  }

  function conflict(body) {
    banner.hidden = false;
    banner.className = "banner conflict";
    banner.textContent = "";
    banner.appendChild(el("p", {}, el("strong", {text: "Another page saved this source since this one was opened. "}),
      "Nothing was written from this page, and your edits are still here (a copy is also kept in the workspace)."));
    banner.appendChild(el("p", {className: "banner-actions"},
      el("button", {type: "button", className: "secondary", onclick: function () { dirty = false; window.location.reload(); }},
         "Reload the saved version (drops this page's edits)"),
      " ",
      el("button", {type: "button", className: "primary", onclick: function () {
        D.version = body.version;
        banner.hidden = true;
        save();
      }}, "Save this page's version over it")));
    status("Not saved: another page saved first.", "bad");
    banner.scrollIntoView({block: "nearest"});
  }

  function setProblems(list) {
    problems = {facts: {}, entities: {}, general: []};
    list.forEach(function (p) {
      (p.facts || []).forEach(function (id) { (problems.facts[id] = problems.facts[id] || []).push(p.message); });
      (p.entities || []).forEach(function (key) { (problems.entities[key] = problems.entities[key] || []).push(p.message); });
      if (!(p.facts || []).length && !(p.entities || []).length) { problems.general.push(p.message); }
    });
    renderProblems();
  }

  function renderProblems() {
    problemsBox.textContent = "";
    if (!problems.general.length) { return; }
    problemsBox.appendChild(el("div", {className: "problems-box", role: "alert"},
      el("strong", {text: "Problems with the source as a whole:"}), problemList(problems.general)));
  }

  function showOutcome(body) {
    outcome.textContent = "";
    var links = body.links || {};
    var people = el("ul", {className: "inline-list"});
    (links.entities || []).forEach(function (e) { people.appendChild(el("li", {}, el("a", {href: e.url, text: e.name}))); });
    outcome.appendChild(el("div", {className: "outcome-box", role: "status"},
      el("p", {}, el("strong", {text: "Saved. "}), "The facts are in the graph now: ",
        el("a", {href: links.source, text: "the source page"}), ", ",
        el("a", {href: links.network, text: "its network"}), ", and the pages of what it names:"),
      people));
  }

  saveButton.addEventListener("click", save);

  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });

  // -- the whole page ------------------------------------------------------------------------

  function renderCounts() {
    var accepted = D.facts.filter(function (f) { return f.status === "accepted"; }).length;
    var added = D.facts.filter(function (f) { return f.origin === "curator"; }).length;
    var fresh = D.entities.filter(function (e) { return e.new && usedBy(e.key); }).length;
    counts.textContent = D.facts.length + " facts: " + accepted + " accepted, " + (D.facts.length - accepted) + " rejected" +
      (added ? ", " + added + " added by you" : "") + " · " + fresh + " new " + (fresh === 1 ? "entity" : "entities") +
      (dirty ? " · unsaved changes" : "");
    counts.classList.toggle("dirty", dirty);
  }

  function renderAll() {
    renderCounts();
    renderFacts();
    renderEntities();
    renderMarks();
    renderProblems();
  }

  function index(list, key) {
    var out = {};
    list.forEach(function (item) { out[item[key]] = item; });
    return out;
  }

  fetch(root.getAttribute("data-state"), {credentials: "same-origin"})
    .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
    .then(function (state) {
      S = state;
      D = JSON.parse(JSON.stringify(state.decisions));
      D.entities.forEach(function (e) { original[e.key] = JSON.parse(JSON.stringify(e)); });
      roles = index(S.roles, "key");
      classes = index(S.classes, "iri");
      qualifiers = index(S.qualifiers, "key");
      measures = index(S.measures, "key");
      attributes = index(S.attributes, "key");
      saveButton.disabled = false;
      renderAll();
      root.setAttribute("data-ready", "1");
    })
    .catch(function (error) {
      factsBox.textContent = "";
      factsBox.appendChild(el("p", {className: "bad", text: "The candidates could not be read (" + error.message + "); reload the page."}));
    });
})();
