// Cairn default theme: progressive enhancements only; every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // A table too wide for a narrow screen scrolls sideways (see site.css); let keyboards scroll it.
  [].forEach.call(document.querySelectorAll(".prose table"), function (t) {
    if (t.scrollWidth > t.clientWidth) t.tabIndex = 0;
  });

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
    var items = [].slice.call(list.children);
    var status = document.querySelector(".result-count");
    var groups = [].slice.call(aside.querySelectorAll(".filter-group")).map(function (el) {
      var key = el.getAttribute("data-filter");
      var ul = el.querySelector("ul");
      ul.setAttribute("aria-label", el.querySelector("summary").textContent);
      var terms = [].slice.call(el.querySelectorAll("a[data-term]")).map(function (a) {
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
        return { slug: box.value, name: a.textContent, box: box, count: count };
      });
      return { key: key, attr: attrs[key] || key, el: el, terms: terms };
    });

    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "button clear-filters";
    clear.textContent = "Clear filters";
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
    sortBox.innerHTML = '<label for="sort-order">Sort by</label> <select id="sort-order">' +
      '<option value="newest">Newest first</option><option value="title">Title A–Z</option></select>';
    list.parentNode.insertBefore(sortBox, list);
    var sort = sortBox.querySelector("select");
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
          query.push(g.key + "=" + on.map(function (t) { return t.slug; }).join(","));
          chosen.push(on.map(function (t) { return t.name; }).join(" or "));
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
      var all = items.length === 1 ? " case study" : " case studies";
      status.textContent = !chosen.length ? items.length + all
        : shown === 0 ? "No case studies match " + chosen.join(" and ") + "."
        : shown + " of " + items.length + all + (shown === 1 ? " matches " : " match ") +
          chosen.join(" and ") + ".";
      remember(query.join("&"));
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
