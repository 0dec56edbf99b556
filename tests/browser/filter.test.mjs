// Pins the case-study library filter: theme = "health inequalities" and level = "empower" shows
// exactly the matching case studies, with JavaScript (in place, from file:// and over http, state
// kept in the address) and without it (the filter links lead to static term pages).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileUrl, htmlPages, launch, serve } from "./support.mjs";

const THEME = "health-inequalities";
const LEVEL = "empower";
const OTHER_THEME = "youth";

let browser;
let server;
/** Case study title -> { themes, level }, read from each case study's own key facts. */
let facts;

before(async () => {
  browser = await launch();
  server = await serve();
  facts = await readFacts();
});

after(async () => {
  await server?.close();
  await browser?.close();
});

/** Reads every case study page (without JavaScript) for its title, themes and level. */
async function readFacts() {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const out = new Map();
  const pages = htmlPages().filter((p) => /^case-studies\/[^/]+\/index\.html$/.test(p));
  for (const rel of pages) {
    await page.goto(fileUrl(rel));
    const title = (await page.locator("h1").innerText()).trim();
    const terms = await page.$$eval(".key-facts a[href]", (links) =>
      links.map((a) => new URL(a.href).pathname.split("/").slice(-3, -1).join("/")),
    );
    out.set(title, {
      themes: terms.filter((t) => t.startsWith("themes/")).map((t) => t.slice(7)),
      current: await page.$$eval(".key-facts .spectrum-step.current a", (a) =>
        a.map((x) => new URL(x.href).pathname.split("/").slice(-2, -1)[0]),
      ),
    });
  }
  await context.close();
  assert.ok(out.size > 0, "the example library has case studies");
  return out;
}

/** Titles of the case studies that match, sorted, from the key facts. */
function expected(themes, levels = []) {
  return [...facts]
    .filter(([, f]) => themes.length === 0 || themes.some((t) => f.themes.includes(t)))
    .filter(([, f]) => levels.length === 0 || levels.some((l) => f.current.includes(l)))
    .map(([title]) => title)
    .sort();
}

/** Titles of the cards a page shows (ignoring hidden ones), in page order. */
function shownTitles(page) {
  return page.$$eval("ul.cards > li.card:not([hidden]) .card-title", (hs) =>
    hs.filter((h) => h.offsetParent !== null).map((h) => h.textContent.trim()),
  );
}

test("the example library has a case study with both the theme and the level", () => {
  assert.ok(expected([THEME], [LEVEL]).length > 0);
  assert.ok(expected([THEME]).length > expected([THEME], [LEVEL]).length, "the level narrows it");
});

describe("without JavaScript", () => {
  test("the library lists every case study and its filter links lead to term pages", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(fileUrl("case-studies/index.html"));
    assert.deepEqual((await shownTitles(page)).sort(), [...facts.keys()].sort());

    await open(page, "themes");
    const link = page.locator(`.filter-group a[data-term="${THEME}"]`);
    await link.click();
    await page.waitForURL(/themes\/health-inequalities\/index\.html$/);
    assert.deepEqual((await shownTitles(page)).sort(), expected([THEME]));
    assert.match(await page.locator("h1").innerText(), /health inequalities/i);

    await page.goto(fileUrl(`engagement-levels/${LEVEL}/index.html`));
    assert.deepEqual((await shownTitles(page)).sort(), expected([], [LEVEL]));
    await context.close();
  });
});

/** Opens a filter group, as a person would, unless it is open already. */
async function open(page, group) {
  const details = page.locator(`.filter-group[data-filter="${group}"]`);
  if (!(await details.evaluate((d) => d.open))) await details.locator("summary").click();
  return details;
}

/** Ticks or unticks a term. */
async function toggle(page, group, slug) {
  const details = await open(page, group);
  await details.locator(`input[type="checkbox"][value="${slug}"]`).click();
}

for (const where of ["file://", "http"]) {
  describe(`with JavaScript, from ${where}`, () => {
    test("theme and level filter in place, combine, count, sort and clear", async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const url = where === "http" ? server.url("case-studies/index.html") : fileUrl("case-studies/index.html");
      await page.goto(url);
      const status = page.locator(".results [aria-live]");
      const total = facts.size;
      assert.match(await status.innerText(), new RegExp(`^${total} case studies`));

      // One theme.
      await toggle(page, "themes", THEME);
      assert.deepEqual((await shownTitles(page)).sort(), expected([THEME]));
      assert.equal(page.url().split("/").pop(), `index.html?themes=${THEME}`, "a plain link in the address");
      // Each level's count: how many of the shown case studies have it.
      const levelCount = await page
        .locator(`.filter-group[data-filter="engagement-levels"] input[value="${LEVEL}"] + span .count`)
        .innerText();
      assert.equal(levelCount, `(${expected([THEME], [LEVEL]).length})`);

      // And a level: AND between taxonomies.
      await toggle(page, "engagement-levels", LEVEL);
      const both = expected([THEME], [LEVEL]);
      assert.deepEqual((await shownTitles(page)).sort(), both);
      const announced = await status.innerText();
      assert.match(announced, new RegExp(`^${both.length} of ${total} case stud`));
      assert.match(announced, /“Health inequalities” and “Empower”/i);
      assert.match(page.url(), new RegExp(`\\?themes=${THEME}&engagement-levels=${LEVEL}$`));

      // The address keeps the state: reloading (or sharing the link) shows the same result.
      await page.reload();
      assert.deepEqual((await shownTitles(page)).sort(), both);
      assert.ok(await page.locator(`input[value="${THEME}"]`).isChecked());
      assert.ok(await page.locator(`input[value="${LEVEL}"]`).isChecked());

      // A second theme: OR within a taxonomy.
      await toggle(page, "themes", OTHER_THEME);
      assert.deepEqual((await shownTitles(page)).sort(), expected([THEME, OTHER_THEME], [LEVEL]));

      // Sort A–Z, then newest first.
      await page.locator("#sort-order").selectOption("title");
      const az = await shownTitles(page);
      assert.deepEqual(az, [...az].sort((a, b) => a.localeCompare(b, "en")));
      assert.match(page.url(), /sort=title/);
      await page.locator("#sort-order").selectOption("newest");
      const dates = await page.$$eval("ul.cards > li.card:not([hidden])", (cs) => cs.map((c) => c.dataset.date));
      assert.deepEqual(dates, [...dates].sort().reverse());

      // Clear filters: everything is back, the address is plain, the button goes away.
      const clear = page.getByRole("button", { name: "Clear filters" });
      await clear.click();
      assert.equal((await shownTitles(page)).length, total);
      assert.ok(await clear.isHidden());
      assert.equal(page.url().split("/").pop(), "index.html");
      assert.match(await status.innerText(), new RegExp(`^${total} case studies`));
      assert.equal(await page.locator("input:checked").count(), 0);

      // No match at all says so.
      await page.goto(`${url}?themes=${THEME}&engagement-levels=inform`);
      if (expected([THEME], ["inform"]).length === 0) {
        assert.equal((await shownTitles(page)).length, 0);
        assert.match(await status.innerText(), /^No case studies match/);
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  });
}
