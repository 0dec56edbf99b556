// Pins the example library's languages in Chromium: the Urdu form is right-to-left, mirrored,
// passes axe-core, totals correctly and prints on one A4 page; Welsh search finds the Welsh case
// study; the language switcher leads to the page in the other language; untranslated pages pass
// axe-core with their notice.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { artifacts, axe, describeViolations, fileUrl, launch, serve } from "./support.mjs";

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

const URDU_FORM = "ur/forms/assessing-progress/index.html";

/** Pages of a PDF: `/Type /Page` objects, not the `/Pages` tree. */
function pdfPages(bytes) {
  return (bytes.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
}

async function tickAll(page, code) {
  for (const radio of await page.locator(`#scoring-form input[type=radio][value="${code}"]`).all()) {
    await radio.check();
  }
}

async function total(page) {
  return (await page.locator("output#total").textContent()).trim();
}

test("the Urdu form is right-to-left and mirrored", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url(URDU_FORM));
  const layout = await page.evaluate(() => {
    const box = (s) => document.querySelector(s).getBoundingClientRect();
    // The box of an element's text, not of the element (a heading spans the whole width).
    const text = (s) => {
      const r = document.createRange();
      r.selectNodeContents(document.querySelector(s));
      return r.getBoundingClientRect();
    };
    const main = box("main");
    return {
      lang: document.documentElement.lang,
      dir: document.documentElement.dir,
      direction: getComputedStyle(document.querySelector("main")).direction,
      // Mirrored: the title starts at the right, the site name is right of the navigation.
      h1Right: Math.round(main.right - text("h1").right),
      h1Left: Math.round(text("h1").left - main.left),
      titleRight: box(".site-title").right,
      navRight: box(".site-nav").right,
      legendRight: Math.round(main.right - text(".form-item legend").right),
      switcher: [...document.querySelectorAll(".language-switcher a")].map((a) => a.textContent),
    };
  });
  await context.close();
  assert.equal(layout.lang, "ur");
  assert.equal(layout.dir, "rtl");
  assert.equal(layout.direction, "rtl");
  assert.ok(layout.h1Right < 40, `h1 is ${layout.h1Right}px from the right of main`);
  assert.ok(layout.h1Left > layout.h1Right, "h1 is not aligned right");
  assert.ok(layout.titleRight > layout.navRight, "header is not mirrored");
  assert.ok(layout.legendRight < 60, `form items start ${layout.legendRight}px from the right`);
  assert.deepEqual(layout.switcher, ["English", "Cymraeg"]);
});

test("right-to-left text mirrors the key-facts panel and the breadcrumbs", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // The Urdu page of an untranslated case study: its English text is marked ltr. Mark it rtl,
  // as an Urdu translation would be, and check the theme mirrors.
  await page.goto(server.url("ur/case-studies/develop-glodwick/index.html"));
  const sides = await page.evaluate(() => {
    const wrapper = document.querySelector("main > div[lang]");
    const before = getComputedStyle(document.querySelector(".key-facts")).borderLeftWidth;
    wrapper.setAttribute("dir", "rtl");
    const kf = getComputedStyle(document.querySelector(".key-facts"));
    const crumbs = document.querySelectorAll(".breadcrumbs li");
    return {
      before,
      left: kf.borderLeftWidth,
      right: kf.borderRightWidth,
      // Breadcrumbs run right to left: the first (home) is right of the second.
      crumbs: crumbs[0].getBoundingClientRect().left > crumbs[1].getBoundingClientRect().left,
      separator: getComputedStyle(crumbs[1], "::before").content,
    };
  });
  await context.close();
  assert.notEqual(sides.before, "0px", "ltr key facts have their bar on the left");
  assert.equal(sides.left, "0px");
  assert.notEqual(sides.right, "0px", "rtl key facts have their bar on the right");
  assert.ok(sides.crumbs, "breadcrumbs are not mirrored");
  assert.equal(sides.separator, '"‹"');
});

for (const scheme of ["light", "dark"]) {
  test(`the Urdu form passes axe-core (${scheme}), blank and filled in`, async () => {
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(server.url(URDU_FORM));
    let violations = await axe(page);
    assert.equal(violations.length, 0, `axe found:\n${describeViolations(violations)}`);
    await tickAll(page, "NI");
    violations = await axe(page);
    await context.close();
    assert.equal(violations.length, 0, `axe found after filling in:\n${describeViolations(violations)}`);
  });
}

test("the Urdu form totals correctly", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(fileUrl(URDU_FORM));
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  assert.equal(await total(page), "–");
  await tickAll(page, "Y");
  assert.equal(await total(page), "21");
  await tickAll(page, "N");
  assert.equal(await total(page), "7");
  // Two Yes, two Needs improvement, three No: 6 + 4 + 3.
  const items = await page.locator("fieldset.form-item").all();
  const codes = ["Y", "Y", "NI", "NI", "N", "N", "N"];
  for (const [i, item] of items.entries()) await item.locator(`input[value="${codes[i]}"]`).check();
  assert.equal(await total(page), "13");
  const band = (await page.locator("#band").textContent()).trim();
  assert.match(band, /کچھ کام باقی ہے/, `band: ${band}`);
  await page.locator("button[data-action=clear]").click();
  assert.equal(await total(page), "–");
  assert.equal((await page.locator("#form-status").textContent()).trim(), "آپ کے جوابات مٹا دیے گئے۔");
  await context.close();
});

test("the Urdu form prints on one A4 page, blank and filled", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(fileUrl(URDU_FORM));
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.emulateMedia({ media: "print" });
  const rtl = await page.evaluate(() => getComputedStyle(document.querySelector(".paper-table")).direction);
  assert.equal(rtl, "rtl", "the paper copy is not right-to-left");
  const blank = await page.pdf({ path: path.join(artifacts, "form-urdu-blank.pdf"), format: "A4", printBackground: true });
  assert.equal(pdfPages(blank), 1, "blank copy");
  await page.emulateMedia({ media: "screen" });
  await tickAll(page, "Y");
  await page.locator("#comment-comments").fill("اگلے اجلاس میں وقت پر شروع کریں۔\nایجنڈا پہلے بھیجیں۔");
  await page.emulateMedia({ media: "print" });
  const filled = await page.pdf({ path: path.join(artifacts, "form-urdu-filled.pdf"), format: "A4", printBackground: true });
  assert.equal(pdfPages(filled), 1, "filled copy");
  await context.close();
});

test("searching in Welsh finds the Welsh case study", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // "arweinwyr" (leaders) is only in the Welsh translation of the Glodwick case study.
  await page.goto(`${fileUrl("cy/search/index.html")}?q=arweinwyr`);
  await page.waitForFunction(() => /\d/.test(document.getElementById("search-status").textContent));
  const hrefs = await page.$$eval("#search-results > li h2 a", (as) => as.map((a) => a.href));
  assert.ok(
    hrefs.some((h) => h.endsWith("/cy/case-studies/develop-glodwick/index.html")),
    `results: ${hrefs.join(", ")}`,
  );
  // The search messages are in Welsh too.
  const status = await page.locator("#search-status").textContent();
  assert.match(status, /canlyniad.* ar gyfer “\u2068?arweinwyr\u2069?”/, status);
  assert.equal(await page.locator(".search-kind").first().textContent(), "Astudiaeth achos");
  // The English search page searches the English index, which does not hold the Welsh words.
  await page.goto(`${fileUrl("search/index.html")}?q=arweinwyr`);
  await page.waitForFunction(() => /\./.test(document.getElementById("search-status").textContent));
  assert.equal(await page.locator("#search-results > li").count(), 0);
  await context.close();
});

test("the switcher leads to the page in another language", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(fileUrl("case-studies/develop-glodwick/index.html"));
  await page.locator(".language-switcher a", { hasText: "Cymraeg" }).click();
  await page.waitForLoadState();
  assert.ok(page.url().endsWith("/cy/case-studies/develop-glodwick/index.html"), page.url());
  assert.equal(await page.evaluate(() => document.documentElement.lang), "cy");
  assert.equal((await page.locator("#key-facts").textContent()).trim(), "Ffeithiau allweddol");
  await page.locator(".language-switcher a", { hasText: "English" }).click();
  await page.waitForLoadState();
  assert.ok(page.url().endsWith("/case-studies/develop-glodwick/index.html") && !page.url().includes("/cy/"));
  await context.close();
});

for (const rel of ["cy/case-studies/develop-glodwick/index.html", "cy/about/index.html", "ur/index.html", "cy/search/index.html"]) {
  test(`axe-core finds nothing on ${rel}`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(server.url(rel));
    assert.equal(response.status(), 200);
    const violations = await axe(page);
    await context.close();
    assert.equal(violations.length, 0, `axe found on ${rel}:\n${describeViolations(violations)}`);
  });
}
