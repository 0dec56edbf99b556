// Scoring forms, loaded only on a form's pages. On the form: the live total, section subtotals,
// band, chart and paper copy; answers kept in localStorage until cleared; downloads as JSON and
// CSV. On the collate page: answer files (picked or dropped) and typed-in paper forms, counted
// and averaged the same way as `cairn collate` (src/collate.rs). Nothing leaves the browser.
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
  function csvField(s) {
    s = s == null ? "" : String(s);
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csvLine(cells) {
    return cells.map(csvField).join(",") + "\n";
  }
  function parseCsv(text) {
    var rows = [], row = [], field = "", quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
        else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") { row.push(field); field = ""; }
      else if (c === "\n") { row.push(field); rows.push(row); row = []; field = ""; }
      else if (c !== "\r") field += c;
    }
    if (field !== "" || row.length) { row.push(field); rows.push(row); }
    return rows.filter(function (r) { return !(r.length === 1 && r[0] === ""); });
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

  var form = document.getElementById("scoring-form");
  if (form) formPage(form);
  else if (document.getElementById("paper-grid")) collatePage();

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

  // Checks an answer file's text against the form, as src/collate.rs does; throws with a message.
  function parseAnswerFile(name, text) {
    var data;
    text = text.replace(/^\uFEFF/, "");
    var file = isolate(name);
    function fail(key, values) {
      values = values || {};
      values.file = file;
      throw new Error(t(key, values));
    }
    if (/^\s*\{/.test(text)) {
      try { data = JSON.parse(text); } catch (e) { fail("js_not_json"); }
      if (!data || typeof data.form !== "string" || typeof data.version !== "number" || !data.answers || typeof data.answers !== "object")
        fail("js_not_answers");
    } else {
      var rows = parseCsv(text), head = rows.shift() || [];
      var col = {};
      head.forEach(function (h, i) { col[h.trim()] = i; });
      if (!["form", "version", "kind", "id", "code", "answer"].every(function (c) { return c in col; }))
        fail("js_not_answers");
      data = { form: "", version: 0, answers: {} };
      rows.forEach(function (r, n) {
        function get(c) { return (r[col[c]] || "").trim(); }
        if (n === 0) {
          data.form = get("form");
          if (!/^\d+$/.test(get("version"))) fail("js_not_answers");
          data.version = +get("version");
        } else if (get("form") !== data.form || get("version") !== String(data.version)) {
          fail("js_not_answers");
        }
        var kind = get("kind");
        if (kind === "item") data.answers[get("id")] = get("code") || null;
        else if (["field", "comment", "total"].indexOf(kind) < 0) fail("js_not_answers");
      });
      if (!data.form) fail("js_not_answers");
    }
    if (data.form !== def.form) fail("js_other_form", { form: isolate(data.form) });
    if (data.version !== def.version)
      fail("js_other_version", { n: data.version, version: def.version });
    var answers = {};
    Object.keys(data.answers).sort().forEach(function (id) {
      var it = items.filter(function (x) { return x.id === id; })[0];
      if (!it) fail("js_unknown_item", { id: isolate(id) });
      var code = data.answers[id];
      if (code == null || code === "") return;
      code = String(code);
      if (pointsOf(it.scale, code) === null && !(code === NA && it.scale.not_applicable)) {
        var allowed = it.scale.points.map(function (p) { return p.code; });
        if (it.scale.not_applicable) allowed.push(NA);
        fail("js_unknown_code", { id: isolate(id), code: isolate(code), allowed: allowed.join(", ") });
      }
      answers[id] = code;
    });
    return { name: name, answers: answers };
  }

  function collate(responses) {
    var summary = items.map(function (it) {
      var s = { counts: {}, na: 0, none: 0, points: 0, scored: 0, lo: null, hi: null };
      it.scale.points.forEach(function (p) { s.counts[p.code] = 0; });
      responses.forEach(function (r) {
        var code = r.answers[it.id];
        if (code == null) { s.none++; return; }
        var p = pointsOf(it.scale, code);
        if (p === null) { s.na++; return; }
        s.counts[code]++;
        s.points += p;
        s.scored++;
        s.lo = s.lo === null ? p : Math.min(s.lo, p);
        s.hi = s.hi === null ? p : Math.max(s.hi, p);
      });
      return s;
    });
    var totals = responses.map(function (r) { return score(r.answers).total; });
    return {
      items: summary,
      totals: totals,
      average: tenths(totals.reduce(function (a, b) { return a + b; }, 0), totals.length),
      lo: totals.length ? Math.min.apply(null, totals) : null,
      hi: totals.length ? Math.max.apply(null, totals) : null,
    };
  }

  function collatedCsv(c) {
    var codes = [];
    def.sections.forEach(function (s) {
      s.scale.points.forEach(function (p) { if (codes.indexOf(p.code) < 0) codes.push(p.code); });
    });
    var anyNa = def.sections.some(function (s) { return !!s.scale.not_applicable; });
    if (anyNa) codes.push(NA);
    var out = csvLine(["id", "statement", "responses", "average", "lowest", "highest"].concat(codes, ["no_answer"]));
    items.forEach(function (it, i) {
      var s = c.items[i];
      var row = [it.id, it.text, s.scored, s.scored ? fmtTenths(tenths(s.points, s.scored)) : "", s.lo, s.hi];
      codes.forEach(function (code) {
        if (code === NA && it.scale.not_applicable) row.push(s.na);
        else row.push(code in s.counts ? s.counts[code] : "");
      });
      row.push(s.none);
      out += csvLine(row);
    });
    out += csvLine(["total", "Total", c.totals.length, c.average === null ? "" : fmtTenths(c.average), c.lo, c.hi].concat(codes.map(function () { return ""; }), [""]));
    return out;
  }

  function collatePage() {
    var responses = [];
    var paperCount = 0;
    var messages = document.getElementById("collate-messages");
    var list = document.getElementById("response-list");
    var tbody = document.querySelector("#paper-grid tbody");
    var input = document.getElementById("answer-files");
    var zone = document.getElementById("drop-zone");
    var svg = document.getElementById("collate-chart");
    document.getElementById("collate-buttons").hidden = false;
    document.getElementById("add-paper").hidden = false;

    function note(text, bad) {
      var li = document.createElement("li");
      li.textContent = text;
      li.className = bad ? "message-error" : "message-ok";
      messages.appendChild(li);
    }
    function render() {
      var c = collate(responses);
      items.forEach(function (it, i) {
        var s = c.items[i];
        it.scale.points.forEach(function (p) {
          setText("[data-count=" + attr(it.id) + "][data-code=" + attr(p.code) + "]", String(s.counts[p.code]));
        });
        setText("[data-count=" + attr(it.id) + '][data-code="NA"]', String(s.na));
        setText("[data-count=" + attr(it.id) + '][data-code=""]', String(s.none));
        setText("[data-average=" + attr(it.id) + "]", fmtTenths(tenths(s.points, s.scored)));
      });
      setText("#collate-count", String(responses.length));
      setText("#collate-average", fmtTenths(c.average));
      setText("#collate-range", c.lo === null ? "–" : t("js_range", { lo: c.lo, hi: c.hi }));
      updateChart(svg, c.items.map(function (s) { return s.scored ? s.points / s.scored : null; }));
      list.textContent = "";
      if (!responses.length) {
        var none = document.createElement("li");
        none.className = "muted";
        none.textContent = t("js_none_yet");
        list.appendChild(none);
      }
      responses.forEach(function (r, i) {
        var li = document.createElement("li");
        li.textContent = t("js_response_total", { name: isolate(r.name), n: c.totals[i] }) + " ";
        if (!r.row) {
          var b = document.createElement("button");
          b.type = "button";
          b.className = "button button-secondary button-small";
          b.textContent = t("js_remove");
          b.setAttribute("aria-label", t("js_remove_named", { name: isolate(r.name) }));
          b.addEventListener("click", function () {
            responses.splice(responses.indexOf(r), 1);
            render();
          });
          li.appendChild(b);
        }
        list.appendChild(li);
      });
    }
    function addFiles(files) {
      Array.prototype.forEach.call(files, function (file) {
        file.text().then(function (text) {
          try {
            if (responses.some(function (r) { return r.name === file.name; }))
              throw new Error(t("js_already_loaded", { file: isolate(file.name) }));
            responses.push(parseAnswerFile(file.name, text));
            note(t("js_loaded", { file: isolate(file.name) }), false);
          } catch (e) {
            note(e.message, true);
          }
          render();
        }, function () {
          note(t("js_unreadable", { file: isolate(file.name) }), true);
        });
      });
    }
    input.addEventListener("change", function () {
      addFiles(input.files);
      input.value = "";
    });
    // A file dropped anywhere must not replace the page (and lose what is loaded).
    ["dragover", "drop"].forEach(function (type) {
      document.addEventListener(type, function (e) { e.preventDefault(); });
    });
    zone.addEventListener("dragover", function () { zone.classList.add("dragging"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("dragging"); });
    zone.addEventListener("drop", function (e) {
      zone.classList.remove("dragging");
      if (e.dataTransfer && e.dataTransfer.files.length) addFiles(e.dataTransfer.files);
    });
    document.getElementById("add-paper").addEventListener("click", function () {
      paperCount++;
      var r = { name: t("js_paper_form", { n: paperCount }), answers: {} };
      var tr = document.createElement("tr");
      r.row = tr;
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = r.name;
      tr.appendChild(th);
      items.forEach(function (it) {
        var td = document.createElement("td");
        var sel = document.createElement("select");
        sel.setAttribute("aria-label", t("js_statement_label", { name: r.name, n: it.number, text: it.text }));
        var opts = [["", "–"]].concat(it.scale.points.map(function (p) { return [p.code, p.code + " (" + p.points + ")"]; }));
        if (it.scale.not_applicable) opts.push([NA, NA]);
        opts.forEach(function (o) {
          var op = document.createElement("option");
          op.value = o[0];
          op.textContent = o[1];
          sel.appendChild(op);
        });
        sel.addEventListener("change", function () {
          if (sel.value) r.answers[it.id] = sel.value;
          else delete r.answers[it.id];
          render();
        });
        td.appendChild(sel);
        tr.appendChild(td);
      });
      var td = document.createElement("td");
      var rm = document.createElement("button");
      rm.type = "button";
      rm.className = "button button-secondary button-small";
      rm.textContent = t("js_remove");
      rm.setAttribute("aria-label", t("js_remove_named", { name: r.name }));
      rm.addEventListener("click", function () {
        responses.splice(responses.indexOf(r), 1);
        tr.remove();
        render();
      });
      td.appendChild(rm);
      tr.appendChild(td);
      tbody.appendChild(tr);
      responses.push(r);
      render();
      tr.querySelector("select").focus();
    });
    document.getElementById("collate-buttons").addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) return;
      var action = b.getAttribute("data-action");
      if (action === "print") window.print();
      else if (action === "collated-csv") download(def.form + "-collated.csv", "text/csv", collatedCsv(collate(responses)));
      else if (action === "clear-all") {
        responses = [];
        tbody.textContent = "";
        messages.textContent = "";
        render();
      }
    });
    render();
  }
})();
