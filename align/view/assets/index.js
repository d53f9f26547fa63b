/* align view index: sort, filter and page the pairs table. The data arrive as
   ALIGN_VIEW.chunk([...]) calls from data/pairs-NNNN.js (script tags work from file://,
   fetch() does not). Text from the web is only ever set with textContent. */
"use strict";
var ALIGN_VIEW = (function () {
  var rows = [];
  var cols = null;
  function chunk(list) { for (var i = 0; i < list.length; i++) rows.push(list[i]); }

  // Invisible/control characters (bidi overrides, zero-width, C0/C1) shown as a marked U+XXXX.
  var INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;
  function appendText(el, s) {
    s = s == null ? "" : String(s);
    var last = 0, m;
    INVISIBLE.lastIndex = 0;
    while ((m = INVISIBLE.exec(s)) !== null) {
      if (m.index > last) el.appendChild(document.createTextNode(s.slice(last, m.index)));
      var span = document.createElement("span");
      span.className = "cc";
      var hex = m[0].charCodeAt(0).toString(16).toUpperCase();
      span.textContent = "U+" + ("0000" + hex).slice(-4);
      el.appendChild(span);
      last = m.index + 1;
    }
    if (last < s.length) el.appendChild(document.createTextNode(s.slice(last)));
  }
  function plain(s) { return s == null ? "" : String(s).replace(INVISIBLE, "?"); }

  function init(meta) {
    cols = meta.columns;
    var ci = {};
    cols.forEach(function (c, i) { ci[c.key] = i; });
    var state = { sort: meta.defaultSort, dir: "asc", q: "", page: 0, below: false, size: 100 };
    var threshold = meta.threshold;
    readHash();

    var input = document.getElementById("filter");
    var below = document.getElementById("below");
    var size = document.getElementById("pagesize");
    var thead = document.querySelector("table.pairs thead tr");
    var tbody = document.querySelector("table.pairs tbody");
    var info = document.getElementById("count");
    input.value = state.q;
    below.checked = state.below;
    size.value = String(state.size);
    if (threshold == null) { below.disabled = true; below.parentNode.title = "no filter threshold known for this run"; }

    cols.forEach(function (c) {
      var th = document.createElement("th");
      th.textContent = c.label;
      th.title = c.help + " (click to sort)";
      th.dataset.key = c.key;
      th.setAttribute("scope", "col");
      th.addEventListener("click", function () {
        if (state.sort === c.key) state.dir = state.dir === "asc" ? "desc" : "asc";
        else { state.sort = c.key; state.dir = "asc"; }
        state.page = 0; render();
      });
      thead.appendChild(th);
    });

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = input.value; state.page = 0; render(); }, 120);
    });
    below.addEventListener("change", function () { state.below = below.checked; state.page = 0; render(); });
    size.addEventListener("change", function () { state.size = parseInt(size.value, 10) || 100; state.page = 0; render(); });
    document.querySelectorAll("[data-page]").forEach(function (b) {
      b.addEventListener("click", function () {
        var d = b.dataset.page;
        if (d === "first") state.page = 0;
        else if (d === "prev") state.page = Math.max(0, state.page - 1);
        else if (d === "next") state.page = state.page + 1;
        else if (d === "last") state.page = 1e9;
        render();
      });
    });
    window.addEventListener("hashchange", function () { if (readHash()) render(); });

    // Filter terms: plain words match id, titles, method, split and bead types; `col<x`,
    // `col>=x`, `col=x` compare one column (e.g. `min<0.4 dropped>0 method=content`).
    function matcher(q) {
      var tests = [];
      q.trim().split(/\s+/).forEach(function (term) {
        if (!term) return;
        var m = /^([a-z_0-9]+)(<=|>=|!=|<|>|=)(.*)$/i.exec(term);
        if (m && m[1] in ci) {
          var i = ci[m[1]], op = m[2], raw = m[3], v = parseFloat(raw);
          var numeric = cols[i].num && !isNaN(v);
          tests.push(function (r) {
            var x = r[i];
            if (numeric) {
              if (x == null) return false;
              return op === "<" ? x < v : op === ">" ? x > v : op === "<=" ? x <= v : op === ">=" ? x >= v : op === "=" ? x === v : x !== v;
            }
            var eq = String(x == null ? "" : x).toLowerCase() === raw.toLowerCase();
            return op === "!=" ? !eq : op === "=" ? eq : false;
          });
        } else {
          var t = term.toLowerCase();
          tests.push(function (r) { return r._text.indexOf(t) >= 0; });
        }
      });
      return function (r) { for (var k = 0; k < tests.length; k++) if (!tests[k](r)) return false; return true; };
    }
    var textCols = cols.filter(function (c) { return c.search; }).map(function (c) { return ci[c.key]; });
    rows.forEach(function (r) { r._text = textCols.map(function (i) { return r[i] == null ? "" : String(r[i]); }).join("\u0001").toLowerCase(); });

    function readHash() {
      var h = new URLSearchParams(location.hash.replace(/^#/, ""));
      var before = JSON.stringify(state);
      if (h.has("sort") && cols.some(function (c) { return c.key === h.get("sort"); })) state.sort = h.get("sort");
      if (h.has("dir")) state.dir = h.get("dir") === "desc" ? "desc" : "asc";
      if (h.has("q")) state.q = h.get("q");
      if (h.has("page")) state.page = Math.max(0, (parseInt(h.get("page"), 10) || 1) - 1);
      if (h.has("below")) state.below = h.get("below") === "1";
      if (h.has("size")) state.size = Math.min(1000, Math.max(10, parseInt(h.get("size"), 10) || 100));
      return JSON.stringify(state) !== before;
    }
    function writeHash() {
      var h = new URLSearchParams();
      h.set("sort", state.sort); h.set("dir", state.dir);
      if (state.q) h.set("q", state.q);
      if (state.below) h.set("below", "1");
      if (state.size !== 100) h.set("size", String(state.size));
      if (state.page) h.set("page", String(state.page + 1));
      var s = "#" + h.toString();
      if (location.hash !== s) history.replaceState(null, "", s);
    }

    var lastKey = null, sorted = null;
    function render() {
      var key = state.sort + "|" + state.dir + "|" + state.q + "|" + state.below;
      if (key !== lastKey) {
        var match = matcher(state.q);
        var minI = ci["min"];
        sorted = rows.filter(function (r) {
          if (state.below && !(r[minI] != null && threshold != null && r[minI] < threshold)) return false;
          return match(r);
        });
        var i = ci[state.sort], sign = state.dir === "desc" ? -1 : 1, num = cols[i].num;
        sorted.sort(function (a, b) {
          var x = a[i], y = b[i];
          if (x == null || y == null) return x == null ? (y == null ? 0 : 1) : -1; // empty cells last
          if (num) return (x - y) * sign;
          return String(x).localeCompare(String(y)) * sign;
        });
        lastKey = key;
      }
      var pages = Math.max(1, Math.ceil(sorted.length / state.size));
      state.page = Math.min(state.page, pages - 1);
      var start = state.page * state.size, slice = sorted.slice(start, start + state.size);
      var frag = document.createDocumentFragment();
      slice.forEach(function (r) {
        var tr = document.createElement("tr");
        cols.forEach(function (c, j) {
          var td = document.createElement("td");
          var v = r[j];
          if (c.num) td.className = "n";
          if (c.cls) td.className += " " + c.cls;
          if (c.key === "pair") {
            var a = document.createElement("a");
            a.href = "pairs/" + encodeURIComponent(r[meta.pageIndex]);
            appendText(a, v);
            td.appendChild(a);
          } else if (v == null) {
            td.textContent = "–";
            td.classList.add("muted");
          } else {
            appendText(td, c.digits != null ? Number(v).toFixed(c.digits) : v);
            if (c.lang) td.lang = c.lang;
            if (c.cls === "title") td.title = plain(v);
            if ((c.key === "min" || c.key === "mean") && threshold != null && v < threshold) td.classList.add("low");
          }
          tr.appendChild(td);
        });
        frag.appendChild(tr);
      });
      tbody.textContent = "";
      tbody.appendChild(frag);
      thead.querySelectorAll("th").forEach(function (th) {
        if (th.dataset.key === state.sort) th.setAttribute("aria-sort", state.dir === "asc" ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
      info.textContent = sorted.length === rows.length
        ? rows.length + " pairs"
        : sorted.length + " of " + rows.length + " pairs match";
      document.querySelectorAll(".pageno").forEach(function (el) { el.textContent = "page " + (state.page + 1) + " of " + pages; });
      writeHash();
    }
    render();
  }
  return { chunk: chunk, init: init, rows: rows };
})();
