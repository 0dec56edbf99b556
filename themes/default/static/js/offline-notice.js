// The one-time notice that the library works offline, how much is saved, and a button to save
// the rest: loaded by offline.js only until the reader has seen it.
(function () {
  "use strict";
  var container = navigator.serviceWorker;
  var told = window.CairnOffline && window.CairnOffline.told;
  if (!container || !told) return;
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
