// Cairn default theme: progressive enhancements on every page; every page works without this file.
// The library page's filters are static/js/library.js.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // A table too wide for a narrow screen scrolls sideways (see site.css); let keyboards scroll it.
  [].forEach.call(document.querySelectorAll(".prose table"), function (table) {
    if (table.scrollWidth > table.clientWidth) table.tabIndex = 0;
  });

  // The 404 page has a <base> (it is served at any address): its skip link must stay on it.
  var skip = document.querySelector(".skip-link");
  if (skip && document.querySelector("base")) {
    skip.href = location.href.split("#")[0] + "#main";
  }
})();
