// Pins that every page prints without navigation chrome: under print-media emulation the site
// header and its navigation, the footer, breadcrumbs, skip link and every other <nav> are hidden,
// while the page's own content still shows. Saves two PDFs into CAIRN_ARTIFACTS for review.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { artifacts, fileUrl, htmlPages, launch, representativePages, serve } from "./support.mjs";

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

test("every page prints without navigation chrome", async () => {
  const context = await browser.newContext();
  const problems = [];
  const all = htmlPages();
  // Three tabs take the pages in turn: a page mostly waits for its files and its layout, so
  // three at once keep the browser busy without changing what each page shows.
  const queue = [...all];
  const tab = async () => {
    const page = await context.newPage();
    await page.emulateMedia({ media: "print" });
    for (let rel = queue.shift(); rel; rel = queue.shift()) {
      // The 404 page is made to be served by a host at any address (its <base> is the published
      // site's path), so it is printed as served.
      await page.goto(rel.endsWith("404.html") ? server.url(rel) : fileUrl(rel));
      const shown = await page.evaluate(() => {
        const rendered = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
        const chrome = [
          ...document.querySelectorAll(
            ".site-header, body > footer, .site-footer, .breadcrumbs, .skip-link, nav, .filters, .sort, button",
          ),
        ];
        return {
          chrome: chrome.filter(rendered).map((el) => `<${el.localName} class="${el.className}">`),
          main: !!document.querySelector("main") && rendered(document.querySelector("main")),
          h1: [...document.querySelectorAll("h1")].filter(rendered).length,
        };
      });
      if (shown.chrome.length) problems.push(`${rel} prints ${shown.chrome.join(", ")}`);
      if (!shown.main || shown.h1 !== 1) problems.push(`${rel} prints no main content with one h1`);
    }
  };
  await Promise.all([tab(), tab(), tab()]);
  await context.close();
  assert.ok(all.length > 10, "the site has pages");
  assert.deepEqual(problems.sort(), []);
});

test("a case study and a toolkit section print to PDF", async () => {
  mkdirSync(artifacts, { recursive: true });
  const context = await browser.newContext();
  const page = await context.newPage();
  const pages = representativePages();
  for (const name of ["case study", "toolkit section"]) {
    await page.goto(fileUrl(pages[name]));
    const pdf = await page.pdf({ path: path.join(artifacts, `print-${name.replace(/\W+/g, "-")}.pdf`), format: "A4" });
    assert.ok(pdf.length > 1000);
  }
  await context.close();
});
