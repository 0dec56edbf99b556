// Pins, on a generated library of 10,000 case studies (tests/testsuite/browser.rs builds it once
// with the benchmark's corpus generator and runs this script against it; not one of the
// *.test.mjs scripts run on the example library):
// - the default offline copy: the files sw.js precaches add up to at most 20 MB, and hold the
//   shell, the home, the search page and the search index's table of contents;
// - the query "participatory budgeting" over http loads at most 1 MB in all (every response of
//   the search page, counted), and its results are those of the whole, unsharded elasticlunr
//   index, in the same order: the first twenty shown, and their number;
// - a case study visited online, not in the precache, opens offline afterwards; the site said
//   once that it works offline, with the "Save the whole library" button showing its size.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { launch, readSite, serve, site } from "../support.mjs";

const MB = 1_000_000;
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

/** The PRECACHE list of the built sw.js. */
function precache() {
  const sw = readSite("sw.js");
  const at = sw.indexOf("const PRECACHE = ") + "const PRECACHE = ".length;
  return JSON.parse(sw.slice(at, sw.indexOf("];", at) + 1));
}

const size = (rel) => statSync(path.join(site, rel)).size;

test("the default offline copy of 10,000 case studies is at most 20 MB", () => {
  const list = precache();
  const bytes = list.reduce((sum, rel) => sum + size(rel), 0);
  console.log(`precache: ${list.length} files, ${(bytes / MB).toFixed(1)} MB`);
  assert.ok(bytes <= 20 * MB, `${bytes} bytes precached`);
  for (const rel of ["index.html", "search/index.html", "search/search-index.js", "offline/index.html", "manifest.webmanifest"]) {
    assert.ok(list.includes(rel), `${rel} is precached`);
  }
  assert.ok(list.some((rel) => /^static\/css\/.*\.css$/.test(rel)), "the stylesheet is precached");
  assert.match(readSite("sw.js"), /const MODE = "essentials";/);
});

/** The search's scripts run in a sandbox, as a browser would: the table of contents and parts. */
function sandbox() {
  const context = {};
  context.window = context;
  vm.createContext(context);
  const run = (rel) => vm.runInContext(readFileSync(path.join(site, rel), "utf8"), context);
  run("static/js/elasticlunr.min.js");
  run("search/search-index.js");
  for (const dir of ["search/shards", "search/docs"]) {
    for (const name of readdirSync(path.join(site, dir))) run(`${dir}/${name}`);
  }
  return context;
}

/**
 * The whole index as one, searched as search-ui.js did before it was sharded: every term of
 * every field in one elasticlunr trie, every document's field lengths. The reference ranking.
 */
function wholeIndexSearch(query) {
  const w = sandbox();
  const head = w.CAIRN_SEARCH_INDEX;
  const fields = head.fields.map((f) => f[0]);
  const config = { fields: {}, bool: "OR", expand: true };
  head.fields.forEach((f) => (config.fields[f[0]] = { boost: f[1] }));
  const docs = [];
  const chunks = Object.keys(w.CAIRN_SEARCH_PARTS).filter((k) => k.startsWith("search/docs/"));
  chunks.forEach((k) => w.CAIRN_SEARCH_PARTS[k].forEach((row, j) => (docs[+k.match(/d(\d+)\.js/)[1] * head.chunk + j] = row)));
  const lengths = docs.map(() => fields.map(() => 0));
  const shards = head.shards.map((_, n) => w.CAIRN_SEARCH_PARTS[`search/shards/t${n}.js`]);
  const index = {};
  fields.forEach((field, k) => {
    // The field's terms as one object, in sorted order, as the unsharded index's JSON was.
    const all = {};
    const names = [];
    shards.forEach((shard) => Object.keys(shard[k]).forEach((token) => names.push(token)));
    names.sort();
    for (const token of names) {
      const list = shards.find((s) => token in s[k])[k][token];
      const pairs = [];
      let ref = 0;
      for (let j = 0; j < list.length; j += 3) {
        ref += list[j];
        pairs.push(ref, list[j + 1]);
        lengths[ref][k] = list[j + 2];
      }
      all[token] = pairs;
    }
    const trie = { docs: {}, df: 0 };
    for (const token in all) {
      let node = trie;
      for (const c of token) node = node[c] || (node[c] = { docs: {}, df: 0 });
      const postings = all[token];
      for (let j = 0; j < postings.length; j += 2) node.docs[postings[j]] = { tf: Math.sqrt(postings[j + 1]) };
      node.df = postings.length / 2;
    }
    index[field] = { root: trie };
  });
  const store = { docs: {}, docInfo: {}, length: docs.length, save: false };
  docs.forEach((_, i) => {
    store.docs[i] = null;
    store.docInfo[i] = {};
    fields.forEach((f, k) => (store.docInfo[i][f] = lengths[i][k]));
  });
  const el = w.elasticlunr;
  const idx = el.Index.load({
    version: el.version,
    fields,
    ref: "id",
    pipeline: head.lang === "en" ? ["trimmer", "stopWordFilter", "stemmer"] : [],
    documentStore: store,
    index,
  });
  const wordChar = /[\p{Alphabetic}\p{N}-]/u;
  let folded = "";
  for (let ch of String(query).toLowerCase()) {
    ch = head.fold[ch] || ch;
    folded += wordChar.test(ch) ? ch : " ";
  }
  return idx
    .search(folded, config)
    .map((r, i) => ({ doc: docs[+r.ref], score: r.score * (head.weights[docs[+r.ref][2]] || 1), rank: i }))
    .sort((a, b) => b.score - a.score || a.rank - b.rank);
}

test("participatory budgeting loads at most 1 MB, with the results of the whole index in its order", async () => {
  const started = Date.now();
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies = [];
  page.on("response", (r) => bodies.push(r.body().then((b) => ({ url: r.url(), bytes: b.length }), () => ({ url: r.url(), bytes: 0 }))));
  await page.goto(server.url("search/index.html?q=participatory%20budgeting"));
  await page.waitForFunction(() => /result/.test(document.getElementById("search-status").textContent), null, { timeout: 60000 });
  await page.waitForSelector("#search-results > li");
  await page.waitForLoadState("networkidle");
  const loaded = await Promise.all(bodies);
  const total = loaded.reduce((sum, r) => sum + r.bytes, 0);
  const search = loaded.filter((r) => /\/search\/(search-index|shards|docs|facets)|elasticlunr|search-ui/.test(r.url));
  const searchBytes = search.reduce((sum, r) => sum + r.bytes, 0);
  console.log(
    `participatory budgeting: ${loaded.length} responses, ${(total / 1000).toFixed(0)} KB in all, ` +
      `${(searchBytes / 1000).toFixed(0)} KB of them search (${search.length} files), in ${Date.now() - started} ms`,
  );
  assert.ok(total <= MB, `${total} bytes loaded:\n${loaded.map((r) => `${r.bytes} ${r.url}`).join("\n")}`);
  assert.ok(!loaded.some((r) => r.url.includes("search/facets.js")), "no facets without a filter");

  const shown = await page.$$eval("#search-results > li h2 a", (links) => links.map((a) => new URL(a.href).pathname));
  const status = await page.locator("#search-status").innerText();
  const reference = wholeIndexSearch("participatory budgeting");
  const expected = Array.from(reference.slice(0, shown.length), (r) => server.base + r.doc[1]);
  assert.equal(shown.length, Math.min(20, reference.length), "the first page of results");
  assert.equal(shown[0], expected[0], "the same top result as the whole index");
  assert.deepEqual(shown, expected, "the same results in the same order");
  assert.match(status, new RegExp(`^${reference.length} results? for`), status);
  console.log(`top result: ${reference[0].doc[0]}`);

  // The next twenty load only their own result files.
  const before = bodies.length;
  await page.click(".search-more button");
  await page.waitForFunction(() => document.querySelectorAll("#search-results > li").length === 40);
  const next = await page.$$eval("#search-results > li h2 a", (links) => links.map((a) => new URL(a.href).pathname));
  assert.deepEqual(next, Array.from(reference.slice(0, 40), (r) => server.base + r.doc[1]));
  const more = (await Promise.all(bodies.slice(before))).filter((r) => r.url.includes("/search/"));
  assert.ok(more.every((r) => r.url.includes("/search/docs/")), JSON.stringify(more));
  await context.close();
});

test("a case study read online opens offline afterwards; the site said so once, with the size", async () => {
  const listed = new Set(precache());
  const caseStudy = readdirSync(path.join(site, "case-studies"))
    .sort()
    .map((name) => `case-studies/${name}/index.html`)
    .find((rel) => !listed.has(rel) && statSync(path.join(site, rel), { throwIfNoEntry: false }));
  assert.ok(caseStudy, "a case study left out of the precache");
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url("index.html"));
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120000 });
  // The notice: once, with how much is saved and the whole library's size on its button.
  await page.waitForSelector("#offline-notice", { timeout: 30000 });
  const notice = await page.locator("#offline-notice").innerText();
  assert.match(notice, /works offline: [\d.,]+ MB is saved/);
  const button = await page.locator("#offline-save-all").innerText();
  assert.match(button, /^Save the whole library for offline use \([\d.,]+ MB\)$/);
  await page.goto(server.url("index.html"));
  await page.waitForLoadState("networkidle");
  assert.equal(await page.locator("#offline-notice").count(), 0, "told only once");

  await page.goto(server.url(caseStudy));
  const title = await page.locator("h1").first().innerText();
  await context.setOffline(true);
  try {
    const offline = await context.newPage();
    await offline.goto(server.url(caseStudy));
    assert.equal(await offline.locator("h1").first().innerText(), title);
    assert.notEqual(title, "You are offline");
  } finally {
    await context.close();
  }
});
