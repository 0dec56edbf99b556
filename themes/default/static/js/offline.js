// Cairn default theme: saves the library for offline reading (src/offline.rs writes sw.js).
// Registered with the page's relative root as its scope; opened from disk (file://) or in a
// browser without service workers, it does nothing, silently.
(function () {
  "use strict";
  var script = document.currentScript;
  if (location.protocol === "file:" || !("serviceWorker" in navigator) || !script) return;
  var root = script.getAttribute("data-root") || "./";
  var container = navigator.serviceWorker;
  // A worker taking over a page that had one means a new build: offer to reload, never
  // reload under the reader (a half-read page, a half-filled form).
  var hadWorker = !!container.controller;
  container.addEventListener("controllerchange", function () {
    if (!hadWorker) {
      hadWorker = true;
      return;
    }
    if (document.getElementById("update-notice")) return;
    var notice = document.createElement("div");
    notice.id = "update-notice";
    notice.className = "update-notice";
    notice.setAttribute("role", "status");
    var text = document.createElement("p");
    var strings = {};
    try { strings = JSON.parse(document.getElementById("cairn-strings").textContent); } catch (e) { strings = {}; }
    text.textContent = (strings.js_updated || "") + " ";
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = strings.js_reload || "";
    button.addEventListener("click", function () {
      location.reload();
    });
    text.appendChild(button);
    notice.appendChild(text);
    // At the top of <main>, after the skip link and header, where a screen reader hears it.
    var main = document.getElementById("main") || document.body;
    main.insertBefore(notice, main.firstChild);
  });
  container
    .register(root + "sw.js", { scope: root })
    .then(function (registration) {
      // Ask for a new build on every page load, not only when the browser would.
      return registration.update();
    })
    .catch(function () {
      // Offline, or the server has no sw.js: the site works as a plain website.
    });
})();
