// The case-study library's filters (case-studies/index.html only); the page works without it.
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

  var cards = document.getElementById("case-study-cards");
  var filters = document.querySelector(".filters");
  if (cards && filters) libraryFilters(cards, filters);

  // The case-study library: the filter links (static term pages without JavaScript) become
  // checkboxes that filter the cards in place. AND between taxonomies, OR within one. The state
  // lives in the query string (?themes=a,b&engagement-levels=empower&sort=title), or in the hash
  // where the browser refuses to rewrite the query (some file:// set-ups).
  function libraryFilters(list, aside) {
    // Filter group key -> the card's data attribute, where they differ.
    var attrs = { "engagement-levels": "levels", "fields-of-practice": "fields" };
    // Past MANY terms, a group shows its FEW most used (see manyTerms).
    var MANY = 15;
    var FEW = 8;
    var items = [].slice.call(list.children);
    var status = document.querySelector(".result-count");
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
        box.addEventListener("change", update);
        return { slug: box.value, name: a.textContent, box: box, count: count, li: li, total: total };
      });
      var group = { key: key, attr: attrs[key] || key, el: el, terms: terms };
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
    sort.addEventListener("change", update);

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

    function terms(card, g) {
      return (card.getAttribute("data-" + g.attr) || "").split(" ");
    }

    // Does the card pass every active group, ignoring `skip`?
    function passes(card, skip) {
      return groups.every(function (g) {
        if (g === skip) return true;
        var on = g.terms.filter(function (t) { return t.box.checked; });
        if (!on.length) return true;
        var has = terms(card, g);
        return on.some(function (t) { return has.indexOf(t.slug) >= 0; });
      });
    }

    function update() {
      var chosen = [];
      var query = [];
      groups.forEach(function (g) {
        var on = g.terms.filter(function (t) { return t.box.checked; });
        if (on.length) {
          query.push(g.key + "=" + on.map(function (x) { return x.slug; }).join(","));
          chosen.push(on.map(function (x) { return "\u201c" + x.name + "\u201d"; }).join(t("js_or")));
        }
        // Each term's count: the cards it would show, given the other groups' filters.
        g.terms.forEach(function (t) {
          var n = items.filter(function (c) {
            return terms(c, g).indexOf(t.slug) >= 0 && passes(c, g);
          }).length;
          t.count.textContent = "(" + n + ")";
        });
      });
      if (sort.value === "title") query.push("sort=title");

      var shown = 0;
      items.forEach(function (c) {
        c.hidden = !passes(c, null);
        if (!c.hidden) shown++;
      });
      var order = items.slice();
      if (sort.value === "title") {
        var lang = document.documentElement.lang || undefined;
        order.sort(function (a, b) {
          return a.getAttribute("data-title").localeCompare(b.getAttribute("data-title"), lang);
        });
      } else {
        order.sort(function (a, b) {
          var da = a.getAttribute("data-date"), db = b.getAttribute("data-date");
          return da < db ? 1 : da > db ? -1 : items.indexOf(a) - items.indexOf(b);
        });
      }
      order.forEach(function (c) { list.appendChild(c); });

      clear.hidden = !chosen.length;
      var named = chosen.join(t("js_and"));
      status.textContent = !chosen.length ? t("js_n_case_studies", { n: items.length })
        : shown === 0 ? t("js_no_matches", { terms: named })
        : t("js_matches", { n: shown, total: items.length, terms: named });
      groups.forEach(function (g) { if (g.refresh) g.refresh(); });
      remember(query.join("&"));
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
