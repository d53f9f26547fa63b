/* align view pair page: arrow keys (or j / k) go to the previous / next pair, u to the index. */
"use strict";
document.addEventListener("keydown", function (e) {
  if (e.altKey || e.ctrlKey || e.metaKey || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) return;
  var rel = { ArrowLeft: "prev", k: "prev", ArrowRight: "next", j: "next", u: "index" }[e.key];
  var a = rel && document.querySelector('nav.top a[data-nav="' + rel + '"]');
  if (a) location.href = a.href;
});
