// Search suggestions as you type. Names come from the data: they are shown as text only.
(function () {
  "use strict";

  function attach(input) {
    var list = input.parentNode.querySelector(".suggestions");
    if (!list) { return; }
    var timer = null, active = -1, last = "";

    function clear() { list.textContent = ""; list.hidden = true; active = -1; }

    function show(hits) {
      list.textContent = "";
      active = -1;
      hits.forEach(function (hit) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = hit.url;
        link.textContent = hit.label;
        item.appendChild(link);
        var kind = document.createElement("span");
        kind.className = "badge";
        kind.textContent = hit.kind;
        item.appendChild(kind);
        if (hit.matched) {
          var matched = document.createElement("span");
          matched.className = "matched";
          matched.textContent = "“" + hit.matched + "”";
          item.appendChild(matched);
        }
        list.appendChild(item);
      });
      list.hidden = hits.length === 0;
    }

    function ask() {
      var q = input.value.trim();
      if (q === last) { return; }
      last = q;
      if (!q) { clear(); return; }
      fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q))
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (hits) { if (input.value.trim() === q) { show(hits); } })
        .catch(clear);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 120);
    });
    input.addEventListener("keydown", function (event) {
      var items = list.querySelectorAll("li");
      if (!items.length) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        items.forEach(function (li, i) { li.classList.toggle("active", i === active); });
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = items[active].querySelector("a").href;
      } else if (event.key === "Escape") {
        clear();
      }
    });
    input.addEventListener("blur", function () { setTimeout(clear, 200); });
  }

  document.querySelectorAll("input[data-suggest]").forEach(attach);
})();
