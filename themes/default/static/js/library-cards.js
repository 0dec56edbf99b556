// A case study's card, made as partials/card.html makes it, from its values in the library's
// filter data (src/render/listing.rs); loaded by library.js only when it shows filtered cards.
// Text is set as text, never as HTML.
(function () {
  "use strict";
  window.CAIRN_CARD = makeCard;

  // The terms files' lines as rows: per case study, each group's term numbers, then its rank
  // by title (base 36, `.` between numbers, `|` between groups).
  window.CAIRN_ROWS = function (chunks) {
    var rows = [];
    chunks.forEach(function (chunk) {
      chunk.forEach(function (line) {
        var parts = line.split("|");
        var rank = parseInt(parts.pop(), 36);
        rows.push({ rank: rank, terms: parts.map(function (p) {
          return p ? p.split(".").map(function (n) { return parseInt(n, 36); }) : [];
        }) });
      });
    });
    return rows;
  };

  // The filtered cards' own pager after `list`: previous, "Page 2 of 9", next; `step(-1 or 1)`
  // on a click. Returns its update, `(page from 0, pages)`.
  window.CAIRN_PAGER = function (list, t, step) {
    var nav = document.createElement("nav");
    nav.className = "pager pager-filtered";
    nav.setAttribute("aria-label", t("js_pages"));
    var where = element("span", "pager-where");
    var buttons = [["js_previous_page", -1], ["js_next_page", 1]].map(function (x) {
      var b = element("button", "button button-secondary", t(x[0]));
      b.type = "button";
      b.addEventListener("click", function () { step(x[1]); });
      return b;
    });
    nav.appendChild(buttons[0]);
    nav.appendChild(where);
    nav.appendChild(buttons[1]);
    list.parentNode.insertBefore(nav, list.nextSibling);
    function update(page, pages) {
      nav.hidden = pages < 2;
      where.textContent = t("js_page_of", { n: page + 1, total: pages });
      buttons[0].disabled = page === 0;
      buttons[1].disabled = page >= pages - 1;
    }
    update.nav = nav;
    return update;
  };

  function makeCard(c, words, root) {
    var li = element("li", "card" + (c.image ? " has-picture" : ""));
    var d = c.data || {};
    [["themes", d.themes], ["places", d.places], ["approaches", d.approaches], ["levels", d.levels],
      ["fields", d.fields], ["principles", d.principles], ["date", c.date], ["title", c.title]]
      .forEach(function (a) { li.setAttribute("data-" + a[0], a[1] || ""); });
    if (c.lang) {
      li.setAttribute("lang", c.lang.code);
      li.setAttribute("dir", c.lang.dir);
    }
    if (c.image) li.appendChild(picture(c.image, root));
    var h = element("h3", "card-title");
    var a = element("a", "", c.title);
    a.href = root + c.href;
    h.appendChild(a);
    li.appendChild(h);
    var meta = element("p", "card-meta");
    meta.setAttribute("dir", "auto");
    meta.appendChild(element("span", "card-place", c.place));
    if (c.when) {
      meta.appendChild(document.createTextNode(" \u00b7 "));
      meta.appendChild(element("span", "", c.when));
    }
    li.appendChild(meta);
    li.appendChild(element("p", "card-summary", c.summary));
    if (c.level_name) {
      var badge = element("p", "level-badge level-" + c.level);
      var meter = element("span", "level-meter");
      meter.setAttribute("aria-hidden", "true");
      badge.appendChild(meter);
      badge.appendChild(document.createTextNode(words.level_short + " "));
      badge.appendChild(element("strong", "", c.level_name));
      li.appendChild(badge);
    }
    if (c.themes && c.themes.length) {
      var tags = element("p", "card-tags");
      c.themes.slice(0, 3).forEach(function (theme, i, few) {
        tags.appendChild(element("span", "tag", theme));
        if (i < few.length - 1) tags.appendChild(document.createTextNode(words.comma));
      });
      if (c.themes.length > 3) {
        tags.appendChild(document.createTextNode(" "));
        tags.appendChild(element("span", "tag-more", "+" + (c.themes.length - 3) + " " + words.more_themes));
      }
      li.appendChild(tags);
    }
    return li;
  }

  function picture(image, root) {
    var up = function (src) { return root + src; };
    var img = document.createElement("img");
    img.src = up(image.src);
    img.alt = "";
    img.loading = "lazy";
    if (!image.srcset) {
      img.className = "card-picture";
      return img;
    }
    var pic = element("picture", "card-picture");
    var source = document.createElement("source");
    source.type = "image/webp";
    source.srcset = image.srcset.split(", ").map(up).join(", ");
    source.sizes = "(min-width: 50rem) 22rem, calc(100vw - 2rem)";
    img.width = image.width;
    img.height = image.height;
    img.decoding = "async";
    pic.appendChild(source);
    pic.appendChild(img);
    return pic;
  }

  function element(name, className, text) {
    var el = document.createElement(name);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

})();
