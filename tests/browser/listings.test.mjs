// Pins the paged listings (issue 26): over http, the library's page 2 and a term's page 2 exist
// and link back with plain links; a theme filter on the library counts every matching case
// study of the whole library (not only the page's), shows them a page at a time, and the cards
// it makes from the compact filter data are the cards the build makes. Built from a generated
// library of 240 case studies, 10 a page, with the `cairn` binary (CAIRN_BIN).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launch, serve } from "./support.mjs";

const COUNT = 240;
const THEMES = ["Housing", "Health", "Food", "Youth"];
// Case study i has theme i % 4, and Housing too when i % 3 == 0; Food ones (i % 4 == 2) are
// in Wrexham, the rest in Oldham.
const themesOf = (i) => [...new Set([THEMES[i % 4], ...(i % 3 === 0 ? ["Housing"] : [])])];
const housing = Array.from({ length: COUNT }, (_, i) => i).filter((i) => themesOf(i).includes("Housing"));

let browser;
let dir;
let server;

before(async () => {
  browser = await launch();
  dir = mkdtempSync(path.join(tmpdir(), "cairn-paging-"));
  writeFileSync(path.join(dir, "site.toml"), 'title = "Paged"\n\n[listing]\npage_size = 10\n');
  mkdirSync(path.join(dir, "content/case-studies"), { recursive: true });
  for (let i = 0; i < COUNT; i++) {
    const month = String((i % 12) + 1).padStart(2, "0");
    const year = 2000 + Math.floor(i / 12);
    const themes = themesOf(i).map((t) => `"${t}"`).join(", ");
    const place = i % 4 === 2 ? "Wrexham" : "Oldham";
    writeFileSync(
      path.join(dir, `content/case-studies/story-${String(i).padStart(3, "0")}.md`),
      `---\ntitle: "Story ${i}"\nsummary: "What happened in story ${i}."\ndate: ${year}-${month}\nplace: "${place}"\nthemes: [${themes}]\nengagement_level: involve\n---\n\nText.\n`,
    );
  }
  execFileSync(process.env.CAIRN_BIN, ["build", "--quiet", "--root", dir, "--output", path.join(dir, "out")]);
  server = await serve(path.join(dir, "out"));
});

after(async () => {
  await server?.close();
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("the library's page 2 and a term's page 2 exist over http and link back", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const [first, second, total] of [
    ["case-studies/", "case-studies/page/2/", COUNT],
    ["themes/housing/", "themes/housing/page/2/", housing.length],
  ]) {
    const response = await page.goto(server.url(second + "index.html"));
    assert.equal(response.status(), 200, `${second} exists`);
    assert.equal(await page.locator("ul.cards > li.card").count(), 10, `${second} has a page of cards`);
    // Back to page 1 by "Previous" and by its number, both plain relative links.
    const previous = page.locator('.pager a[rel="prev"]');
    assert.equal(new URL(await previous.getAttribute("href"), page.url()).href, server.url(first + "index.html"));
    const one = page.locator(".pager li a", { hasText: /^\s*Page\s*1\s*$/ });
    assert.equal(await one.count(), 1, "a numbered link to page 1");
    assert.match(await page.locator(".pager a[aria-current=page]").innerText(), /2$/);
    const last = Math.ceil(total / 10);
    assert.equal(await page.locator(".pager li a", { hasText: new RegExp(`^\\s*Page\\s*${last}\\s*$`) }).count(), 1, "a link to the last page");
    await previous.click();
    assert.equal(page.url(), server.url(first + "index.html"));
    // Page 1 links forward to page 2, and shows the whole listing's count.
    const next = page.locator('.pager a[rel="next"]');
    assert.equal(new URL(await next.getAttribute("href"), page.url()).href, server.url(second + "index.html"));
    assert.match(await page.locator(".result-count").innerText(), new RegExp(`^${total} case studies`));
    // Each case study is on exactly one page of its listing.
    const titles = new Set();
    for (let n = 1; n <= last; n++) {
      await page.goto(server.url(n === 1 ? first + "index.html" : `${first}page/${n}/index.html`));
      for (const t of await page.locator("li.card .card-title").allInnerTexts()) titles.add(t);
    }
    assert.equal(titles.size, total, `${first}: every case study listed once`);
  }
  await context.close();
});

test("filtering by a theme counts every matching case study and pages through them", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(server.url("case-studies/page/2/index.html"));
  assert.equal(requests.filter((p) => p.includes("/cards/")).length, 0, "no filter data before a filter");
  await page.locator('.filter-group[data-filter="themes"] input[value="housing"]').check();
  const status = page.locator(".result-count");
  await assert.doesNotReject(
    page.waitForFunction(() => /match/.test(document.querySelector(".result-count").textContent)),
  );
  assert.match(await status.innerText(), new RegExp(`^${housing.length} of ${COUNT} case studies match`));
  // Counts of the other groups, given the theme: places among the Housing case studies.
  const wrexham = housing.filter((i) => i % 4 === 2).length;
  assert.match(
    await page.locator('.filter-group[data-filter="places"] label', { hasText: "Wrexham" }).textContent(),
    new RegExp(`\\(${wrexham}\\)`),
  );
  // Only the terms files and the card files of the cards shown were loaded.
  const loaded = requests.filter((p) => p.includes("/cards/")).map((p) => p.split("/").pop());
  assert.deepEqual(loaded.filter((p) => p.startsWith("terms-")), ["terms-0.js"]);
  assert.ok(loaded.filter((p) => p.startsWith("cards-")).length <= 2, `loaded ${loaded.join(", ")}`);
  // Every match, a page at a time, each shown once.
  const cards = page.locator("#case-study-cards > li.card");
  const pages = Math.ceil(housing.length / 10);
  const seen = new Set();
  for (let n = 1; n <= pages; n++) {
    assert.equal(await page.locator(".pager-filtered .pager-where").innerText(), `Page ${n} of ${pages}`);
    for (const themes of await cards.evaluateAll((els) => els.map((e) => e.dataset.themes))) {
      assert.ok(themes.split(" ").includes("housing"), `a Housing card: ${themes}`);
    }
    for (const t of await cards.locator(".card-title").allInnerTexts()) seen.add(t);
    if (n < pages) {
      await page.locator(".pager-filtered button", { hasText: "Next page" }).click();
      await page.waitForFunction((k) => document.querySelector(".pager-where").textContent.startsWith(`Page ${k} `), n + 1);
    }
  }
  assert.equal(seen.size, housing.length, "every Housing case study shown once");
  assert.deepEqual(
    [...seen].map((t) => +t.replace("Story ", "")).sort((a, b) => a - b),
    housing,
  );
  // The static pager is hidden while the matches have their own; clearing brings the page back.
  assert.equal(await page.locator(".results > nav.pager:not(.pager-filtered)").isHidden(), true);
  await page.locator("button.clear-filters").click();
  assert.match(await status.innerText(), new RegExp(`^${COUNT} case studies`));
  assert.equal(await cards.count(), 10);
  assert.equal(await page.locator(".results > nav.pager:not(.pager-filtered)").isVisible(), true);
  await context.close();
});

test("a card made from the filter data is the card the build made", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url("case-studies/index.html"));
  // Every element, its attributes sorted, and its text, whitespace between elements aside.
  const shape = (el) => {
    const walk = (node) =>
      node.nodeType === 3
        ? node.textContent.trim() ? node.textContent : ""
        : `<${node.tagName}${[...node.attributes].map((a) => ` ${a.name}="${a.value}"`).sort().join("")}>` +
          [...node.childNodes].map(walk).join("") + `</${node.tagName}>`;
    return walk(el);
  };
  const before = await page.locator("#case-study-cards > li.card").evaluateAll((els, f) => els.map(new Function(`return ${f}`)()), shape.toString());
  // The newest case study is Story 239 (Youth); a Youth filter lists it first, made by the script.
  await page.locator('.filter-group[data-filter="themes"] input[value="youth"]').check();
  await page.waitForFunction(() => /match/.test(document.querySelector(".result-count").textContent));
  const made = await page.locator("#case-study-cards > li.card").first().evaluate((el, f) => new Function(`return ${f}`)()(el), shape.toString());
  assert.match(made, /Story 239/);
  assert.equal(made, before[0]);
  await context.close();
});
