// Pins glossary links in a browser: on a case study, the first use of a glossary term is a link
// whose <abbr> carries the expansion or definition as its title, and following it from file://
// lands on the term's definition on the glossary page.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { fileUrl, launch } from "./support.mjs";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test("the first use of a glossary term links to its definition", async () => {
  const page = await browser.newPage();
  await page.goto(fileUrl("case-studies/youth-making-it-happen/index.html"));
  const links = await page.$$eval("main a.glossary-term", (as) =>
    as.map((a) => ({ href: a.getAttribute("href"), term: a.textContent, title: a.querySelector("abbr")?.title })),
  );
  assert.ok(links.length > 0, "the case study links at least one glossary term");
  const ids = links.map((l) => l.href.split("#")[1]);
  assert.equal(new Set(ids).size, ids.length, "each term is linked once per page");
  for (const l of links) {
    assert.match(l.href, /^\.\.\/\.\.\/glossary\/index\.html#[a-z0-9-]+$/);
    assert.ok(l.title && l.title.length > 3, `abbr for ${l.term} has a title`);
  }
  const first = links[0];
  await page.click(`main a.glossary-term[href="${first.href}"]`);
  await page.waitForURL(/glossary\/index\.html#/);
  const id = first.href.split("#")[1];
  const target = await page.$eval(`[id="${id}"]`, (el) => ({ tag: el.localName, text: el.textContent }));
  assert.equal(target.tag, "dt");
  assert.ok(target.text.toLowerCase().includes(first.term.toLowerCase()), `${target.text} defines ${first.term}`);
  await page.close();
});
