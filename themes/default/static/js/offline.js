// Saves the library for offline reading (src/offline.rs writes sw.js); does nothing from
// file:// or without service workers.
(function () {
  "use strict";
  var script = document.currentScript;
  if (location.protocol === "file:" || !("serviceWorker" in navigator) || !script) return;
  var root = script.getAttribute("data-root") || "./";
  var container = navigator.serviceWorker;
  // A new worker means a new build: offer to reload, never reload under the reader.
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
    button.addEventListener("click", function () { location.reload(); });
    text.appendChild(button);
    notice.appendChild(text);
    // At the top of <main>, where a screen reader hears it.
    var main = document.getElementById("main") || document.body;
    main.insertBefore(notice, main.firstChild);
  });
  container
    .register(root + "sw.js", { scope: root })
    // Look for a new build on every page load; offline or without sw.js, a plain website.
    .then(function (registration) { return registration.update(); })
    .catch(function () {});

  // The reader is told once that the library works offline (offline-notice.js, loaded only
  // until then).
  var told = "cairn-offline-told:" + new URL(root, location.href).href;
  try {
    if (localStorage.getItem(told)) return;
  } catch (e) {
    return;
  }
  window.CairnOffline = { told: told };
  var notice = document.createElement("script");
  notice.src = root + "static/js/offline-notice.js";
  document.head.appendChild(notice);
})();
