// Pins that axe-core (WCAG 2.2 A/AA and best practices) finds no violations on each kind of page
// the issue names, in the light and the dark colour scheme (the dark one for the rules that
// depend on colours), and on the library with filters set;
// issue 25's page types too (search, collate, glossary, data, a plain page, the engagement
// levels, Welsh and Urdu pages).
// Set CAIRN_AXE_ALL=1 to check every page of the site as well (slow).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { axe, describeViolations, htmlPages, launch, representativePages, serve } from "./support.mjs";

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

const pages = {
  ...representativePages(),
  "library, filtered": "case-studies/index.html?themes=health-inequalities&engagement-levels=empower",
  "library, filtered to nothing": "case-studies/index.html?themes=health-inequalities&engagement-levels=inform",
  "library, narrow screen": "case-studies/index.html",
  "form, radar chart": "forms/partnership-self-assessment/index.html",
  "form, collate page": "forms/assessing-progress/collate/index.html",
  search: "search/index.html?q=community",
  glossary: "glossary/index.html",
  data: "data/index.html",
  "plain page": "about/index.html",
  "engagement levels": "engagement-levels/index.html",
  "Welsh library, filtered": "cy/case-studies/index.html?places=oldham",
  "Urdu home": "ur/index.html",
  "Urdu collate page": "ur/forms/assessing-progress/collate/index.html",
};

// Each page is loaded once: every rule in the light scheme, then, switched to the dark scheme,
// the rules that depend on colours (support.mjs: COLOUR_RULES); the rest cannot change with it.
describe("light and dark colour schemes", () => {
  for (const [name, rel] of Object.entries(pages)) {
    test(`${name}: ${rel}`, async () => {
      const narrow = name.includes("narrow");
      const context = await browser.newContext({
        colorScheme: "light",
        viewport: narrow ? { width: 360, height: 800 } : { width: 1280, height: 900 },
      });
      const page = await context.newPage();
      const response = await page.goto(server.url(rel));
      assert.equal(response.status(), 200);
      const light = await axe(page);
      await page.emulateMedia({ colorScheme: "dark" });
      assert.ok(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), "the page is dark");
      const dark = await axe(page, { coloursOnly: true });
      await context.close();
      assert.equal(light.length, 0, `axe found on ${rel} (light):\n${describeViolations(light)}`);
      assert.equal(dark.length, 0, `axe found on ${rel} (dark):\n${describeViolations(dark)}`);
    });
  }
});

test("every page", { skip: process.env.CAIRN_AXE_ALL ? false : "set CAIRN_AXE_ALL=1 to run" }, async () => {
  const problems = [];
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    for (const rel of htmlPages()) {
      await page.goto(server.url(rel));
      const violations = await axe(page);
      if (violations.length) problems.push(`${rel} (${scheme}):\n${describeViolations(violations)}`);
    }
    await context.close();
  }
  assert.deepEqual(problems, []);
});

// Pins the skip link: the first Tab shows it, Enter moves focus to <main> without restyling it.
test("the skip link is the first stop and lands on main", async () => {
  const context = await browser.newContext({ viewport: { width: 768, height: 800 } });
  const page = await context.newPage();
  await page.goto(server.url(representativePages()["case study"]));
  await page.keyboard.press("Tab");
  const skip = await page.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return { cls: el.className, left: box.left, top: box.top };
  });
  assert.equal(skip.cls, "skip-link");
  assert.ok(skip.left >= 0 && skip.top >= 0, "the focused skip link is on screen");
  await page.keyboard.press("Enter");
  const main = await page.evaluate(() => ({
    id: document.activeElement.id,
    background: getComputedStyle(document.activeElement).backgroundColor,
  }));
  await context.close();
  assert.equal(main.id, "main");
  assert.equal(main.background, "rgba(0, 0, 0, 0)", "focusing main leaves its colours alone");
});
