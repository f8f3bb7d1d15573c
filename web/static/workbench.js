// The workbench editor: CodeMirror with SPARQL highlighting, prefix completion (Ctrl+Space, or
// while typing a name) that also declares the prefix, and Ctrl+Enter to run.
(function () {
  "use strict";
  var area = document.getElementById("query");
  if (!area || !window.CodeMirror) { return; }
  var prefixes = JSON.parse(area.getAttribute("data-prefixes") || "{}");

  function declared(text, name) {
    return new RegExp("PREFIX\\s+" + name + ":", "i").test(text);
  }

  function declare(cm, name) {
    if (!declared(cm.getValue(), name)) {
      cm.replaceRange("PREFIX " + name + ": <" + prefixes[name] + ">\n", { line: 0, ch: 0 });
    }
  }

  function hint(cm) {
    var cursor = cm.getCursor();
    var line = cm.getLine(cursor.line);
    var start = cursor.ch;
    while (start > 0 && /[\w-]/.test(line.charAt(start - 1))) { start -= 1; }
    var word = line.slice(start, cursor.ch);
    if (start > 0 && /[?$:<]/.test(line.charAt(start - 1))) { return null; }
    var list = Object.keys(prefixes).filter(function (name) {
      return name.indexOf(word.toLowerCase()) === 0;
    }).map(function (name) {
      return {
        text: name + ":",
        displayText: name + ": <" + prefixes[name] + ">",
        hint: function (editor, data, completion) {
          editor.replaceRange(completion.text, data.from, data.to);
          declare(editor, name);
        }
      };
    });
    if (!list.length) { return null; }
    return { list: list, from: CodeMirror.Pos(cursor.line, start), to: CodeMirror.Pos(cursor.line, cursor.ch) };
  }

  var form = document.getElementById("query-form");
  var editor = CodeMirror.fromTextArea(area, {
    mode: "application/sparql-query",
    lineNumbers: true,
    indentUnit: 2,
    viewportMargin: Infinity,
    extraKeys: {
      "Ctrl-Enter": function (cm) { cm.save(); form.submit(); },
      "Cmd-Enter": function (cm) { cm.save(); form.submit(); },
      "Ctrl-Space": function (cm) { cm.showHint({ hint: hint, completeSingle: false }); }
    }
  });
  editor.on("inputRead", function (cm, change) {
    if (change.text.length === 1 && /^[a-z]$/i.test(change.text[0])) {
      var cursor = cm.getCursor();
      var before = cm.getLine(cursor.line).slice(0, cursor.ch);
      if (/(^|[\s({;,.\/|^])[a-z][\w-]$/i.test(before)) {
        cm.showHint({ hint: hint, completeSingle: false });
      }
    }
  });
  window.edgraphEditor = editor;
})();
