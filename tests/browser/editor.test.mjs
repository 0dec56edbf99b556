// Pins the web editor (admin/, src/editor/) in Chromium, on a small library written by the test,
// built with the real binary and served on 127.0.0.1:
// - the admin page runs the pinned CMS (the browser checks its integrity hash) with no error or
//   warning about its configuration, in a browser set to British English, and nothing leaves
//   the site: no request to another site reaches the network, and each one the CMS attempts
//   (its CDN fonts, update notices) is refused by the page's Content Security Policy;
// - in the CMS's local mode (a local copy of the repository, reached through the File System
//   Access API; the test hands it a folder of the browser's private file system holding the
//   library, as the folder picker would), the case-study form's theme select lists exactly the
//   library's themes;
// - a case study filled in and saved through the form is written by the CMS, and the library with
//   it passes `cairn check` with no errors and builds;
// - the preview pane uses the library's stylesheet.
// GitHub sign-in itself is not exercised (it needs GitHub).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { artifacts, launch, serve } from "./support.mjs";

const bin = process.env.CAIRN_BIN;
const tmp = mkdtempSync(path.join(tmpdir(), "cairn-editor-"));
const out = path.join(tmp, "public");

const THEMES = { "community safety": "Community safety", "health inequalities": "Health inequalities", youth: "Young people" };

function write(rel, text) {
  const file = path.join(tmp, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function cairn(...args) {
  const run = spawnSync(bin, [...args, "--root", tmp], { encoding: "utf8" });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Every file under content/, by path from the library root, as text. */
function contentFiles(dir = "content", files = {}) {
  for (const name of readdirSync(path.join(tmp, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(tmp, rel)).isDirectory()) contentFiles(rel, files);
    else files[rel] = readFileSync(path.join(tmp, rel), "utf8");
  }
  return files;
}

let server;
let browser;

before(async () => {
  assert.ok(bin, "CAIRN_BIN must name the cairn binary (tests/browser.rs sets it)");
  const names = Object.entries(THEMES)
    .map(([term, name]) => `"${term}" = "${name}"`)
    .join("\n");
  write(
    "site.toml",
    `title = "Editor Library"
description = "A fixture."
base_url = "https://example.org/"
repository = "https://github.com/example/editor-library"
licence = "CC BY 4.0"

[editor]

[taxonomies.themes]
terms = ${JSON.stringify(Object.keys(THEMES))}
[taxonomies.themes.names]
${names}

[taxonomies.places]
terms = ["Bury", "Oldham"]
`,
  );
  write(
    "content/principles/core.md",
    '---\ntitle: "Core principles"\nprinciples:\n  - id: sharing-power\n    name: "Sharing power"\n    description: "Decisions are made together."\n---\n\nThe set.\n',
  );
  write(
    "content/case-studies/a-first-story.md",
    '---\ntitle: "A first story"\nsummary: "Something worked."\ndate: 2021-03\nplace: "Oldham"\nthemes: ["youth"]\n---\n\n## What happened\n\nPeople decided together.\n',
  );
  const build = cairn("build", "--output", out);
  assert.equal(build.code, 0, build.output);
  server = await serve(out);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * A page with every request to another site recorded, and stopped if it got as far as the
 * network. `locale` is the browser's language: the CMS's interface follows it.
 */
async function editorPage(locale = "en-US") {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale });
  const page = await context.newPage();
  const origin = new URL(server.url()).origin;
  const log = { network: [], attempts: [], refused: [], problems: [] };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith("blob:") || url.startsWith("data:")) return route.continue();
    log.network.push(url);
    return route.abort();
  });
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith("blob:") && !url.startsWith("data:")) log.attempts.push(url);
  });
  page.on("requestfailed", (r) => {
    if (r.failure()?.errorText === "csp") log.refused.push(r.url());
  });
  page.on("pageerror", (e) => log.problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    const text = m.text();
    // The CSP's own reports of what it refused are expected; anything else is a problem.
    if (/Content Security Policy|Refused to connect|Fetch API cannot load/.test(text)) return;
    if (m.type() === "error" || (m.type() === "warning" && /config|option|schema/i.test(text))) {
      log.problems.push(`${m.type()}: ${text}`);
    }
  });
  return { page, context, log };
}

/** `locator`, once the form has drawn it: its fields are drawn as they scroll into view. */
async function reveal(page, locator) {
  await page.mouse.move(300, 600);
  for (let i = 0; i < 30 && (await locator.count()) === 0; i++) {
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(200);
  }
  if (process.env.DEBUG_EDITOR) console.log(await page.locator("body").ariaSnapshot());
  return locator;
}

test("the admin page runs the pinned CMS, loads nothing from elsewhere, and its configuration has no error", async () => {
  // British English: the CMS then fetches its own translation, which the page serves itself.
  const { page, context, log } = await editorPage("en-GB");
  await page.goto(server.url("admin/"));
  await page.getByRole("button", { name: "Work with Local Repository" }).waitFor();
  assert.equal(await page.evaluate(() => typeof window.CMS), "object", "the CMS script ran (its integrity hash matched)");
  assert.ok(await page.getByRole("button", { name: "Sign In Using Access Token" }).isVisible());
  const text = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(text, /in the CMS configuration/);
  assert.match(await page.title(), /Edit Editor Library/);
  assert.equal(
    await page.evaluate(() => document.querySelector('meta[name="robots"]').content),
    "noindex, nofollow",
  );
  await page.waitForTimeout(1000);
  assert.deepEqual(log.network, [], "requests to other sites reached the network");
  assert.deepEqual(
    log.attempts.filter((u) => !log.refused.includes(u)),
    [],
    "every request to another site was refused by the Content Security Policy",
  );
  assert.deepEqual(log.problems, []);
  // The fonts the CMS shows are the ones served with it.
  const fonts = await page.evaluate(() =>
    [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family.replace(/"/g, "")),
  );
  assert.ok(fonts.includes("Material Symbols Outlined"), `loaded fonts: ${fonts}`);
  await context.close();
});

test("a case study saved through the CMS's local mode passes cairn check and builds", async () => {
  const { page, context, log } = await editorPage();
  // The folder picker, answered with a copy of the library in the browser's private file system.
  await page.addInitScript((files) => {
    window.showDirectoryPicker = async () => {
      const root = await (await navigator.storage.getDirectory()).getDirectoryHandle("library", { create: true });
      await root.getDirectoryHandle(".git", { create: true });
      for (const [rel, text] of Object.entries(files)) {
        let dir = root;
        const parts = rel.split("/");
        const name = parts.pop();
        for (const part of parts) dir = await dir.getDirectoryHandle(part, { create: true });
        const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
        await writable.write(text);
        await writable.close();
      }
      return root;
    };
  }, contentFiles());
  await page.goto(server.url("admin/"));
  await page.getByRole("button", { name: "Work with Local Repository" }).click();
  await page.getByText("A first story").waitFor();
  await page.getByRole("button", { name: "New" }).click();
  await page.getByRole("textbox", { name: "Title" }).waitFor();

  // The theme select offers exactly the library's themes, by their display names.
  const themes = await page.getByRole("group", { name: "Themes", exact: true }).ariaSnapshot();
  const offered = [...themes.matchAll(/- checkbox "([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(offered.sort(), Object.values(THEMES).sort(), themes);

  await page.getByRole("textbox", { name: "Title" }).fill("Youth budget in Bury");
  await page.getByRole("textbox", { name: "Summary" }).fill("Young people chose how to spend a small budget.");
  await page.getByRole("textbox", { name: "Date" }).fill("2023-05");
  await page.getByRole("radio", { name: "Bury" }).check();
  await page.getByRole("checkbox", { name: "Young people" }).check();
  await page.getByRole("checkbox", { name: "Core principles: Sharing power" }).check();
  await page.getByRole("combobox", { name: "Level of engagement" }).click();
  await page.getByRole("option", { name: "Empower" }).click();
  await page.getByRole("checkbox", { name: "Co-design" }).check();
  await (await reveal(page, page.getByRole("button", { name: /^Add .?Outcome.?$/ }))).click();
  await page.getByRole("group", { name: /Outcomes.*Field/ }).getByRole("textbox").first().fill("Twelve youth projects were funded.");
  await (await reveal(page, page.getByRole("switch", { name: "Everyone named agreed" }))).click();
  await (await reveal(page, page.getByRole("textbox", { name: "Text" }))).click();
  await page.keyboard.type("We met every week for a year.");

  // The preview pane uses the library's stylesheet.
  const preview = page.frameLocator("iframe").first();
  await preview.locator("body").waitFor();
  const sheets = await preview.locator("body").evaluate(() => [...document.styleSheets].map((s) => s.href || ""));
  assert.ok(
    sheets.some((href) => href.endsWith("/static/css/site.css")),
    `the preview's stylesheets: ${sheets}`,
  );

  await page.getByRole("button", { name: "Save" }).click();
  // Polled from here: an async function given to waitForFunction returns a promise, which is
  // truthy at once, so it would not wait for the file.
  const readSaved = () => page.evaluate(async () => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle("library");
    const dir = await (await root.getDirectoryHandle("content")).getDirectoryHandle("case-studies");
    try {
      return await (await (await dir.getFileHandle("youth-budget-in-bury.md")).getFile()).text();
    } catch {
      return false;
    }
  });
  let text = false;
  for (let tries = 0; tries < 300 && text === false; tries++) {
    text = await readSaved();
    if (text === false) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.notEqual(text, false, "the CMS saved no file within 30 s");
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(path.join(artifacts, "editor-saved-case-study.md"), text);
  // The same bytes as the fixture that tests/testsuite/editor.rs builds without a browser.
  assert.equal(text, readFileSync(new URL("./editor-saved-case-study.md", import.meta.url), "utf8"));
  assert.match(text, /^title: "Youth budget in Bury"$/m);
  assert.match(text, /^themes:\n  - "youth"$/m);
  assert.match(text, /^principles:\n  - "core\/sharing-power"$/m);

  // The library with the saved case study passes the check and builds.
  write("content/case-studies/youth-budget-in-bury.md", text);
  const check = cairn("check");
  assert.equal(check.code, 0, check.output);
  assert.doesNotMatch(check.output, /error/);
  const build = cairn("build", "--output", path.join(tmp, "after"));
  assert.equal(build.code, 0, build.output);
  const page2 = readFileSync(path.join(tmp, "after/case-studies/youth-budget-in-bury/index.html"), "utf8");
  assert.match(page2, /Youth budget in Bury/);
  assert.deepEqual(log.network, []);
  assert.deepEqual(log.problems, []);
  await context.close();
});
