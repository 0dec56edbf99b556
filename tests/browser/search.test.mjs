// Pins search in a real browser, from file:// and over http: ranked results for the issue's
// queries, the no-results message, filters, highlighting, the header box's suggestions, lazy
// loading of the index, and the page's message without JavaScript.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { axe, describeViolations, fileUrl, launch, readSite, serve } from "./support.mjs";

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

/** The titles and kind labels of the search page's results, once the search has run. */
async function results(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById("search-status");
    return s && /result/.test(s.textContent);
  });
  return page.$$eval("#search-results > li", (items) =>
    items.map((li) => ({
      kind: li.querySelector(".search-kind").textContent,
      title: li.querySelector("h2").textContent,
      href: li.querySelector("h2 a").getAttribute("href"),
      marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
    })),
  );
}

/** The title of a built page, read from its <h1>. */
function h1(rel) {
  const m = readSite(rel).match(/<h1[^>]*>([\s\S]*?)<\/h1>/);
  assert.ok(m, `${rel} has an <h1>`);
  return m[1].replace(/<[^>]+>/g, "").replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&").trim();
}

const youth = h1("case-studies/youth-making-it-happen/index.html");
const elephantCase = h1("case-studies/elephants-trail-bury/index.html");
const elephantSet = h1("principles/elephants-trail/index.html");

for (const [where, url] of [
  ["file://", (rel) => fileUrl(rel.split("?")[0]) + (rel.includes("?") ? "?" + rel.split("?")[1] : "")],
  ["http", (rel) => server.url(rel)],
]) {
  describe(`search page over ${where}`, () => {
    test("participatory budgeting lists YOUth Making it Happen first", async () => {
      const page = await browser.newPage();
      await page.goto(url("search/index.html?q=participatory%20budgeting"));
      const list = await results(page);
      assert.ok(list.length > 0, "some results");
      assert.equal(list[0].title, youth);
      assert.equal(list[0].kind, "Case study");
      assert.ok(
        list[0].marks.some((m) => /participatory/i.test(m)),
        `matched words are highlighted: ${JSON.stringify(list[0].marks)}`,
      );
      const status = await page.locator("#search-status").innerText();
      assert.match(status, new RegExp(`^${list.length} results? for`));
      await page.close();
    });

    test("elephant finds the Elephant's Trail case study and its principle set", async () => {
      const page = await browser.newPage();
      await page.goto(url("search/index.html?q=elephant"));
      const list = await results(page);
      const titles = list.map((r) => r.title);
      assert.ok(titles.includes(elephantCase), `${elephantCase} in ${titles}`);
      assert.ok(titles.includes(elephantSet), `${elephantSet} in ${titles}`);
      const set = list.find((r) => r.title === elephantSet);
      assert.equal(set.kind, "Principle set");
      // The result links work from this page.
      await page.click(`#search-results a[href="${set.href}"]`);
      assert.equal(await page.locator("h1").innerText(), elephantSet);
      await page.close();
    });

    test("a word found nowhere shows the no-results message and browse links", async () => {
      const page = await browser.newPage();
      await page.goto(url("search/index.html?q=zzzzqx"));
      await page.waitForFunction(() => /No results/.test(document.getElementById("search-status").textContent));
      assert.equal(await page.locator("#search-results > li").count(), 0);
      assert.ok(await page.locator("#search-empty").isVisible());
      assert.ok((await page.locator("#search-empty a").count()) > 3, "browse links");
      await page.close();
    });
  });
}

describe("search page behaviour", () => {
  test("axe-core finds nothing on the search page with results, nor with suggestions open", async () => {
    const page = await browser.newPage();
    await page.goto(server.url("search/index.html?q=elephant"));
    await results(page);
    let violations = await axe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.goto(server.url("index.html"));
    await page.focus("#site-search-q");
    await page.keyboard.type("power");
    await page.waitForSelector("#site-search-suggest:not([hidden]) li");
    violations = await axe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.close();
  });

  test("the kind filter keeps only that kind, and the query is kept in the address", async () => {
    const page = await browser.newPage();
    await page.goto(server.url("search/index.html?q=elephant"));
    const all = await results(page);
    await page.selectOption("#search-kind", "principle");
    await page.waitForFunction(
      (n) => document.querySelectorAll("#search-results > li").length < n,
      all.length,
    );
    const only = await results(page);
    assert.ok(only.length > 0);
    assert.ok(only.every((r) => /^Principle/.test(r.kind)), JSON.stringify(only));
    assert.match(page.url(), /kind=principle/);
    await page.close();
  });

  test("words with diacritics are found without them", async () => {
    // The example library has no diacritics in its titles, so fold a query instead: "élephant".
    const page = await browser.newPage();
    await page.goto(server.url("search/index.html?q=%C3%A9l%C3%A9phant"));
    const titles = (await results(page)).map((r) => r.title);
    assert.ok(titles.includes(elephantCase), JSON.stringify(titles));
    await page.close();
  });

  test("keyboard: typing in the box and pressing Enter searches", async () => {
    const page = await browser.newPage();
    await page.goto(fileUrl("search/index.html"));
    await page.waitForFunction(() => /Type a word/.test(document.getElementById("search-status").textContent));
    await page.focus("#search-q");
    await page.keyboard.type("elephant");
    await page.keyboard.press("Enter");
    const titles = (await results(page)).map((r) => r.title);
    assert.ok(titles.includes(elephantCase));
    await page.close();
  });
});

describe("header search box", () => {
  test("loads the index only when a reader starts searching, then suggests top results", async () => {
    const page = await browser.newPage();
    const requested = [];
    page.on("request", (r) => requested.push(r.url()));
    await page.goto(server.url("index.html"));
    assert.ok(!requested.some((u) => u.includes("search-index.js")), "not loaded up front");
    assert.ok(!requested.some((u) => u.includes("elasticlunr")), "runtime not loaded up front");
    assert.ok(!requested.some((u) => u.includes("search-ui.js")), "search code not loaded up front");
    await page.focus("#site-search-q");
    await page.keyboard.type("elephant");
    // The box suggests as the word is typed, and a word typed in part can find nothing yet
    // ("No results"), so wait for the suggestions of the whole word.
    const suggested = await page
      .waitForFunction(
        (title) => [...document.querySelectorAll("#site-search-suggest:not([hidden]) li")].some((li) => li.textContent.includes(title)),
        elephantCase,
        { timeout: 10000 },
      )
      .then(() => true, () => false);
    assert.ok(requested.some((u) => u.includes("search-index.js")));
    const texts = await page.$$eval("#site-search-suggest li", (l) => l.map((x) => x.textContent));
    assert.ok(suggested, `no suggestion of ${elephantCase}: ${JSON.stringify(texts)}`);
    // Arrow keys move through the suggestions; Escape closes them.
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => document.activeElement.closest("#site-search-suggest") !== null), true);
    await page.keyboard.press("Escape");
    assert.ok(await page.locator("#site-search-suggest").isHidden());
    assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-q");
    await page.close();
  });

  test("without JavaScript the box submits to the search page, which explains and offers browse links", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(fileUrl("case-studies/index.html"));
    await page.fill("#site-search-q", "elephant");
    await page.press("#site-search-q", "Enter");
    await page.waitForURL(/search\/index\.html\?q=elephant/);
    const text = await page.locator("main").innerText();
    assert.match(text, /Search needs JavaScript/);
    assert.ok((await page.locator(".search-nojs a").count()) > 3);
    await context.close();
  });
});
