// Pins the offline copy and the printable toolkit in Chromium, against a copy of the example
// library built by the test and served over http by a tiny server of its own:
// - after one visit, with the network emulated offline and the server stopped, a case study, a
//   toolkit section, search results and a form all work, and an unsaved page shows the offline
//   page with working links;
// - a rebuild with a changed case study is taken on reload: the new text shows and exactly one
//   cache (the new version's) remains;
// - toolkit/print/ holds every toolkit section in order, its button opens the print dialogue,
//   and it prints to a PDF of several pages whose outline names every section;
// - the `--zip` copy, unzipped and opened from disk, registers no worker and its search and
//   forms work.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { inflateRawSync } from "node:zlib";
import { artifacts, axe, describeViolations, launch } from "./support.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const bin = process.env.CAIRN_BIN;
const tmp = mkdtempSync(path.join(tmpdir(), "cairn-offline-"));
const library = path.join(tmp, "library");
const site = path.join(tmp, "site");
const FORM = "forms/assessing-progress/index.html";
const CHANGED = "A sentence that only the second build has.";

let browser;
let server;

/** The library, copied so the test can change a case study. */
function copyLibrary() {
  for (const name of ["site.toml", "content", "static", "templates", "themes"]) {
    const from = path.join(repo, name);
    if (existsSync(from)) cpSync(from, path.join(library, name), { recursive: true });
  }
}

function build(...extra) {
  execFileSync(bin, ["build", "--root", library, "--output", site, ...extra], { stdio: "pipe" });
}

/** A static server for the built site that can be stopped and started again on its port. */
function staticServer() {
  const types = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".xml": "application/xml",
  };
  let http;
  let port = 0;
  const handler = (req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(site, path.normalize(rel));
    if (file.startsWith(site + path.sep) && existsSync(file) && statSync(file).isFile()) {
      res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream", "cache-control": "no-cache" });
      res.end(readFileSync(file));
    } else {
      res.writeHead(404, { "content-type": types[".html"] });
      res.end(readFileSync(path.join(site, "404.html")));
    }
  };
  return {
    url: (rel = "") => `http://127.0.0.1:${port}/${rel}`,
    async start() {
      http = createServer(handler);
      await new Promise((resolve) => http.listen(port, "127.0.0.1", resolve));
      port = http.address().port;
    },
    async stop() {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

/** The first sub-folder (sorted) of a built folder that holds an index.html. */
function firstPage(rel) {
  const name = readdirSync(path.join(site, rel))
    .sort()
    .find((n) => n !== "print" && existsSync(path.join(site, rel, n, "index.html")));
  return `${rel}/${name}/index.html`;
}

/** A toolkit section below a part (a part without sections if there is none). */
function toolkitSection() {
  const parts = readdirSync(path.join(site, "toolkit"))
    .sort()
    .filter((n) => n !== "print" && existsSync(path.join(site, "toolkit", n, "index.html")));
  for (const part of parts) {
    const dir = path.join(site, "toolkit", part);
    const child = readdirSync(dir).sort().find((n) => existsSync(path.join(dir, n, "index.html")));
    if (child) return `toolkit/${part}/${child}/index.html`;
  }
  return `toolkit/${parts[0]}/index.html`;
}

/** The text of a built page's <h1>. */
function h1(rel) {
  const m = readFileSync(path.join(site, rel), "utf8").match(/<h1[^>]*>([\s\S]*?)<\/h1>/);
  return m[1].replace(/<[^>]+>/g, "").replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
}

function version() {
  return readFileSync(path.join(site, "sw.js"), "utf8").match(/const VERSION = "([0-9a-f]+)"/)[1];
}

/** Opens the home page and waits until the service worker controls it. */
async function firstVisit(context) {
  const page = await context.newPage();
  await page.goto(server.url("index.html"));
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
  return page;
}

async function text(page, selector) {
  return (await page.locator(selector).first().innerText()).replace(/\s+/g, " ").trim();
}

before(async () => {
  assert.ok(bin, "CAIRN_BIN names the cairn binary (tests/browser.rs sets it)");
  copyLibrary();
  build("--zip");
  browser = await launch();
  server = staticServer();
  await server.start();
});

after(async () => {
  await server?.stop().catch(() => {});
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

test("after one visit, a case study, a toolkit section, search and a form work offline", async () => {
  const context = await browser.newContext();
  await firstVisit(context);
  const page = await context.newPage();
  await context.setOffline(true);
  await server.stop();
  try {
    const caseStudy = firstPage("case-studies");
    await page.goto(server.url(caseStudy));
    assert.equal(await text(page, "h1"), h1(caseStudy));

    const section = toolkitSection();
    await page.goto(server.url(section));
    assert.equal(await text(page, "h1"), h1(section));

    await page.goto(server.url("search/index.html?q=participatory%20budgeting"));
    await page.waitForSelector("#search-results > li", { timeout: 15000 });
    assert.match(await text(page, "#search-status"), /^\d+ results? for/);

    await page.goto(server.url(FORM));
    assert.equal(await text(page, "output#total"), "–");
    const radios = await page.locator('#scoring-form input[type=radio][value="Y"]').all();
    assert.ok(radios.length > 0, "the form has statements");
    for (const radio of radios) await radio.check();
    assert.match(await text(page, "output#total"), /^[1-9]\d*$/, "the total is counted offline");

    // A page that was never saved: the offline page, whose links still lead home.
    await page.goto(server.url("no-such-page/index.html"));
    assert.equal(await text(page, "h1"), "You are offline");
    const violations = await axe(page);
    assert.deepEqual(violations, [], describeViolations(violations));
    const home = await page.locator("main a", { hasText: "home page" }).getAttribute("href");
    assert.equal(new URL(home, await page.evaluate(() => document.baseURI)).href, server.url("index.html"));
    await page.locator("main a", { hasText: "home page" }).click();
    await page.waitForURL(server.url("index.html"));
    assert.equal(await text(page, "h1"), h1("index.html"));
  } finally {
    await server.start();
    await context.close();
  }
});

test("a new build replaces the saved copy: the new text shows and one cache remains", async (t) => {
  const context = await browser.newContext();
  const page = await firstVisit(context);
  const oldVersion = version();
  const cacheNames = () => page.evaluate(() => caches.keys());
  const first = await cacheNames();
  assert.equal(first.length, 1, `one cache after the first visit: ${first.join(", ")}`);
  assert.ok(first[0].endsWith(":" + oldVersion), first[0]);
  // The first visit saved every file of the precache list.
  const sw = readFileSync(path.join(site, "sw.js"), "utf8");
  const listed = JSON.parse(sw.slice(sw.indexOf("const PRECACHE = ") + 17, sw.indexOf("];") + 1));
  const saved = await page.evaluate((name) => caches.open(name).then((c) => c.keys()).then((k) => k.map((r) => r.url)), first[0]);
  assert.deepEqual(saved.sort(), listed.map((p) => new URL(p, server.url()).href).sort());
  t.diagnostic(`first visit saved ${saved.length} files`);

  // Offline, the case study changes and the library is rebuilt; then back online.
  await context.setOffline(true);
  await server.stop();
  const caseStudy = firstPage("case-studies");
  const source = path.join(library, "content/case-studies", caseStudy.split("/")[1] + ".md");
  writeFileSync(source, readFileSync(source, "utf8") + `\n${CHANGED}\n`);
  build();
  const newVersion = version();
  assert.notEqual(newVersion, oldVersion);
  await server.start();
  await context.setOffline(false);

  await page.goto(server.url(caseStudy));
  // The worker finds the new build, installs it and says so; the reader reloads.
  const reload = page.locator("#update-notice button");
  await reload.waitFor({ timeout: 30000 });
  await Promise.all([page.waitForEvent("load"), reload.click()]);
  assert.ok((await page.locator("main").innerText()).includes(CHANGED), "the new text shows");
  const left = await cacheNames();
  assert.equal(left.length, 1, `exactly one cache: ${left.join(", ")}`);
  assert.ok(left[0].endsWith(":" + newVersion), `the new version's cache: ${left[0]}`);

  // And the new copy is what is served offline.
  await context.setOffline(true);
  await page.goto(server.url(caseStudy));
  assert.ok((await page.locator("main").innerText()).includes(CHANGED));
  await context.setOffline(false);
  await context.close();
});

/** Page objects of a PDF (`/Type /Page`, not the `/Pages` tree). */
function pdfPages(bytes) {
  return (bytes.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
}

/** The titles of a PDF's outline (bookmarks), as literal or UTF-16 hex strings. */
function pdfOutline(bytes) {
  const raw = bytes.toString("latin1");
  const titles = [];
  for (const m of raw.matchAll(/\/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)/g)) {
    const s = m[1];
    if (s.startsWith("(")) {
      titles.push(s.slice(1, -1).replace(/\\(.)/g, "$1"));
    } else {
      const hex = s.slice(1, -1).replace(/\s+/g, "");
      const buf = Buffer.from(hex, "hex");
      if (buf[0] === 0xfe && buf[1] === 0xff) {
        let out = "";
        for (let i = 2; i + 1 < buf.length; i += 2) out += String.fromCharCode(buf.readUInt16BE(i));
        titles.push(out);
      } else titles.push(buf.toString("latin1"));
    }
  }
  return titles.map((t) => t.replace(/\s+/g, " ").trim());
}

test("toolkit/print/ holds every section in order and prints to a PDF", async (t) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // The toolkit's own navigation lists every section in reading order.
  await page.goto(server.url("toolkit/index.html"));
  const expected = await page.$$eval(".toolkit-nav li a", (as) => as.map((a) => a.textContent.replace(/\s+/g, " ").trim()));
  assert.ok(expected.length > 3, "the toolkit has sections");
  await page.locator("a", { hasText: "Print the toolkit" }).click();
  await page.waitForURL(server.url("toolkit/print/index.html"));
  const titles = await page.$$eval(".print-section .print-title", (hs) => hs.map((h) => h.textContent.replace(/\s+/g, " ").trim()));
  assert.deepEqual(titles, expected);
  const contents = await page.$$eval(".print-contents li a", (as) => as.map((a) => a.textContent.replace(/\s+/g, " ").trim()));
  assert.deepEqual(contents, expected);
  const violations = await axe(page);
  assert.deepEqual(violations, [], describeViolations(violations));

  // The button opens the print dialogue.
  await page.evaluate(() => {
    window.printed = 0;
    window.print = () => window.printed++;
  });
  await page.getByRole("button", { name: "Print the toolkit" }).click();
  assert.equal(await page.evaluate(() => window.printed), 1);

  mkdirSync(artifacts, { recursive: true });
  const pdf = await page.pdf({ path: path.join(artifacts, "toolkit-print.pdf"), format: "A4", outline: true, tagged: true });
  const parts = await page.$$eval(".print-section.depth-0, .print-section.depth-1", (s) => s.length);
  const pages = pdfPages(pdf);
  // Each part starts on a new page after the contents page, and long parts run on.
  assert.ok(pages >= parts + 1, `${pages} PDF pages for ${parts} parts`);
  t.diagnostic(`toolkit PDF: ${pages} A4 pages, ${expected.length} sections, ${pdf.length} bytes`);
  const outline = pdfOutline(pdf);
  for (const title of expected) {
    assert.ok(outline.some((o) => o === title), `"${title}" is in the PDF outline: ${JSON.stringify(outline)}`);
  }
  await context.close();
});

test("principles/print/ lists every principle of every set", async () => {
  const page = await browser.newPage();
  await page.goto(server.url("principles/index.html"));
  const expected = await page.$$eval(".principle-set-summary li a", (as) => as.map((a) => a.textContent.trim()));
  await page.locator("a", { hasText: "Print all principles" }).click();
  const names = await page.$$eval(".print-section h3.print-title", (hs) => hs.map((h) => h.textContent.replace(/^\s*[\d.]+\s*/, "").trim()));
  assert.deepEqual(names, expected);
  const pdf = await page.pdf({ format: "A4" });
  assert.ok(pdfPages(pdf) >= 1);
  await page.close();
});

/** Unzips a zip file (stored or deflated entries) into `dest`. */
function unzip(file, dest) {
  const zip = readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + size);
    const out = path.join(dest, name);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, method === 8 ? inflateRawSync(data) : data);
    at += 46 + nameLength + extra + comment;
  }
}

test("the --zip copy opened from disk skips the worker silently; search and forms work", async () => {
  const unzipped = path.join(tmp, "unzipped");
  unzip(`${site}.zip`, unzipped);
  const [folder] = readdirSync(unzipped);
  const copy = path.join(unzipped, folder);
  const fileUrl = (rel) => pathToFileURL(path.join(copy, rel)).href;
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(fileUrl("index.html"));
  assert.equal(await page.evaluate(() => !!navigator.serviceWorker?.controller), false);
  await page.goto(fileUrl("search/index.html") + "?q=participatory%20budgeting");
  await page.waitForSelector("#search-results > li", { timeout: 15000 });
  await page.goto(fileUrl(FORM));
  for (const radio of await page.locator('#scoring-form input[type=radio][value="Y"]').all()) await radio.check();
  assert.match(await text(page, "output#total"), /^[1-9]\d*$/);
  assert.deepEqual(problems.filter((p) => /service ?worker|sw\.js/i.test(p)), []);
  await page.close();
});
