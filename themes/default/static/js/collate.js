// The collate page of a scoring form, loaded by form.js (whose helpers it uses): answer files
// (picked or dropped) and typed-in paper forms, counted and averaged the same way as
// `cairn collate` (src/collate.rs), with the same flags (a copy, a partial response, a wrong
// stored total), band counts, fields, comments and CSV. Nothing leaves the browser.
(function () {
  "use strict";
  var F = window.CairnForm;
  if (!F) return;
  var def = F.def, items = F.items, NA = F.NA, pointsOf = F.pointsOf, score = F.score, band = F.band;
  var tenths = F.tenths, fmtTenths = F.fmtTenths, csvLine = F.csvLine, download = F.download;
  var updateChart = F.updateChart, setText = F.setText, attr = F.attr, RISKY = F.RISKY;
  // Words for readers come from the interface strings (`js_*`), in the page's language.
  var t = F.t, isolate = F.isolate;

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
      data = { form: "", version: 0, answers: {}, fields: {}, comments: {}, total: null };
      rows.forEach(function (r, n) {
        // A cell defused for spreadsheets (src/spreadsheet.rs) is read back as it was written.
        function get(c) { var v = (r[col[c]] || "").trim(); return v[0] == "'" && RISKY.test(v.slice(1)) ? v.slice(1) : v; }
        if (n === 0) {
          data.form = get("form");
          if (!/^\d+$/.test(get("version"))) fail("js_not_answers");
          data.version = +get("version");
        } else if (get("form") !== data.form || get("version") !== String(data.version)) {
          fail("js_not_answers");
        }
        var kind = get("kind");
        if (kind === "item") data.answers[get("id")] = get("code") || null;
        else if (kind === "field") data.fields[get("id")] = get("answer");
        else if (kind === "comment") data.comments[get("id")] = get("answer");
        else if (kind === "total") data.total = "points" in col && /^-?\d+$/.test(get("points")) ? +get("points") : null;
        else fail("js_not_answers");
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
    function texts(map) {
      var out = {};
      if (map && typeof map === "object") Object.keys(map).forEach(function (k) { out[k] = map[k] == null ? "" : String(map[k]); });
      return out;
    }
    return {
      name: name,
      answers: answers,
      fields: texts(data.fields),
      comments: texts(data.comments),
      storedTotal: typeof data.total === "number" && Math.floor(data.total) === data.total ? data.total : null,
    };
  }

  // Each response's total, completeness and band, and what to check, as src/collate.rs does:
  // a partial response's total is left out of the average, the range and the bands.
  function summarise(responses) {
    return responses.map(function (r) {
      var answered = items.filter(function (it) { return r.answers[it.id] != null; }).length;
      var total = score(r.answers).total;
      var complete = answered === items.length;
      return { name: r.name, total: total, answered: answered, complete: complete, band: complete ? band(total) : "" };
    });
  }
  function filled(map) {
    var out = {};
    Object.keys(map || {}).sort().forEach(function (k) {
      var v = String(map[k]).trim();
      if (v) out[k] = v;
    });
    return JSON.stringify(out);
  }
  function sameResponse(a, b) {
    return JSON.stringify(sortedAnswers(a.answers)) === JSON.stringify(sortedAnswers(b.answers)) &&
      filled(a.fields) === filled(b.fields) && filled(a.comments) === filled(b.comments);
  }
  function sortedAnswers(answers) {
    var out = {};
    Object.keys(answers).sort().forEach(function (k) { out[k] = answers[k]; });
    return out;
  }
  function flags(responses, summaries) {
    var out = [];
    responses.forEach(function (r, i) {
      var s = summaries[i];
      if (!r.row) {
        var first = responses.slice(0, i).filter(function (e) { return !e.row && sameResponse(e, r); })[0];
        if (first) out.push({ file: r.name, kind: "copy", of: first.name });
      }
      if (!s.complete) {
        var missing = [];
        items.forEach(function (it) { if (r.answers[it.id] == null) missing.push(it.number); });
        out.push({ file: r.name, kind: "partial", answered: s.answered, statements: items.length, missing: missing });
      }
      if (r.storedTotal != null && r.storedTotal !== s.total)
        out.push({ file: r.name, kind: "total", stored: r.storedTotal, computed: s.total });
    });
    return out;
  }
  // In English the same words as `cairn collate` (src/collate.rs); in the page's language else.
  function flagSentence(f) {
    if (f.kind === "copy") return t("js_flag_copy", { file: f.file, of: f.of });
    if (f.kind === "partial") {
      var m = f.missing.map(String);
      var which = m.length === 1 ? t("js_one_statement", { n: m[0] })
        : t("js_some_statements", { list: m.slice(0, -1).join(", "), last: m[m.length - 1] });
      return t("js_flag_partial", { file: f.file, n: f.answered, total: f.statements, which: which });
    }
    return t("js_flag_total", { file: f.file, stored: f.stored, computed: f.computed });
  }
  function flagShort(f) {
    if (f.kind === "copy") return "same as " + f.of;
    if (f.kind === "partial") return "answers " + f.answered + " of " + f.statements + " statements";
    return "stored total " + f.stored + "; answers add up to " + f.computed;
  }
  // How many complete responses fall in each band, and in none.
  function bandCounts(totals) {
    var counts = def.bands.map(function () { return 0; }), outside = 0;
    totals.forEach(function (t) {
      var i = -1;
      for (var k = 0; k < def.bands.length; k++) if (t >= def.bands[k].min && t <= def.bands[k].max) { i = k; break; }
      if (i < 0) outside++;
      else counts[i]++;
    });
    return { counts: counts, outside: outside };
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
    var summaries = summarise(responses);
    var totals = summaries.filter(function (x) { return x.complete; }).map(function (x) { return x.total; });
    return {
      items: summary,
      totals: totals,
      responses: summaries,
      sources: responses,
      flags: flags(responses, summaries),
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
    var blanks = codes.map(function () { return ""; }).concat(["", "", "", ""]);
    if (def.bands.length) {
      var b = bandCounts(c.totals);
      def.bands.forEach(function (band, i) {
        out += csvLine(["band", band.label + " (" + band.min + "–" + band.max + ")", b.counts[i]].concat(blanks));
      });
      if (b.outside) out += csvLine(["band", "No band", b.outside].concat(blanks));
    }
    out += "\n" + csvLine(["response", "total", "complete", "band", "flags"].concat(
      def.fields.map(function (f) { return f.label; }), def.comments.map(function (x) { return x.label; })));
    c.responses.forEach(function (s, i) {
      var r = c.sources[i];
      var mine = c.flags.filter(function (f) { return f.file === s.name; }).map(flagShort).join("; ");
      out += csvLine([s.name, s.total, s.complete ? "yes" : "no", s.band, mine].concat(
        def.fields.map(function (f) { return ((r.fields || {})[f.id] || "").trim(); }),
        def.comments.map(function (x) { return ((r.comments || {})[x.id] || "").trim(); })));
    });
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
      renderMeeting(c);
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
    // The flags, band counts, each response's total and fields, and the comments, built with
    // text nodes only (what people wrote is never read as markup).
    function el(tag, text, cls) {
      var e = document.createElement(tag);
      if (text != null) e.textContent = text;
      if (cls) e.className = cls;
      return e;
    }
    // A table in a box that scrolls sideways on a narrow screen (site.css), as the page's own.
    function table(caption, head, rows) {
      var box = el("div", null, "table-scroll");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption);
      box.tabIndex = 0;
      var tbl = box.appendChild(el("table", null, "collate-table"));
      tbl.appendChild(el("caption", caption));
      var tr = el("tr");
      head.forEach(function (h) { var th = el("th", h); th.scope = "col"; tr.appendChild(th); });
      tbl.appendChild(el("thead")).appendChild(tr);
      var body = tbl.appendChild(el("tbody"));
      rows.forEach(function (cells) {
        var row = body.appendChild(el("tr"));
        cells.forEach(function (cell, i) {
          var td = el(i ? "td" : "th", cell);
          if (!i) td.scope = "row";
          row.appendChild(td);
        });
      });
      return box;
    }
    function renderMeeting(c) {
      var partial = c.totals.length < c.responses.length;
      document.getElementById("collate-partial").hidden = !partial;
      setText("#collate-complete", String(c.totals.length));
      var flagBox = document.getElementById("collate-flags");
      var flagList = flagBox.querySelector("ul");
      flagList.textContent = "";
      c.flags.forEach(function (f) { flagList.appendChild(el("li", flagSentence(f), "flag-" + f.kind)); });
      flagBox.hidden = !c.flags.length;
      var bands = document.getElementById("collate-bands");
      bands.textContent = "";
      if (def.bands.length) {
        var b = bandCounts(c.totals);
        var rows = def.bands.map(function (band, i) { return [band.label, band.min + "–" + band.max, String(b.counts[i])]; });
        if (b.outside) rows.push([t("js_no_band"), "", String(b.outside)]);
        bands.appendChild(table(t("js_bands"), [t("js_band"), t("js_totals"), t("js_responses")], rows));
      }
      var each = document.getElementById("collate-responses");
      each.textContent = "";
      if (!c.responses.length) return;
      each.appendChild(table(
        t("js_each_response"),
        [t("js_response"), t("js_total_heading"), t("js_band")].concat(def.fields.map(function (f) { return f.label; })),
        c.responses.map(function (s, i) {
          var r = c.sources[i];
          return [s.name, s.complete ? String(s.total) : t("js_partial_total", { n: s.total }), s.band || "–"].concat(
            def.fields.map(function (f) { return ((r.fields || {})[f.id] || "").trim(); }));
        })));
      def.comments.forEach(function (box) {
        each.appendChild(el("h3", box.label));
        var list = each.appendChild(el("ul", null, "collate-comments"));
        c.sources.forEach(function (r) {
          var text = ((r.comments || {})[box.id] || "").trim();
          if (!text) return;
          var li = list.appendChild(el("li"));
          li.appendChild(el("strong", r.name + ": "));
          li.appendChild(document.createTextNode(text));
        });
        if (!list.children.length) list.appendChild(el("li", t("js_no_comments"), "muted"));
      });
    }
    // Files are read together and added in the order chosen, so flags name them the same way
    // every time (a copy is named after the file it copies).
    function addFiles(files) {
      var chosen = Array.prototype.slice.call(files);
      Promise.all(chosen.map(function (file) {
        return file.text().then(function (text) { return { file: file, text: text }; },
          function () { return { file: file, text: null }; });
      })).then(function (read) {
        read.forEach(function (x) {
          if (x.text === null) {
            note(t("js_unreadable", { file: isolate(x.file.name) }), true);
            return;
          }
          try {
            if (responses.some(function (r) { return r.name === x.file.name; }))
              throw new Error(t("js_already_loaded", { file: isolate(x.file.name) }));
            responses.push(parseAnswerFile(x.file.name, x.text));
            note(t("js_loaded", { file: isolate(x.file.name) }), false);
          } catch (e) {
            note(e.message, true);
          }
        });
        render();
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
  collatePage();
})();
