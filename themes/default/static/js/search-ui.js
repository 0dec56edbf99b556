// Cairn search: the header box's suggestions and the search page (search/index.html?q=...).
//
// static/js/search.js (on every page, small) injects this file when a reader starts searching,
// or at once on the search page. This file then injects the elasticlunr.js runtime
// (static/js/elasticlunr.min.js) and the index's table of contents (search/search-index.js,
// built by src/search.rs), then for each query only the term shards it needs and, for the
// results shown, the files of what they show: all plain scripts, so search works from file://,
// over http and offline.
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
    form: t("js_kind_form"),
    page: t("js_kind_page")
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

  // A part of the index (a term shard, a file of results, the facets): a plain script that
  // files its data under its own path in window.CAIRN_SEARCH_PARTS. Each is loaded once;
  // `callback(data)` gets null when it cannot be loaded.
  var parts = {};
  function loadPart(path, callback) {
    var part = parts[path];
    if (part && "data" in part) return callback(part.data);
    if (part) return part.waiting.push(callback);
    part = parts[path] = { waiting: [callback] };
    var done = function (ok) {
      var store = window.CAIRN_SEARCH_PARTS || {};
      part.data = ok && path in store ? store[path] : null;
      delete store[path];
      // A part that failed (offline, not saved) is tried again next time.
      if (part.data === null) delete parts[path];
      part.waiting.forEach(function (cb) { cb(part.data); });
      part.waiting = [];
    };
    addScript(pages + path, function () { done(true); }, function () { done(false); });
  }

  // Loads every part of `paths`; calls back with their data in the same order (null for any
  // that failed).
  function loadParts(paths, callback) {
    var left = paths.length;
    var out = [];
    if (!left) return callback(out);
    paths.forEach(function (path, i) {
      loadPart(path, function (data) {
        out[i] = data;
        if (--left === 0) callback(out);
      });
    });
  }

  // Loads the runtime and the index's table of contents once; calls back when both are ready.
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

  // The searcher over the sharded index (src/search/shards.rs). For each query it loads the
  // term shards holding every term a query word begins, builds elasticlunr.js's trie and field
  // lengths from them alone (the shards in order, so the trie is laid out as the whole
  // index's would be), and searches it: the same scores, so the same results in the same order,
  // as the whole index. What a result shows is loaded only for the results shown.
  function makeSearcher(head) {
    foldTable = head.fold || {};
    var fields = head.fields.map(function (f) { return f[0]; });
    var config = { fields: {}, bool: "OR", expand: true };
    head.fields.forEach(function (f) { config.fields[f[0]] = { boost: f[1] }; });
    // English is stemmed in the browser as at build time; other languages are matched on the
    // folded words and their prefixes (elasticlunr.js ships no other stemmers).
    var english = head.lang === "en";
    var pipeline = english ? ["trimmer", "stopWordFilter", "stemmer"] : [];
    var bounds = [];
    head.shards.forEach(function (s, i) { if (s[1] > 0) bounds.push({ first: s[0], n: i }); });
    var rows = {};

    function indexOf(shards) {
      var index = {};
      var docs = {};
      var info = {};
      fields.forEach(function (field, k) {
        var trie = { docs: {}, df: 0 };
        shards.forEach(function (shard) {
          var tokens = shard[k];
          for (var token in tokens) {
            var node = trie;
            for (var i = 0; i < token.length; i++) {
              var c = token.charAt(i);
              node = node[c] || (node[c] = { docs: {}, df: 0 });
            }
            var postings = tokens[token];
            var ref = 0;
            for (var j = 0; j < postings.length; j += 3) {
              ref += postings[j];
              node.docs[ref] = { tf: Math.sqrt(postings[j + 1]) };
              docs[ref] = null;
              (info[ref] || (info[ref] = {}))[field] = postings[j + 2];
            }
            node.df = postings.length / 3;
          }
        });
        index[field] = { root: trie };
      });
      return elasticlunr.Index.load({
        version: elasticlunr.version,
        fields: fields,
        ref: "id",
        pipeline: pipeline,
        documentStore: { docs: docs, docInfo: info, length: head.count, save: false },
        index: index
      });
    }
    var empty = indexOf([]);
    var stems = function (text) {
      return empty.pipeline.run(elasticlunr.tokenizer(fold(text)));
    };
    // The shards holding the terms `token` begins: the one whose range holds `token`, and
    // every later one whose first term begins with it.
    function shardsFor(token, into) {
      var last = -1;
      for (var i = 0; i < bounds.length; i++) {
        var first = bounds[i].first;
        if (first <= token) last = bounds[i].n;
        else if (first.indexOf(token) === 0) into[bounds[i].n] = true;
        else break;
      }
      if (last >= 0) into[last] = true;
    }
    function kindOf(ref) {
      var kind = "";
      for (var i = 0; i < head.kinds.length && head.kinds[i][0] <= ref; i++) kind = head.kinds[i][1];
      return kind;
    }
    return {
      count: head.count,
      stems: stems,
      // Calls back with the results of `query`, best first: [{ ref, score, rank }], or null
      // when a shard could not be loaded.
      search: function (query, callback) {
        var wanted = {};
        stems(query).forEach(function (token) { if (token) shardsFor(token, wanted); });
        var numbers = Object.keys(wanted).map(Number).sort(function (a, b) { return a - b; });
        loadParts(numbers.map(function (n) { return "search/shards/t" + n + ".js"; }), function (shards) {
          if (shards.some(function (s) { return !s; })) return callback(null);
          var weights = head.weights || {};
          var results = indexOf(shards)
            .search(fold(query), config)
            .map(function (r, i) {
              var ref = +r.ref;
              return { ref: ref, score: r.score * (weights[kindOf(ref)] || 1), rank: i };
            })
            .sort(function (a, b) { return b.score - a.score || a.rank - b.rank; });
          callback(results);
        });
      },
      // Calls back with what each result of `refs` shows (title, url, kind, summary, place),
      // by ref, or null when a file could not be loaded.
      rows: function (refs, callback) {
        var chunks = {};
        refs.forEach(function (ref) { chunks[Math.floor(ref / head.chunk)] = true; });
        var numbers = Object.keys(chunks).map(Number);
        loadParts(numbers.map(function (n) { return "search/docs/d" + n + ".js"; }), function (files) {
          if (files.some(function (f) { return !f; })) return callback(null);
          files.forEach(function (list, i) {
            list.forEach(function (row, j) { rows[numbers[i] * head.chunk + j] = row; });
          });
          callback(rows);
        });
      },
      // Calls back with each document's kind, theme slugs, place slug and level, for the
      // filters, or null.
      facets: function (callback) {
        loadPart("search/facets.js", function (f) {
          if (!f) return callback(null);
          if (!f.decoded) {
            f.decoded = f.rows.map(function (r) {
              return {
                kind: f.kinds[r[0]] || "",
                themes: r[1].map(function (t) { return f.themes[t]; }),
                place: r[2] < 0 ? "" : f.places[r[2]],
                level: r[3] < 0 ? "" : f.levels[r[3]]
              };
            });
          }
          callback(f.decoded);
        });
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

    // Results are shown a page at a time: what a result shows is loaded only for those.
    var PAGE = 20;
    var more = document.createElement("p");
    more.className = "search-more";
    more.hidden = true;
    var moreButton = document.createElement("button");
    moreButton.type = "button";
    moreButton.className = "button";
    more.appendChild(moreButton);
    list.parentNode.insertBefore(more, list.nextSibling);
    var current = { results: [], shown: 0, searcher: null, stems: [] };
    moreButton.addEventListener("click", function () {
      var next = list.children.length;
      showPage(current, function () {
        // The first new result takes the focus, so a keyboard reader goes on from there.
        var link = list.children[next] && list.children[next].querySelector("a");
        if (link) link.focus();
      });
    });
    var asked = 0;

    function keep(facet, f) {
      if (f.kind && facet.kind !== f.kind && !(f.kind === "principle" && facet.kind === "principle-set")) return false;
      if (f.theme && facet.themes.indexOf(f.theme) < 0) return false;
      if (f.place && facet.place !== f.place) return false;
      if (f.level && facet.level !== f.level) return false;
      return true;
    }

    // Shows the next page of `view`'s results, loading what they show first.
    function showPage(view, done) {
      var page = view.results.slice(view.shown, view.shown + PAGE);
      view.searcher.rows(page.map(function (r) { return r.ref; }), function (rows) {
        if (view !== current) return;
        if (!rows) {
          status.textContent = t("js_failed");
          return;
        }
        page.forEach(function (r) {
          r.doc = rows[r.ref];
          list.appendChild(resultItem(r, view.searcher, view.stems, "h2"));
        });
        view.shown += page.length;
        var left = view.results.length - view.shown;
        more.hidden = left <= 0;
        moreButton.textContent = t("js_show_more", Math.min(left, PAGE));
        if (done) done();
      });
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
      var mine = ++asked;
      // Results shown for another query are stale while this one's parts load: say so, so
      // nobody (nor a test) reads them as this query's.
      var key = query.toString();
      if (key !== current.key) status.textContent = t("js_loading");
      var withFacets = function (callback) {
        if (!filtered) return callback(null);
        searcher.facets(function (facets) {
          if (!facets) return failed();
          callback(facets);
        });
      };
      var failed = function () {
        if (mine !== asked) return;
        status.textContent = t("js_failed");
        empty.hidden = false;
      };
      var found = function (results) {
        if (mine !== asked) return;
        if (!results) return failed();
        withFacets(function (facets) {
          if (mine !== asked) return;
          if (facets) results = results.filter(function (r) { return keep(facets[r.ref], f); });
          display(results);
        });
      };
      if (q) searcher.search(q, found);
      else if (filtered) {
        var all = [];
        for (var i = 0; i < searcher.count; i++) all.push({ ref: i });
        found(all);
      } else found([]);

      function display(results) {
        current = { key: key, results: results, shown: 0, searcher: searcher, stems: q ? searcher.stems(q) : [] };
        list.textContent = "";
        more.hidden = true;
        // The status is set once the first results are in the list, so the two always agree.
        showPage(current, function () { announce(results.length); });
      }

      function announce(n) {
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
        searcher.search(q, function (results) {
          if (!results || box.value.trim() !== q) return;
          var top = results.slice(0, 5);
          searcher.rows(top.map(function (r) { return r.ref; }), function (rows) {
            if (!rows || box.value.trim() !== q) return;
            top.forEach(function (r) { r.doc = rows[r.ref]; });
            suggest(searcher, q, results, top);
          });
        });
      });
    };
    var suggest = function (searcher, q, results, top) {
      var stems = searcher.stems(q);
      ul.textContent = "";
      top.forEach(function (r) { ul.appendChild(resultItem(r, searcher, stems, "p")); });
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
