// Scoring forms, loaded only on a form's pages. On the form: the live total, section subtotals,
// band, chart and paper copy; answers kept in localStorage until cleared; downloads as JSON and
// CSV. On the collate page it loads collate.js, which counts and averages answer files and
// typed-in paper forms as `cairn collate` does (src/collate.rs). Nothing leaves the browser.
(function () {
  "use strict";
  var defEl = document.getElementById("form-definition");
  if (!defEl) return;
  var def = JSON.parse(defEl.textContent);
  var NA = "NA";
  // Every word written here comes from the interface strings (the `cairn-strings` island).
  var T = {};
  try { T = JSON.parse(document.getElementById("cairn-strings").textContent); } catch (e) { T = {}; }
  var lang = document.documentElement.lang || undefined;
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  function t(key, values) {
    var s = T[key];
    if (values && typeof values.n === "number" && plurals) {
      var form = T[key + "_" + plurals.select(values.n)];
      if (typeof form === "string") s = form;
    }
    if (typeof s !== "string") s = key;
    return s.replace(/\{(\w+)\}/g, function (m, k) {
      return values && k in values ? String(values[k]) : m;
    });
  }
  // A name or file name in a sentence of another direction: isolated, so it keeps its own.
  function isolate(text) {
    return "\u2068" + text + "\u2069";
  }
  var items = [];
  def.sections.forEach(function (s, si) {
    s.items.forEach(function (it) {
      items.push({ id: it.id, text: it.text, number: items.length + 1, section: si, scale: s.scale });
    });
  });

  function pointsOf(scale, code) {
    for (var i = 0; i < scale.points.length; i++) if (scale.points[i].code === code) return scale.points[i].points;
    return null;
  }
  function maxOf(scale) {
    return Math.max.apply(null, scale.points.map(function (p) { return p.points; }));
  }
  function score(answers) {
    var sections = def.sections.map(function () { return 0; });
    items.forEach(function (it) {
      var code = answers[it.id];
      var p = code == null ? null : pointsOf(it.scale, code);
      if (p !== null) sections[it.section] += p;
    });
    return { total: sections.reduce(function (a, b) { return a + b; }, 0), sections: sections };
  }
  function band(total) {
    for (var i = 0; i < def.bands.length; i++) {
      var b = def.bands[i];
      if (total >= b.min && total <= b.max) return b.label;
    }
    return "";
  }
  // sum / n in tenths, rounded half up, as src/collate.rs does.
  function tenths(sum, n) {
    return n > 0 ? Math.floor((20 * sum + n) / (2 * n)) : null;
  }
  function fmtTenths(t) {
    if (t === null) return "–";
    var a = Math.abs(t);
    return (t < 0 ? "-" : "") + Math.floor(a / 10) + "." + (a % 10);
  }
  // ' before formula-like cells (src/spreadsheet.rs)
  var RISKY = /^'*([=@\t\r]|[+-](?!\d+(\.\d+)?$))/;
  function csvField(s) {
    s = s == null ? "" : String(s);
    if (RISKY.test(s)) s = "'" + s;
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csvLine(cells) {
    return cells.map(csvField).join(",") + "\n";
  }
  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  function round1(x) {
    return Math.round(x * 10) / 10;
  }
  // Moves the bars, or the radar's shape, to `values` (one per item, null for none).
  function updateChart(svg, values) {
    if (!svg) return;
    function frac(i) {
      var v = values[i], max = maxOf(items[i].scale);
      return v == null || max <= 0 ? 0 : Math.min(1, Math.max(0, v / max));
    }
    if (svg.getAttribute("data-chart") === "bars") {
      svg.querySelectorAll("rect.bar").forEach(function (r) {
        r.setAttribute("width", round1(frac(+r.getAttribute("data-i")) * +r.getAttribute("data-full")));
      });
    } else {
      var cx = +svg.getAttribute("data-cx"), cy = +svg.getAttribute("data-cy");
      var pts = [];
      svg.querySelectorAll("line.axis").forEach(function (l) {
        var f = frac(+l.getAttribute("data-i"));
        pts.push(round1(cx + (+l.getAttribute("x2") - cx) * f) + "," + round1(cy + (+l.getAttribute("y2") - cy) * f));
      });
      svg.querySelector("polygon.shape").setAttribute("points", pts.join(" "));
    }
  }
  function setText(sel, text, root) {
    (root || document).querySelectorAll(sel).forEach(function (el) { el.textContent = text; });
  }
  function attr(s) {
    return '"' + String(s).replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
  }

  // The collate page's code (reading answer files, collating, flags, the tables) is in
  // collate.js, loaded only there, with these helpers.
  window.CairnForm = {
    def: def, items: items, NA: NA, pointsOf: pointsOf, score: score, band: band, tenths: tenths,
    fmtTenths: fmtTenths, csvField: csvField, csvLine: csvLine, download: download, RISKY: RISKY,
    updateChart: updateChart, setText: setText, attr: attr, t: t, isolate: isolate,
  };
  var form = document.getElementById("scoring-form");
  if (form) formPage(form);
  else if (document.getElementById("paper-grid")) {
    var me = document.currentScript;
    var script = document.createElement("script");
    script.src = me ? me.src.replace(/form\.js(\?.*)?$/, "collate.js$1") : "collate.js";
    document.head.appendChild(script);
  }

  function formPage(form) {
    var blank = /(^|&)blank(=|&|$)/.test(location.search.slice(1));
    var key = "cairn-form:" + def.form + ":v" + def.version;
    var status = document.getElementById("form-status");
    var svg = document.getElementById("form-chart");
    document.getElementById("form-buttons").hidden = false;
    // The printed copy says when it was printed, in the page's language.
    var printDate = function () {
      var today = new Date().toLocaleDateString(lang, { year: "numeric", month: "long", day: "numeric" });
      setText("[data-print-date]", today);
    };
    printDate();
    window.addEventListener("beforeprint", printDate);
    if (blank) {
      document.getElementById("blank-note").hidden = false;
      document.body.classList.add("blank-copy");
      // "Print blank copies" opens the print dialogue, once the page is laid out.
      window.addEventListener("load", function () {
        setTimeout(function () { window.print(); }, 0);
      });
    } else {
      restore();
    }

    function control(sel) {
      return form.querySelector(sel);
    }
    function gather() {
      var st = { answers: {}, fields: {}, comments: {} };
      items.forEach(function (it) {
        var c = control('input[name=' + attr(it.id) + ']:checked');
        st.answers[it.id] = c ? c.value : null;
      });
      def.fields.forEach(function (f) { st.fields[f.id] = control("[data-field=" + attr(f.id) + "]").value; });
      def.comments.forEach(function (c) { st.comments[c.id] = control("[data-comment=" + attr(c.id) + "]").value; });
      return st;
    }
    function restore() {
      var st = null;
      try { st = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { st = null; }
      if (!st || typeof st !== "object") return;
      Object.keys(st.answers || {}).forEach(function (id) {
        var code = st.answers[id];
        if (code == null) return;
        var el = control("input[name=" + attr(id) + "][value=" + attr(code) + "]");
        if (el) el.checked = true;
      });
      [["fields", "data-field"], ["comments", "data-comment"]].forEach(function (k) {
        Object.keys(st[k[0]] || {}).forEach(function (id) {
          var el = control("[" + k[1] + "=" + attr(id) + "]");
          if (el) el.value = st[k[0]][id];
        });
      });
    }
    function answerFile() {
      var st = gather();
      return { form: def.form, version: def.version, answers: st.answers, total: score(st.answers).total, fields: st.fields, comments: st.comments };
    }
    function update() {
      var st = gather();
      var sc = score(st.answers);
      var answered = items.filter(function (it) { return st.answers[it.id] != null; }).length;
      setText("#total", answered ? String(sc.total) : "–");
      sc.sections.forEach(function (t, i) {
        setText('[data-subtotal="' + i + '"]', answered ? String(t) : "–");
        setText('[data-paper-subtotal="' + i + '"]', answered ? String(t) : "");
      });
      var bandText = "";
      if (answered === items.length) bandText = band(sc.total);
      else if (answered) bandText = t("js_answered", { n: answered, total: items.length });
      setText("#band", bandText);
      document.querySelectorAll("[data-paper-tick]").forEach(function (td) {
        var on = st.answers[td.getAttribute("data-paper-tick")] === td.getAttribute("data-code");
        td.textContent = on ? "✓" : "";
        td.classList.toggle("ticked", on);
      });
      Object.keys(st.fields).forEach(function (id) { setText("[data-paper-field=" + attr(id) + "]", st.fields[id]); });
      document.querySelectorAll("[data-paper-option]").forEach(function (box) {
        box.textContent = st.fields[box.getAttribute("data-paper-option")] === box.getAttribute("data-value") ? "✓" : "";
      });
      Object.keys(st.comments).forEach(function (id) { setText("[data-paper-comment=" + attr(id) + "]", st.comments[id]); });
      setText("[data-paper-total]", answered ? String(sc.total) : "");
      setText("[data-paper-band]", answered === items.length ? band(sc.total) : "");
      var values = items.map(function (it) {
        var c = st.answers[it.id];
        return c == null ? null : pointsOf(it.scale, c);
      });
      updateChart(svg, values);
      items.forEach(function (it, i) {
        setText("[data-value=" + attr(it.id) + "]", values[i] == null ? "–" : String(values[i]));
      });
      document.body.classList.toggle("form-filled", answered > 0);
      if (!blank) {
        try { localStorage.setItem(key, JSON.stringify(st)); } catch (e) { /* private mode: not kept */ }
      }
    }
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    document.getElementById("form-buttons").addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) return;
      var action = b.getAttribute("data-action");
      if (action === "print") window.print();
      else if (action === "json") {
        download(def.form + "-answers.json", "application/json", JSON.stringify(answerFile(), null, 2) + "\n");
        status.textContent = t("js_downloaded_json");
      } else if (action === "csv") {
        var f = answerFile(), out = csvLine(["form", "version", "kind", "id", "question", "code", "answer", "points"]);
        items.forEach(function (it) {
          var code = f.answers[it.id], p = null, label = "";
          if (code === NA) label = it.scale.not_applicable || "";
          else if (code != null) {
            p = pointsOf(it.scale, code);
            label = it.scale.points.filter(function (x) { return x.code === code; })[0].label;
          }
          out += csvLine([def.form, def.version, "item", it.id, it.text, code, label, p]);
        });
        def.fields.forEach(function (x) { out += csvLine([def.form, def.version, "field", x.id, x.label, "", f.fields[x.id], ""]); });
        def.comments.forEach(function (x) { out += csvLine([def.form, def.version, "comment", x.id, x.label, "", f.comments[x.id], ""]); });
        out += csvLine([def.form, def.version, "total", "total", "Total", "", "", f.total]);
        download(def.form + "-answers.csv", "text/csv", out);
        status.textContent = t("js_downloaded_csv");
      } else if (action === "clear") {
        form.reset();
        try { localStorage.removeItem(key); } catch (err) { /* nothing kept */ }
        update();
        status.textContent = t("js_cleared");
      }
    });
    update();
  }
})();
