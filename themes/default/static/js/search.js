// Cairn search loader, on every page: injects static/js/search-ui.js (and so the elasticlunr.js
// runtime and the index) only when a reader starts searching in the header box, or at once on
// the search page. Without JavaScript the header box is a GET form to the search page.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) return;
  var src = me.src.replace(/search\.js(\?.*)?$/, "search-ui.js");
  var started = false;
  var start = function () {
    if (started) return;
    started = true;
    var s = document.createElement("script");
    s.src = src;
    document.head.appendChild(s);
  };
  if (document.getElementById("search-form")) return start();
  var box = document.getElementById("site-search-q");
  if (!box) return;
  box.addEventListener("focus", start);
  box.addEventListener("input", start);
})();
