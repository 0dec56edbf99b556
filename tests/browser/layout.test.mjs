// Pins issue 25's layout in Chromium: pages open on what they are for (the library's first case
// study and the form's first field near the top), no page scrolls sideways at 320 px, the Welsh
// and Urdu pages' scripts write no English, the 404 page works at any address, and the
// controls (radios, focus ring, live total, heading anchors, "Print blank copies").

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch, representativePages, serve } from "./support.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
let browser;
let server;

before(async () => {
  browser = await launch();
  server = await serve();
});

after(async () => {
  await server?.close();
  await browser?.close();
});

const pages = representativePages();

/** The top of the first element matching `selector`, from the top of the page, in px. */
async function topOf(page, selector) {
  return page.evaluate((s) => {
    const el = document.querySelector(s);
    return el ? el.getBoundingClientRect().top + window.scrollY : null;
  }, selector);
}

for (const [width, height, screens] of [
  [1280, 800, 1],
  [360, 740, 1.5],
]) {
  test(`the library's first case study is within ${screens} screen(s) at ${width}×${height}`, async () => {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(server.url(pages.library));
    const top = await topOf(page, "#case-study-cards > li .card-title");
    await context.close();
    assert.ok(top !== null, "no case-study card");
    // The card's title, not just its border, is on screen.
    assert.ok(top + 40 <= height * screens, `the first card's title is at ${top} px, past ${height * screens}`);
  });
}

test("the form's first field is within 1.5 screens at 360×740", async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  for (const rel of [pages.form, "forms/partnership-self-assessment/index.html", "ur/forms/assessing-progress/index.html"]) {
    await page.goto(server.url(rel));
    const top = await topOf(page, "#scoring-form input:not([type=hidden]), #scoring-form select");
    assert.ok(top !== null, `no field on ${rel}`);
    assert.ok(top + 30 <= 740 * 1.5, `${rel}: the first field is at ${top} px`);
  }
  await context.close();
});

/** Every page type the issue names, in each language. */
function everyPageType() {
  const kinds = {
    ...pages,
    "plain page": "about/index.html",
    search: "search/index.html?q=community",
    collate: "forms/assessing-progress/collate/index.html",
    glossary: "glossary/index.html",
    data: "data/index.html",
    taxonomy: "engagement-levels/index.html",
    "toolkit print": "toolkit/print/index.html",
  };
  const out = [];
  for (const prefix of ["", "cy/", "ur/"]) {
    for (const [name, rel] of Object.entries(kinds)) {
      if (name === "404" && prefix) continue;
      out.push([`${prefix}${name}`, `${prefix}${rel}`]);
    }
  }
  return out;
}

test("no page is wider than a 320 px screen", async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const page = await context.newPage();
  const wide = [];
  for (const [name, rel] of everyPageType()) {
    await page.goto(server.url(rel));
    const by = await page.evaluate(() => {
      const limit = document.documentElement.clientWidth;
      const culprits = [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > limit + 1 || el.getBoundingClientRect().left < -1)
        .filter((el) => !el.closest(".visually-hidden, .skip-link, .table-scroll, .grid-scroll, .prose table"))
        .slice(0, 3)
        .map((el) => `<${el.localName} class="${el.className}">`);
      return { by: document.documentElement.scrollWidth - limit, culprits };
    });
    if (by.by > 0) wide.push(`${name} (${rel}) is ${by.by} px too wide: ${by.culprits.join(", ")}`);
  }
  await context.close();
  assert.deepEqual(wide, []);
});

for (const [dir, rel] of [
  ["left to right", "case-studies/index.html"],
  ["right to left", "ur/case-studies/index.html"],
]) {
  test(`search suggestions stay inside a 360 px screen (${dir})`, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(server.url(rel));
    await page.locator("#site-search-q").fill("community");
    await page.locator("#site-search-suggest").waitFor({ state: "visible" });
    const box = await page.locator("#site-search-suggest").boundingBox();
    await context.close();
    assert.ok(box.x >= 0 && box.x + box.width <= 360, `suggestions span ${box.x} to ${box.x + box.width}`);
  });
}

/** The interface strings of a theme language file (key = "value" lines). */
function strings(code) {
  const out = {};
  const text = readFileSync(path.join(here, `../../themes/default/i18n/${code}.toml`), "utf8");
  for (const line of text.split("\n")) {
    const m = line.match(/^(\w+) = "(.*)"$/);
    if (m) out[m[1]] = JSON.parse(`"${m[2]}"`);
  }
  return out;
}

/** English phrases of the interface that another language writes differently: each string's
 * longest run of words outside its {placeholders}, when that run is long enough to mean something. */
function englishPhrases(code) {
  const en = strings("en");
  const other = strings(code);
  const phrases = new Set();
  for (const [key, value] of Object.entries(en)) {
    if (key === "months" || other[key] === value) continue;
    const parts = value.split(/\{\w+\}/).map((p) => p.trim()).filter(Boolean);
    const longest = parts.sort((a, b) => b.length - a.length)[0] || "";
    // Phrases ("Sort by") only: a single word ("Outcomes") also turns up in a library's own
    // words, such as the English text of a case study not yet translated.
    if (longest.length >= 6 && longest.includes(" ")) phrases.add(longest);
  }
  return [...phrases];
}

/** The page's text and labels in its own language (parts marked with another `lang`, such as
 * an untranslated case study's card, are left out). */
async function ownText(page) {
  return page.evaluate(() => {
    const lang = document.documentElement.lang;
    const own = (el) => (el.closest("[lang]")?.getAttribute("lang") || lang) === lang;
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest("script, style, noscript, [hidden]") || !own(el)) continue;
      out.push(n.textContent);
    }
    for (const el of document.querySelectorAll("[aria-label], [placeholder], [title]")) {
      if (!own(el)) continue;
      for (const a of ["aria-label", "placeholder", "title"]) if (el.hasAttribute(a)) out.push(el.getAttribute(a));
    }
    return out.join("\n").replace(/[\u2068\u2069]/g, "");
  });
}

for (const code of ["cy", "ur"]) {
  test(`${code}: the scripts write no English on the library, search, form and collate pages`, async () => {
    const phrases = englishPhrases(code);
    assert.ok(phrases.length > 50, `only ${phrases.length} phrases to look for`);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const found = [];
    const look = async (what) => {
      const text = await ownText(page);
      for (const p of phrases) if (text.includes(p)) found.push(`${what}: “${p}”`);
    };
    // The library, filtered: counts, sort, clear button, the sentence of matches.
    await page.goto(server.url(`${code}/case-studies/index.html?themes=health-inequalities`));
    await page.locator(".clear-filters").waitFor({ state: "visible" });
    await look("library, filtered");
    await page.goto(server.url(`${code}/case-studies/index.html?themes=health-inequalities&engagement-levels=inform`));
    await look("library, filtered to nothing");
    // Search: results, and a query with none.
    await page.goto(server.url(`${code}/search/index.html?q=community`));
    await page.waitForFunction(() => /\d/.test(document.getElementById("search-status").textContent));
    await look("search");
    await page.goto(server.url(`${code}/search/index.html?q=zzzzqqq`));
    await page.waitForFunction(() => !/…/.test(document.getElementById("search-status").textContent));
    await look("search, no results");
    await page.locator("#site-search-q").count();
    // The form, part answered and then cleared.
    await page.goto(server.url(`${code}/forms/assessing-progress/index.html`));
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.locator("#scoring-form input[type=radio]").first().check();
    await page.locator("#band").filter({ hasText: /\d/ }).waitFor();
    await look("form, one answer");
    await page.locator("button[data-action=clear]").click();
    await look("form, cleared");
    // The collate page: a paper form typed in, and a file that is not an answer file.
    await page.goto(server.url(`${code}/forms/assessing-progress/collate/index.html`));
    await page.locator("#add-paper").click();
    await page.locator("#answer-files").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
    await page.locator("#collate-messages li").first().waitFor();
    await look("collate");
    // A meeting's files: a copy, a partial response and a wrong total, so the flags, the bands
    // and the table of responses are all written.
    const def = JSON.parse(await page.locator("#form-definition").textContent());
    const first = def.sections.flatMap((s) => s.items.map((it) => [it.id, s.scale.points[0].code]));
    const answerFile = (name, count, total) => ({
      name,
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify({
        form: def.form, version: def.version, total, fields: {}, comments: {},
        answers: Object.fromEntries(first.slice(0, count)),
      })),
    });
    await page.locator("#answer-files").setInputFiles([
      answerFile("a.json", first.length, undefined),
      answerFile("b.json", first.length, undefined),
      answerFile("c.json", 1, undefined),
      answerFile("d.json", first.length, 9999),
    ]);
    await page.locator("#collate-flags li").nth(2).waitFor();
    await look("collate, a meeting's files");
    await context.close();
    assert.deepEqual(found, []);
  });
}

test("404.html served at any address keeps its style and every link works", async () => {
  assert.notEqual(server.base, "/", "404.html has no <base> from base_url's path");
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    for (const typed of ["/x/y/z/", `${server.base}case-studies/some-typo/`, `${server.base}a/b/c/d/e.html`, `${server.base}cy/x/y/`]) {
      const response = await page.goto(server.typed(typed));
      assert.equal(response.status(), 404);
      const styled = await page.evaluate(() => ({
        rules: [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0),
        header: getComputedStyle(document.querySelector(".site-header")).backgroundColor,
      }));
      assert.ok(styled.rules > 50, `${typed}: the stylesheet did not load`);
      assert.notEqual(styled.header, "rgba(0, 0, 0, 0)", `${typed}: the header is unstyled`);
      const links = await page.$$eval("a[href]", (as) => as.map((a) => a.href));
      assert.ok(links.length > 10);
      const here = page.url().split("#")[0];
      const broken = [];
      for (const href of new Set(links.map((h) => h.split("#")[0]))) {
        if (href === here || !href.startsWith("http://127.0.0.1")) continue;
        const status = (await page.request.get(href)).status();
        if (status !== 200) broken.push(`${href} (${status})`);
      }
      assert.deepEqual(broken, [], `from ${typed}`);
    }
  } finally {
    await context.close();
  }
});

test("Print blank copies opens the print dialogue", async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__printed = 0;
    window.print = () => { window.__printed += 1; };
  });
  const page = await context.newPage();
  await page.goto(server.url(pages.form));
  await page.locator(".form-links a", { hasText: /./ }).first().click();
  await page.waitForFunction(() => window.__printed > 0, null, { timeout: 5000 });
  assert.ok(page.url().includes("?blank"));
  await context.close();
});

test("controls: large radios, a 3:1 focus ring, the total with its maximum, anchors out of the tab order", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url(pages.form));
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const radio = await page.locator("#scoring-form input[type=radio]").first().boundingBox();
  assert.ok(radio.width >= 24 && radio.height >= 24, `radios are ${radio.width}×${radio.height}`);
  // Tab from the top: no heading anchor is a stop before the form's first field.
  await page.keyboard.press("Tab");
  const stops = [];
  for (let i = 0; i < 40; i++) {
    const el = await page.evaluate(() => ({ cls: document.activeElement.className, tag: document.activeElement.localName }));
    if (el.tag === "input" || el.tag === "select") break;
    stops.push(el);
    await page.keyboard.press("Tab");
  }
  assert.ok(!stops.some((s) => /anchor/.test(s.cls)), `anchors in the tab order: ${JSON.stringify(stops)}`);
  // The focus ring of a radio: 3:1 against the page.
  await page.locator("#scoring-form input[type=radio]").first().focus();
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    const rgb = (c) => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => {
      const ch = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
    };
    const a = lum(rgb(s.outlineColor));
    const b = lum(rgb(getComputedStyle(document.body).backgroundColor));
    return { width: parseFloat(s.outlineWidth), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
  });
  assert.ok(ring.width >= 2 && ring.ratio >= 3, `focus ring ${ring.width}px at ${ring.ratio.toFixed(2)}:1`);
  // The live total is read with its maximum.
  await page.locator("#scoring-form input[type=radio]").first().check();
  const live = await page.evaluate(() => {
    const out = document.getElementById("total");
    const region = out.closest('[role="status"], [aria-live]:not([aria-live="off"])');
    return region ? region.textContent.replace(/\s+/g, " ").trim() : "";
  });
  assert.match(live, /\d+ out of \d+/, `the total is announced as “${live}”`);
  await context.close();
});
