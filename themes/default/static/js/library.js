// The case-study library's filters (every page of case-studies/); the pages work without it.
(function () {
  "use strict";
  // Every word this script writes comes from the page's interface strings (i18n/<code>.toml,
  // the JSON island `cairn-strings`): t("js_key", {n: 3}) fills in {n}, and takes the
  // language's plural form of the key (js_key_one, js_key_two...) where the strings have one.
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

  // The script that makes cards from the filter data, beside this one, loaded only for them.
  var self = document.currentScript;
  var cardsScript = self ? self.src.replace(/library\.js(\?.*)?$/, "library-cards.js") : "";
  var cards = document.getElementById("case-study-cards");
  var filters = document.querySelector(".filters");
  if (cards && filters) libraryFilters(cards, filters);

  // The case-study library: the filter links (static term pages without JavaScript) become
  // checkboxes. AND between taxonomies, OR within one. The state lives in the query string
  // (?themes=a,b&engagement-levels=empower&sort=title), or in the hash where the browser refuses
  // to rewrite the query (some file:// set-ups). Each page lists only its own cards; with a
  // filter (or another order) chosen, the script loads the library's compact filter data
  // (case-studies/cards/: the terms of every case study, then the cards' values only for the
  // cards shown, each file a <script> so that it works from disk) and shows every match, a page
  // at a time.
  function libraryFilters(list, aside) {
    // Past MANY terms, a group shows its FEW most used (see manyTerms).
    var MANY = 15;
    var FEW = 8;
    var items = [].slice.call(list.children);
    var status = document.querySelector(".result-count");
    var staticStatus = status.textContent;
    var staticPager = document.querySelector(".results .pager");
    var dataUrl = list.getAttribute("data-library");
    var root = list.getAttribute("data-root") || "";
    var data = null;
    var page = 0;
    var shown = [];
    var jsPager = null;
    var groups = [].slice.call(aside.querySelectorAll(".filter-group")).map(function (el) {
      var key = el.getAttribute("data-filter");
      var ul = el.querySelector("ul");
      ul.setAttribute("aria-label", el.querySelector("summary").textContent);
      var terms = [].slice.call(el.querySelectorAll("a[data-term]")).map(function (a) {
        var total = +a.getAttribute("data-count") || 0;
        var li = a.parentNode;
        var label = document.createElement("label");
        var box = document.createElement("input");
        var text = document.createElement("span");
        var count = li.querySelector(".count") || document.createElement("span");
        box.type = "checkbox";
        box.name = key;
        box.value = a.getAttribute("data-term");
        count.className = "count";
        label.className = "filter-term";
        text.textContent = a.textContent + " ";
        text.appendChild(count);
        label.appendChild(box);
        label.appendChild(text);
        li.textContent = "";
        li.appendChild(label);
        box.addEventListener("change", function () { page = 0; update(); });
        return { slug: box.value, name: a.textContent, box: box, count: count, li: li, total: total };
      });
      var group = { key: key, el: el, terms: terms };
      if (terms.length > MANY) manyTerms(group, ul);
      return group;
    });

    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "button clear-filters";
    clear.textContent = t("js_clear_filters");
    clear.addEventListener("click", function () {
      groups.forEach(function (g) {
        g.terms.forEach(function (t) { t.box.checked = false; });
      });
      page = 0;
      update();
      groups[0].el.querySelector("summary").focus();
    });
    aside.querySelector("h2").insertAdjacentElement("afterend", clear);

    var sortBox = document.createElement("p");
    sortBox.className = "sort";
    var sortLabel = document.createElement("label");
    sortLabel.htmlFor = "sort-order";
    sortLabel.textContent = t("js_sort_by");
    var sort = document.createElement("select");
    sort.id = "sort-order";
    [["newest", t("js_sort_newest")], ["title", t("js_sort_title")]].forEach(function (o) {
      var option = document.createElement("option");
      option.value = o[0];
      option.textContent = o[1];
      sort.appendChild(option);
    });
    sortBox.appendChild(sortLabel);
    sortBox.appendChild(document.createTextNode(" "));
    sortBox.appendChild(sort);
    list.parentNode.insertBefore(sortBox, list);
    sort.addEventListener("change", function () { page = 0; update(); });

    // Restore the state from the address.
    var saved = parse(location.search.slice(1));
    var fromHash = parse(location.hash.slice(1));
    if (!Object.keys(saved).length) saved = fromHash;
    groups.forEach(function (g) {
      var on = (saved[g.key] || "").split(",");
      g.terms.forEach(function (t) { t.box.checked = on.indexOf(t.slug) >= 0; });
      // On a narrow screen only the groups in use start open, so the results stay in view.
      if (on.some(Boolean)) g.el.open = true;
      else if (window.matchMedia("(max-width: 50rem)").matches) g.el.open = false;
    });
    if (saved.sort === "title") sort.value = "title";
    update();

    function parse(query) {
      var out = {};
      query.split("&").forEach(function (pair) {
        var i = pair.indexOf("=");
        if (i > 0) out[decodeURIComponent(pair.slice(0, i))] = decodeURIComponent(pair.slice(i + 1));
      });
      return out;
    }

    // One file of the filter data (a script adding `key` to window.CAIRN_LIBRARY), once.
    var loading = {};
    function load(key, done) {
      var store = window.CAIRN_LIBRARY || {};
      if (store[key]) return done(store[key]);
      if (loading[key]) return loading[key].push(done);
      loading[key] = [done];
      script(dataUrl.replace(/index\.js$/, key + ".js"), function () {
        var value = (window.CAIRN_LIBRARY || {})[key] || null;
        var waiting = loading[key];
        delete loading[key];
        waiting.forEach(function (f) { f(value); });
      });
    }

    // Runs `done` once the script at `src` has loaded (or failed), each script loaded once.
    var scripts = {};
    function script(src, done) {
      if (scripts[src] === true) return done();
      if (scripts[src]) return scripts[src].push(done);
      scripts[src] = [done];
      var el = document.createElement("script");
      el.src = src;
      el.onload = el.onerror = function () {
        var waiting = scripts[src];
        scripts[src] = true;
        waiting.forEach(function (f) { f(); });
      };
      document.head.appendChild(el);
    }

    // Every `keys` loaded, then `done` with their values (null for one that failed).
    function loadAll(keys, done) {
      var values = [];
      var left = keys.length;
      if (!left) return done(values);
      keys.forEach(function (key, i) {
        load(key, function (value) {
          values[i] = value;
          if (--left === 0) done(values);
        });
      });
    }

    // The index and every terms file, read into rows: per case study, each group's term
    // numbers, then its rank by title.
    function loadData(done) {
      if (data) return done(data);
      if (!staticPager) return done(data = pageData());
      script(cardsScript, function () { loadIndex(done); });
    }

    function loadIndex(done) {
      if (!window.CAIRN_ROWS) return done(null);
      load("index", function (index) {
        if (!index) return done(null);
        var keys = [];
        for (var k = 0; k * index.terms_chunk < index.count; k++) keys.push("terms-" + k);
        loadAll(keys, function (chunks) {
          if (chunks.some(function (c) { return !c; })) return done(null);
          var rows = window.CAIRN_ROWS(chunks);
          // Each filter group's place in the data, and its terms' numbers.
          groups.forEach(function (g) {
            g.data = -1;
            index.groups.forEach(function (d, i) { if (d.key === g.key) g.data = i; });
            var slugs = g.data >= 0 ? index.groups[g.data].terms : [];
            g.terms.forEach(function (x) { x.n = slugs.indexOf(x.slug); });
          });
          data = { index: index, rows: rows };
          done(data);
        });
      });
    }

    // A library that fits on one page has every card on it: the filters read the cards.
    function pageData() {
      var attrs = { "engagement-levels": "levels", "fields-of-practice": "fields" };
      var rows = items.map(function (c) {
        return { rank: 0, terms: groups.map(function (g) {
          var slugs = g.terms.map(function (x) { return x.slug; });
          return (c.getAttribute("data-" + (attrs[g.key] || g.key)) || "").split(" ")
            .map(function (slug) { return slugs.indexOf(slug); })
            .filter(function (n) { return n >= 0; });
        }) };
      });
      items.map(function (c, i) { return i; }).sort(function (a, b) {
        return items[a].getAttribute("data-title").localeCompare(items[b].getAttribute("data-title"), lang) || a - b;
      }).forEach(function (i, rank) { rows[i].rank = rank; });
      groups.forEach(function (g, k) {
        g.data = k;
        g.terms.forEach(function (x, n) { x.n = n; });
      });
      return { index: { count: items.length, page_size: Math.max(items.length, 1) }, rows: rows, local: true };
    }

    function checked(g) {
      return g.terms.filter(function (t) { return t.box.checked; });
    }

    // Does case study `row` pass every active group, ignoring `skip`?
    function passes(row, skip) {
      return groups.every(function (g) {
        if (g === skip || g.data < 0) return true;
        var on = checked(g);
        if (!on.length) return true;
        var has = row.terms[g.data] || [];
        return on.some(function (t) { return has.indexOf(t.n) >= 0; });
      });
    }

    function update() {
      var chosen = [];
      var query = [];
      groups.forEach(function (g) {
        var on = checked(g);
        if (on.length) {
          query.push(g.key + "=" + on.map(function (x) { return x.slug; }).join(","));
          chosen.push(on.map(function (x) { return "\u201c" + x.name + "\u201d"; }).join(t("js_or")));
        }
      });
      if (sort.value === "title") query.push("sort=title");
      clear.hidden = !chosen.length;
      remember(query.join("&"));
      groups.forEach(function (g) { if (g.refresh) g.refresh(); });
      if (!query.length) return staticView();
      var named = chosen.join(t("js_and"));
      status.textContent = t("js_loading");
      loadData(function (d) {
        if (!d) return staticView();
        // Each term's count: the case studies it would show, given the other groups' filters.
        groups.forEach(function (g) {
          var counts = {};
          if (g.data >= 0) {
            d.rows.forEach(function (row) {
              if (!passes(row, g)) return;
              (row.terms[g.data] || []).forEach(function (n) { counts[n] = (counts[n] || 0) + 1; });
            });
          }
          g.terms.forEach(function (x) { x.count.textContent = "(" + (counts[x.n] || 0) + ")"; });
        });
        shown = [];
        d.rows.forEach(function (row, i) { if (passes(row, null)) shown.push(i); });
        if (sort.value === "title") {
          shown.sort(function (a, b) { return d.rows[a].rank - d.rows[b].rank; });
        }
        var total = d.index.count;
        status.textContent = !chosen.length ? t("js_n_case_studies", { n: total })
          : shown.length === 0 ? t("js_no_matches", { terms: named })
          : t("js_matches", { n: shown.length, total: total, terms: named });
        showPage();
      });
    }

    // No filter and the newest first: the page as it was built.
    function staticView() {
      groups.forEach(function (g) {
        g.terms.forEach(function (x) { x.count.textContent = "(" + x.total + ")"; });
      });
      list.textContent = "";
      items.forEach(function (c) { list.appendChild(c); });
      status.textContent = staticStatus;
      if (staticPager) staticPager.hidden = false;
      if (jsPager) jsPager.nav.hidden = true;
    }

    // Page `page` of the matches, its cards made from their chunks of card values.
    function showPage() {
      var size = data.index.page_size;
      var pages = Math.max(1, Math.ceil(shown.length / size));
      page = Math.min(page, pages - 1);
      var these = shown.slice(page * size, (page + 1) * size);
      if (data.local) {
        list.textContent = "";
        these.forEach(function (i) { list.appendChild(items[i]); });
        return;
      }
      var chunk = data.index.cards_chunk;
      var keys = [];
      these.forEach(function (i) {
        var key = "cards-" + Math.floor(i / chunk);
        if (keys.indexOf(key) < 0) keys.push(key);
      });
      loadAll(keys, function (chunks) {
        list.textContent = "";
        these.forEach(function (i) {
          var values = chunks[keys.indexOf("cards-" + Math.floor(i / chunk))];
          var card = values && values[i % chunk];
          if (card && window.CAIRN_CARD) list.appendChild(window.CAIRN_CARD(card, data.index.strings, root));
        });
        if (staticPager) staticPager.hidden = true;
        if (!jsPager) jsPager = window.CAIRN_PAGER(list, t, function (step) {
          page += step;
          showPage();
          status.scrollIntoView({ block: "nearest" });
        });
        jsPager(page, pages);
      });
    }

    // A group with many terms (places, say) shows its most used first, the first few only, with
    // a box to find a term by typing and a button to show them all; ticked terms always show.
    function manyTerms(group, ul) {
      var byUse = group.terms.slice().sort(function (a, b) {
        return b.total - a.total || a.name.localeCompare(b.name, lang);
      });
      byUse.forEach(function (x) { ul.appendChild(x.li); });
      var all = false;
      var find = document.createElement("input");
      find.type = "search";
      find.className = "filter-find";
      find.id = "find-" + group.key;
      find.setAttribute("dir", "auto");
      find.setAttribute("autocomplete", "off");
      var label = document.createElement("label");
      label.htmlFor = find.id;
      label.className = "filter-find-label";
      label.textContent = t("js_find_term") + " (" + group.el.querySelector("summary").textContent + ")";
      var more = document.createElement("button");
      more.type = "button";
      more.className = "button button-secondary button-small filter-more";
      more.setAttribute("aria-expanded", "false");
      ul.parentNode.insertBefore(label, ul);
      ul.parentNode.insertBefore(find, ul);
      ul.parentNode.insertBefore(more, ul.nextSibling);
      group.refresh = function () {
        var q = find.value.trim().toLocaleLowerCase(lang);
        byUse.forEach(function (x, i) {
          var match = q ? x.name.toLocaleLowerCase(lang).indexOf(q) >= 0 : all || i < FEW;
          x.li.hidden = !(match || x.box.checked);
        });
        more.hidden = !!q;
        more.textContent = all ? t("js_show_fewer") : t("js_show_all", { n: byUse.length });
        more.setAttribute("aria-expanded", String(all));
      };
      find.addEventListener("input", group.refresh);
      more.addEventListener("click", function () {
        all = !all;
        group.refresh();
      });
    }

    function remember(query) {
      var hash = /=/.test(location.hash) ? "" : location.hash;
      try {
        history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + hash);
      } catch (e) {
        if (query || /=/.test(location.hash)) location.replace("#" + query);
      }
    }
  }
})();
