// Cairn search: the header box's suggestions and the search page (search/index.html?q=...).
//
// static/js/search.js (on every page, small) injects this file when a reader starts searching,
// or at once on the search page. This file then injects the elasticlunr.js runtime
// (static/js/elasticlunr.min.js) and the index (search/search-index.js, built by src/search.rs),
// all plain scripts, so search works from file://, over http and offline.
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || window.CAIRN_SEARCH_UI) return;
  window.CAIRN_SEARCH_UI = true;
  // The site root, from this script's own address: <root>static/js/search-ui.js.
  var root = me.src.replace(/static\/js\/search-ui\.js(\?.*)?$/, "");
  // Pages of another language live under <root><code>/ with their own index (src/i18n.rs).
  var pages = root + (document.documentElement.getAttribute("data-prefix") || "");
  // Messages in the page's language (src/i18n.rs).
  var T = {};
  try { T = JSON.parse(document.getElementById("cairn-strings").textContent); } catch (e) { T = {}; }
  // Every word written here comes from the page's interface strings (i18n/<code>.toml); a
  // query in a sentence keeps its own direction (isolated).
  var t = function (key, n, q) {
    return (T[key] || key).replace("{n}", n).replace("{q}", function () { return "\u2068" + q + "\u2069"; });
  };
  var LABELS = {
    "case-study": t("js_kind_case_study"),
    toolkit: t("js_kind_toolkit"),
    "principle-set": t("js_kind_principle_set"),
    principle: t("js_kind_principle"),
    form: t("js_kind_form")
  };
  var state = { loading: false, ready: null, failed: false, waiting: [] };

  // Lower case, diacritics gone (with the index's own table), anything but letters, digits and
  // hyphens made a space: exactly as src/search.rs folds the index.
  var foldTable = {};
  var wordChar = /[\p{Alphabetic}\p{N}-]/u;
  function fold(text) {
    var out = "";
    for (var ch of String(text).toLowerCase()) {
      ch = foldTable[ch] || ch;
      out += wordChar.test(ch) ? ch : " ";
    }
    return out;
  }

  function addScript(src, done, fail) {
    var s = document.createElement("script");
    s.src = src;
    s.onload = done;
    s.onerror = fail;
    document.head.appendChild(s);
  }

  // Loads the runtime and the index once; calls back when both are ready.
  function load(callback) {
    if (state.ready) return callback && callback(state.ready);
    if (callback) state.waiting.push(callback);
    if (state.loading || state.failed) return;
    state.loading = true;
    var fail = function () {
      state.failed = true;
      state.waiting.forEach(function (cb) { cb(null); });
      state.waiting = [];
    };
    var withIndex = function () {
      if (!window.CAIRN_SEARCH_INDEX) return fail();
      state.ready = makeSearcher(window.CAIRN_SEARCH_INDEX);
      state.waiting.forEach(function (cb) { cb(state.ready); });
      state.waiting = [];
    };
    var withRuntime = function () {
      if (window.CAIRN_SEARCH_INDEX) return withIndex();
      addScript(pages + "search/search-index.js", withIndex, fail);
    };
    if (window.elasticlunr) withRuntime();
    else addScript(root + "static/js/elasticlunr.min.js", withRuntime, fail);
  }

  // Turns the flattened index back into elasticlunr.js's trie and loads it.
  function makeSearcher(data) {
    foldTable = data.fold || {};
    var fields = data.fields.map(function (f) { return f[0]; });
    var config = { fields: {}, bool: "OR", expand: true };
    data.fields.forEach(function (f) { config.fields[f[0]] = { boost: f[1] }; });
    var index = {};
    fields.forEach(function (field) {
      var trie = { docs: {}, df: 0 };
      var tokens = data.index[field];
      for (var token in tokens) {
        var node = trie;
        for (var i = 0; i < token.length; i++) {
          var c = token.charAt(i);
          node = node[c] || (node[c] = { docs: {}, df: 0 });
        }
        var postings = tokens[token];
        for (var j = 0; j < postings.length; j += 2) {
          node.docs[postings[j]] = { tf: Math.sqrt(postings[j + 1]) };
        }
        node.df = postings.length / 2;
      }
      index[field] = { root: trie };
    });
    var docs = {};
    var info = {};
    data.lengths.forEach(function (lengths, i) {
      docs[i] = null;
      info[i] = {};
      fields.forEach(function (f, k) { info[i][f] = lengths[k]; });
    });
    // English is stemmed in the browser as at build time; other languages are matched on the
    // folded words and their prefixes (elasticlunr.js ships no other stemmers).
    var english = data.lang === "en";
    var idx = elasticlunr.Index.load({
      version: elasticlunr.version,
      fields: fields,
      ref: "id",
      pipeline: english ? ["trimmer", "stopWordFilter", "stemmer"] : [],
      documentStore: { docs: docs, docInfo: info, length: data.docs.length, save: false },
      index: index
    });
    var stems = function (text) {
      return idx.pipeline.run(elasticlunr.tokenizer(fold(text)));
    };
    return {
      docs: data.docs,
      stems: stems,
      search: function (query) {
        var weights = data.weights || {};
        return idx
          .search(fold(query), config)
          .map(function (r, i) {
            var doc = data.docs[+r.ref];
            return { doc: doc, ref: +r.ref, score: r.score * (weights[doc[2]] || 1), rank: i };
          })
          .sort(function (a, b) { return b.score - a.score || a.rank - b.rank; });
      }
    };
  }

  // Appends `text` to `parent`, marking the words that match a query stem.
  function highlight(parent, text, searcher, queryStems) {
    if (!queryStems.length) {
      parent.appendChild(document.createTextNode(text));
      return;
    }
    var parts = String(text).split(/([\p{L}\p{N}]+)/u);
    parts.forEach(function (part, i) {
      var hit = false;
      if (i % 2 === 1) {
        var s = searcher.stems(part)[0];
        hit = !!s && queryStems.some(function (q) { return s.indexOf(q) === 0; });
      }
      if (hit) {
        var m = document.createElement("mark");
        m.textContent = part;
        parent.appendChild(m);
      } else if (part) {
        parent.appendChild(document.createTextNode(part));
      }
    });
  }

  function resultItem(result, searcher, queryStems, headingTag) {
    var d = result.doc;
    var li = document.createElement("li");
    li.className = "search-result";
    var kind = document.createElement("p");
    kind.className = "search-kind";
    kind.textContent = LABELS[d[2]] || d[2];
    var h = document.createElement(headingTag);
    // A title or summary may be in another language than the page: each keeps its direction.
    h.setAttribute("dir", "auto");
    var a = document.createElement("a");
    a.href = pages + d[1];
    highlight(a, d[0], searcher, queryStems);
    h.appendChild(a);
    li.appendChild(kind);
    li.appendChild(h);
    if (d[3]) {
      var p = document.createElement("p");
      p.className = "search-summary";
      p.setAttribute("dir", "auto");
      highlight(p, d[3], searcher, queryStems);
      li.appendChild(p);
    }
    if (d[4]) {
      var place = document.createElement("p");
      place.className = "search-place muted";
      place.textContent = d[4];
      li.appendChild(place);
    }
    return li;
  }

  // ---- The search page ---------------------------------------------------------------------
  var form = document.getElementById("search-form");
  if (form) searchPage(form);

  function searchPage(form) {
    var input = document.getElementById("search-q");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var empty = document.getElementById("search-empty");
    var selects = {
      kind: document.getElementById("search-kind"),
      theme: document.getElementById("search-theme"),
      place: document.getElementById("search-place"),
      level: document.getElementById("search-level")
    };
    var params = new URLSearchParams(location.search || location.hash.replace(/^#/, ""));
    input.value = params.get("q") || "";
    Object.keys(selects).forEach(function (k) {
      var v = params.get(k);
      if (v && selects[k].querySelector('option[value="' + CSS.escape(v) + '"]')) selects[k].value = v;
    });
    var baseTitle = document.title;
    status.textContent = t("js_loading");
    var timer = null;
    var run = function () {
      load(function (searcher) {
        if (!searcher) {
          status.textContent = t("js_failed");
          empty.hidden = false;
          return;
        }
        show(searcher);
      });
    };
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      run();
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    Object.keys(selects).forEach(function (k) { selects[k].addEventListener("change", run); });
    run();

    function keep(doc, f) {
      if (f.kind && doc[2] !== f.kind && !(f.kind === "principle" && doc[2] === "principle-set")) return false;
      if (f.theme && doc[5].split(" ").indexOf(f.theme) < 0) return false;
      if (f.place && doc[6] !== f.place) return false;
      if (f.level && doc[7] !== f.level) return false;
      return true;
    }

    function show(searcher) {
      var q = input.value.trim();
      var f = {};
      var query = new URLSearchParams();
      if (q) query.set("q", q);
      Object.keys(selects).forEach(function (k) {
        f[k] = selects[k].value;
        if (f[k]) query.set(k, f[k]);
      });
      var filtered = f.kind || f.theme || f.place || f.level;
      var results;
      if (q) results = searcher.search(q);
      else if (filtered) results = searcher.docs.map(function (d, i) { return { doc: d, ref: i }; });
      else results = [];
      results = results.filter(function (r) { return keep(r.doc, f); });
      var queryStems = q ? searcher.stems(q) : [];
      list.textContent = "";
      results.forEach(function (r) { list.appendChild(resultItem(r, searcher, queryStems, "h2")); });
      var n = results.length;
      var what = q ? t("js_for", n, q) : "";
      if (!q && !filtered) status.textContent = t("js_prompt");
      else if (n === 0) status.textContent = t("js_no_results") + what + (filtered ? t("js_with_filters") : "") + t("js_full_stop");
      else status.textContent = (n === 1 ? t("js_one_result") : t("js_n_results", n)) + what + t("js_full_stop");
      empty.hidden = n > 0 || (!q && !filtered);
      var qs = query.toString();
      try {
        history.replaceState(null, "", qs ? "?" + qs : location.pathname);
      } catch (e) {
        // Some file:// set-ups refuse; the form still works.
      }
      document.title = q ? q + " \u2013 " + baseTitle : baseTitle;
    }
  }

  // ---- The header box: top results as you type ----------------------------------------------
  var box = document.getElementById("site-search-q");
  if (box && !form) suggestions(box);

  function suggestions(box) {
    var headerForm = box.form;
    var panel = document.createElement("div");
    panel.className = "search-suggest";
    panel.id = "site-search-suggest";
    panel.hidden = true;
    var ul = document.createElement("ul");
    ul.setAttribute("aria-label", t("js_top_results"));
    panel.appendChild(ul);
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    headerForm.appendChild(panel);
    headerForm.appendChild(live);
    box.setAttribute("aria-controls", panel.id);
    // The suggestions are announced through the live region; aria-expanded is
    // not allowed on a plain search box, and a full combobox would hide the links.
    var timer = null;
    var close = function () {
      panel.hidden = true;
    };
    var links = function () { return [].slice.call(panel.querySelectorAll("a")); };
    var update = function () {
      var q = box.value.trim();
      if (!q) {
        close();
        live.textContent = "";
        return;
      }
      load(function (searcher) {
        if (!searcher || box.value.trim() !== q) return;
        var results = searcher.search(q);
        var stems = searcher.stems(q);
        ul.textContent = "";
        results.slice(0, 5).forEach(function (r) { ul.appendChild(resultItem(r, searcher, stems, "p")); });
        var all = document.createElement("li");
        all.className = "search-all";
        var a = document.createElement("a");
        a.href = pages + "search/index.html?q=" + encodeURIComponent(q);
        a.textContent = results.length ? t("js_see_all", results.length) : t("js_search_again");
        all.appendChild(a);
        ul.appendChild(all);
        panel.hidden = false;
        live.textContent = results.length
          ? (results.length === 1 ? t("js_one_result") : t("js_n_results", results.length)) + t("js_full_stop") + " " + t("js_arrow_hint")
          : t("js_no_results") + t("js_full_stop");
      });
    };
    box.addEventListener("input", function () {
      load(null);
      clearTimeout(timer);
      timer = setTimeout(update, 120);
    });
    headerForm.addEventListener("keydown", function (e) {
      var items = links();
      var at = items.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && !panel.hidden && items.length) {
        e.preventDefault();
        items[Math.min(at + 1, items.length - 1)].focus();
      } else if (e.key === "ArrowUp" && at >= 0) {
        e.preventDefault();
        if (at === 0) box.focus();
        else items[at - 1].focus();
      } else if (e.key === "Escape" && !panel.hidden) {
        close();
        box.focus();
      }
    });
    // The reader may have typed before this file arrived.
    load(null);
    if (box.value.trim() && document.activeElement === box) update();
    document.addEventListener("click", function (e) {
      if (!headerForm.contains(e.target)) close();
    });
    headerForm.addEventListener("focusout", function (e) {
      if (e.relatedTarget && !headerForm.contains(e.relatedTarget)) close();
    });
  }
})();
