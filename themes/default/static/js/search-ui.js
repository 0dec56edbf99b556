// Cairn search: the header box's suggestions and the search page (search/index.html?q=...).
//
// static/js/search.js (on every page, small) injects this file when a reader starts searching,
// or at once on the search page. This file then injects the elasticlunr.js runtime
// (static/js/elasticlunr.min.js) and the index's table of contents (search/search-index.js,
// built by src/search.rs; the search page preloads both, and this file), then for
// each query only the term shards it needs and, for the results shown, the files of what they
// show: all plain scripts, so search works from file://, over http and offline.
//
// On a slow network (Chrome's "Fast 3G": 562.5 ms a request, 180 KB/s) every round trip
// counts: a query's words' shards are loaded while it is typed, the first result's file is
// asked for first, results show as their files arrive, and nothing is loaded for a query the
// reader has typed past (examples/search_fast3g.rs measures it).
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
  // While a query is typed, the shards of a word are loaded at once when they add up to at
  // most PREFETCH bytes (one to five shards of about 40 KB at 10,000 case studies; a query of
  // two words stays well under a megabyte with its result files), and it is searched after
  // a pause of TYPING ms. A query with a word that needs more (one or two letters often match
  // thousands of terms) is searched only after a longer PAUSE (or at once on Enter): the
  // reader is most likely still typing it.
  var PREFETCH = 250 * 1000;
  var TYPING = 150;
  var PAUSE = 1000;
  // Result files asked for at once (as many as a browser asks of one host at once over
  // HTTP/1.1); the others wait in line (makeSearcher's queue).
  var DOCS_AT_ONCE = 6;
  // How long the first result's file is asked for alone.
  var STAGGER = 150;

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
    // The two at once: each is a round trip on a slow network, and neither needs the other.
    var left = 2;
    var both = function () {
      if (--left > 0) return;
      if (!window.elasticlunr || !window.CAIRN_SEARCH_INDEX) return fail();
      state.ready = makeSearcher(window.CAIRN_SEARCH_INDEX);
      state.waiting.forEach(function (cb) { cb(state.ready); });
      state.waiting = [];
    };
    if (window.elasticlunr) both();
    else addScript(root + "static/js/elasticlunr.min.js", both, both);
    if (window.CAIRN_SEARCH_INDEX) both();
    else addScript(pages + "search/search-index.js", both, both);
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

    // Result files are asked for at most DOCS_AT_ONCE at a time, in the order asked, so that
    // a query's files not yet asked for can be dropped when the reader has typed on: they
    // would hold up the next query's on a slow network.
    var queue = [];
    var busy = 0;
    function queueDocs(n, wanted, callback) {
      var path = "search/docs/d" + n + ".js";
      if (parts[path] && "data" in parts[path]) return callback(parts[path].data);
      queue.push({ path: path, wanted: wanted, callback: callback });
      pump();
    }
    function pump() {
      while (busy < DOCS_AT_ONCE && queue.length) {
        var job = queue.shift();
        if (!job.wanted()) continue;
        busy++;
        loadPart(job.path, finished(job));
      }
    }
    function finished(job) {
      return function (data) {
        busy--;
        job.callback(data);
        pump();
      };
    }

    // The index of the terms of `shards` that begin with one of `words` (a query's stems):
    // elasticlunr.js reaches no other term for that query (it expands a word to the terms it
    // begins, and a document's field lengths are beside each of its postings), so leaving the
    // others out changes no score and saves building most of the trie.
    function indexOf(shards, words) {
      var index = {};
      var docs = {};
      var info = {};
      var wanted = function (token) {
        for (var w = 0; w < words.length; w++) if (token.lastIndexOf(words[w], 0) === 0) return true;
        return false;
      };
      fields.forEach(function (field, k) {
        var trie = { docs: {}, df: 0 };
        shards.forEach(function (shard) {
          var tokens = shard[k];
          for (var token in tokens) {
            if (!wanted(token)) continue;
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
    var empty = indexOf([], []);
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
      // when a shard could not be loaded; not at all when, its shards loaded, `still()` (if
      // given) says the query is no longer wanted.
      search: function (query, callback, still) {
        var wanted = {};
        var words = stems(query).filter(function (token) { return token; });
        words.forEach(function (token) { shardsFor(token, wanted); });
        var numbers = Object.keys(wanted).map(Number).sort(function (a, b) { return a - b; });
        loadParts(numbers.map(function (n) { return "search/shards/t" + n + ".js"; }), function (shards) {
          if (still && !still()) return;
          if (shards.some(function (s) { return !s; })) return callback(null);
          var weights = head.weights || {};
          var results = indexOf(shards, words)
            .search(fold(query), config)
            .map(function (r, i) {
              var ref = +r.ref;
              return { ref: ref, score: r.score * (weights[kindOf(ref)] || 1), rank: i };
            })
            .sort(function (a, b) { return b.score - a.score || a.rank - b.rank; });
          callback(results);
        });
      },
      // While a query is being typed: starts loading the shards of each of its words whose
      // shards not yet asked for add up to at most PREFETCH bytes, so they are in when the
      // query is complete. Says whether every word's were (searching it now then loads
      // nothing more); a word that would need more (one or two letters, say) waits for the
      // next letters, which need a subset of its shards.
      prefetch: function (query) {
        var all = true;
        stems(query).forEach(function (token) {
          if (!token) return;
          var wanted = {};
          shardsFor(token, wanted);
          var paths = [];
          var bytes = 0;
          Object.keys(wanted).forEach(function (n) {
            var path = "search/shards/t" + n + ".js";
            if (parts[path]) return;
            paths.push(path);
            bytes += head.shards[n][1];
          });
          if (bytes > PREFETCH) all = false;
          else paths.forEach(function (path) { loadPart(path, function () {}); });
        });
        return all;
      },
      // Asks for the files holding what the results `refs` show (title, url, kind, summary,
      // place), in the results' order: `progress(rows)` each time one arrives and `done(rows)`
      // once all have (rows by ref; `done(null)` when one could not be loaded). Files not yet
      // asked for when `wanted()` says no (the reader has typed on) are never asked for.
      rows: function (refs, wanted, progress, done) {
        var numbers = [];
        refs.forEach(function (ref) {
          var n = Math.floor(ref / head.chunk);
          if (numbers.indexOf(n) < 0) numbers.push(n);
        });
        var left = numbers.length;
        var failed = false;
        if (!left) return done(rows);
        var arrived = function (n, then) {
          return function (list) {
            if (list) list.forEach(function (row, j) { rows[n * head.chunk + j] = row; });
            else failed = true;
            progress(rows);
            if (then) then();
            if (--left === 0) done(failed ? null : rows);
          };
        };
        // The first result's file first, alone: on a slow network it then has the line to
        // itself, and the first result shows a round trip sooner. The others follow when it
        // has come or after STAGGER ms, whichever is first.
        var asked = false;
        var askRest = function () {
          if (asked) return;
          asked = true;
          numbers.slice(1).forEach(function (n) { queueDocs(n, wanted, arrived(n)); });
        };
        queueDocs(numbers[0], wanted, arrived(numbers[0], askRest));
        if (!asked) setTimeout(askRest, STAGGER);
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
      clearTimeout(timer);
      run();
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var soon = !state.ready || state.ready.prefetch(input.value);
      timer = setTimeout(run, soon ? TYPING : PAUSE);
    });
    Object.keys(selects).forEach(function (k) { selects[k].addEventListener("change", run); });

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
    // Last: with the runtime and the table of contents already loaded (the search page
    // preloads them), this searches at once.
    run();

    function keep(facet, f) {
      if (f.kind && facet.kind !== f.kind && !(f.kind === "principle" && facet.kind === "principle-set")) return false;
      if (f.theme && facet.themes.indexOf(f.theme) < 0) return false;
      if (f.place && facet.place !== f.place) return false;
      if (f.level && facet.level !== f.level) return false;
      return true;
    }

    // Shows the next page of `view`'s results, each as soon as what it and those before it
    // show has arrived (so they appear in their final order); `done` once all have.
    function showPage(view, done) {
      if (view.busy) return;
      view.busy = true;
      var page = view.results.slice(view.shown, view.shown + PAGE);
      var next = 0;
      var wanted = function () { return view === current && input.value.trim() === view.q; };
      var progress = function (rows) {
        if (view !== current) return;
        for (; next < page.length && rows[page[next].ref]; next++) {
          page[next].doc = rows[page[next].ref];
          list.appendChild(resultItem(page[next], view.searcher, view.stems, "h2"));
        }
      };
      view.searcher.rows(page.map(function (r) { return r.ref; }), wanted, progress, function (rows) {
        if (view !== current) return;
        view.busy = false;
        if (!rows) {
          status.textContent = t("js_failed");
          return;
        }
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
        // A query the reader has typed past loads nothing more: the next one is on its way.
        if (mine !== asked || input.value.trim() !== q) return;
        if (!results) return failed();
        withFacets(function (facets) {
          if (mine !== asked) return;
          if (facets) results = results.filter(function (r) { return keep(facets[r.ref], f); });
          display(results);
        });
      };
      if (q) searcher.search(q, found, function () { return mine === asked && input.value.trim() === q; });
      else if (filtered) {
        var all = [];
        for (var i = 0; i < searcher.count; i++) all.push({ ref: i });
        found(all);
      } else found([]);

      function display(results) {
        current = { key: key, q: q, results: results, shown: 0, searcher: searcher, stems: q ? searcher.stems(q) : [] };
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
      var wanted = function () { return box.value.trim() === q; };
      load(function (searcher) {
        if (!searcher || !wanted()) return;
        searcher.search(q, function (results) {
          if (!results || !wanted()) return;
          var top = results.slice(0, 5);
          searcher.rows(top.map(function (r) { return r.ref; }), wanted, function () {}, function (rows) {
            if (!rows || !wanted()) return;
            top.forEach(function (r) { r.doc = rows[r.ref]; });
            suggest(searcher, q, results, top);
          });
        }, wanted);
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
      var soon = !state.ready || state.ready.prefetch(box.value);
      timer = setTimeout(update, soon ? 120 : PAUSE);
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
