// Cairn search loader, on every page: injects static/js/search-ui.js (and so the elasticlunr.js
// runtime and the index) only when a reader starts searching in the header box, or at once on
// the search page, with the runtime and the index's table of contents beside it. Without
// JavaScript the header box is a GET form to the search page.
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
  if (document.getElementById("search-form")) {
    // On the search page the elasticlunr.js runtime and the index's table of contents are
    // asked for with the search code, not after it: a round trip less on a slow network.
    // search-ui.js waits for these (CAIRN_SEARCH_EARLY) instead of asking again.
    var root = me.src.replace(/static\/js\/search\.js(\?.*)?$/, "");
    var pages = root + (document.documentElement.getAttribute("data-prefix") || "");
    var early = (window.CAIRN_SEARCH_EARLY = {});
    [root + "static/js/elasticlunr.min.js", pages + "search/search-index.js"].forEach(function (url) {
      var s = document.createElement("script");
      var entry = (early[url] = { script: s, state: "loading" });
      s.onload = function () { entry.state = "loaded"; };
      s.onerror = function () { entry.state = "failed"; };
      s.src = url;
      document.head.appendChild(s);
    });
    return start();
  }
  var box = document.getElementById("site-search-q");
  if (!box) return;
  box.addEventListener("focus", start);
  box.addEventListener("input", start);
})();
