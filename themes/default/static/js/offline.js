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

  // Once a worker has saved the first visit's files, the reader is told once, politely, that
  // the library works offline and how much is saved, with a button to save the rest.
  var told = "cairn-offline-told:" + new URL(root, location.href).href;
  try {
    if (localStorage.getItem(told)) return;
  } catch (e) {
    return;
  }
  function ask(worker, type, callback) {
    var channel = new MessageChannel();
    channel.port1.onmessage = function (e) { callback(e.data); };
    worker.postMessage({ type: type }, [channel.port2]);
  }
  function size(bytes) {
    var lang = document.documentElement.lang || undefined;
    return new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(bytes / 1e6) + " MB";
  }
  function tell(worker, status) {
    if (document.getElementById("offline-notice") || !status || status.mode === "off") return;
    var strings = {};
    try { strings = JSON.parse(document.getElementById("cairn-strings").textContent); } catch (e) { strings = {}; }
    var t = function (key, n) { return (strings[key] || "").replace("{n}", n); };
    var notice = document.createElement("div");
    notice.id = "offline-notice";
    notice.className = "update-notice offline-notice";
    notice.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent = t(status.savedAll ? "js_offline_all" : "js_offline_ready", size(status.savedAll ? status.all : status.precached)) + " ";
    notice.appendChild(text);
    if (!status.savedAll && status.all > status.precached) {
      var save = document.createElement("button");
      save.type = "button";
      save.id = "offline-save-all";
      save.textContent = t("js_offline_save_all", size(status.all));
      save.addEventListener("click", function () {
        save.disabled = true;
        save.textContent = t("js_offline_saving", size(status.all));
        ask(worker, "save-all", function (done) {
          save.textContent = done && done.savedAll ? t("js_offline_saved", size(done.all)) : t("js_offline_failed");
          save.disabled = !!(done && done.savedAll);
        });
      });
      text.appendChild(save);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = t("js_close");
    close.addEventListener("click", function () { notice.remove(); });
    text.appendChild(close);
    var main = document.getElementById("main") || document.body;
    main.insertBefore(notice, main.firstChild);
    try { localStorage.setItem(told, "1"); } catch (e) { /* private mode: told again next time */ }
  }
  container.ready.then(function (registration) {
    var worker = registration.active;
    if (worker) ask(worker, "status", function (status) { tell(worker, status); });
  });
})();
