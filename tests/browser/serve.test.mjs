// Pins `cairn serve` in Chromium, on a small library written by the test and served by the
// real binary on a free port of 127.0.0.1:
// - a stylesheet change is swapped in without reloading the page (a value kept on `window`
//   survives, and the new colour applies);
// - a case study's new title reloads the page by itself and shows;
// - a broken save shows the error overlay naming file:line, and the next good save removes it.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launch } from "./support.mjs";

const bin = process.env.CAIRN_BIN;
const tmp = mkdtempSync(path.join(tmpdir(), "cairn-serve-"));
const CASE = "content/case-studies/a-story.md";

function write(rel, text) {
  const file = path.join(tmp, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function caseStudy(title, extra = "") {
  return `---
title: "${title}"
summary: "Something worked."
date: 2021-03
place: "Oldham"
themes: ["youth"]
engagement_level: empower
fields_of_practice: [co-design]
licence: "CC BY 4.0"
${extra}---

## What happened

People decided together.
`;
}

let server;
let base;
let browser;

before(async () => {
  assert.ok(bin, "CAIRN_BIN must name the cairn binary (tests/browser.rs sets it)");
  write(
    "site.toml",
    'title = "Serve Library"\ndescription = "A fixture."\nbase_url = "https://example.org/"\n\n[taxonomies.themes]\nterms = ["youth"]\n',
  );
  write(CASE, caseStudy("A first story"));
  // The library's own static/css/site.css replaces the theme's, as a library may do.
  write("static/css/site.css", "body { background-color: rgb(255, 0, 0); }\n");
  server = spawn(bin, ["serve", "--root", tmp, "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  base = await new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${log}`)), 60000);
    server.stderr.on("data", (chunk) => {
      log += chunk;
      const m = log.match(/Serving (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.on("exit", (code) => reject(new Error(`serve exited (${code}):\n${log}`)));
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  rmSync(tmp, { recursive: true, force: true });
});

test("CSS swaps without a reload, edits reload, errors show and clear", async () => {
  const page = await browser.newPage();
  await page.goto(`${base}case-studies/a-story/`);
  await page.waitForFunction(() => window.EventSource && document.querySelector("[data-cairn-live-reload]"));
  // Give the EventSource time to connect before saving.
  await page.waitForTimeout(300);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(await background(), "rgb(255, 0, 0)");

  await page.evaluate(() => {
    window.cairnKept = "kept";
  });
  write("static/css/site.css", "body { background-color: rgb(0, 128, 0); }\n");
  await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === "rgb(0, 128, 0)", null, {
    timeout: 20000,
  });
  assert.equal(await page.evaluate(() => window.cairnKept), "kept", "the page was reloaded for a CSS change");

  write(CASE, caseStudy("A renamed story"));
  await page.waitForFunction(() => document.querySelector("h1")?.textContent.includes("A renamed story"), null, {
    timeout: 20000,
  });
  assert.equal(await page.evaluate(() => window.cairnKept), undefined, "the page did not reload");

  write(CASE, caseStudy("A renamed story", 'plase: "Oldham"\n'));
  await page.waitForSelector("#cairn-errors", { timeout: 20000 });
  const overlay = await page.textContent("#cairn-errors");
  assert.match(overlay, /content\/case-studies\/a-story\.md:\d+/);
  assert.match(overlay, /plase/);

  write(CASE, caseStudy("A fixed story"));
  await page.waitForFunction(
    () => !document.querySelector("#cairn-errors") && document.querySelector("h1")?.textContent.includes("A fixed story"),
    null,
    { timeout: 20000 },
  );
  await page.close();
});
