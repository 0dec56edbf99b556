// Pins, in Chromium, that the CSV files the browser writes cannot run in a spreadsheet: a form
// statement and an answer code starting like a formula (`=cmd|…`, `-N`) come out of the form
// page's answer file and the collate page's table with a `'` in front, exactly as
// `cairn collate --format csv` writes them (src/spreadsheet.rs), and the answer file reads back.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./support.mjs";

const FORMULA = "=cmd|' /C calc'!A0";
const tmp = mkdtempSync(path.join(tmpdir(), "cairn-trust-"));
const lib = path.join(tmp, "lib");
const out = path.join(tmp, "site");
let browser;

before(async () => {
  mkdirSync(path.join(lib, "content/forms"), { recursive: true });
  writeFileSync(path.join(lib, "site.toml"), 'title = "Trust"\n');
  writeFileSync(
    path.join(lib, "content/forms/evil.md"),
    [
      "---",
      'title: "Evil"',
      "scales:",
      "  - id: yn",
      "    points:",
      '      - { label: "Yes", code: "Y", points: 1 }',
      '      - { label: "No", code: "-N", points: -1 }',
      "sections:",
      "  - scale: yn",
      "    items:",
      `      - { id: one, text: "${FORMULA}" }`,
      '      - { id: two, text: "@SUM(1+1)" }',
      "---",
      "",
      "Body.",
      "",
    ].join("\n"),
  );
  execFileSync(process.env.CAIRN_BIN, ["build", "--quiet", "--root", lib, "--output", out]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

const url = (rel) => pathToFileURL(path.join(out, rel)).href;

test("formula cells come out of the browser's CSV files defused, as the CLI writes them", async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(url("forms/evil/index.html"));
  for (const radio of await page.locator('#scoring-form input[type=radio][value="-N"]').all()) await radio.check();
  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.click("button[data-action=csv]")]);
  const answers = path.join(tmp, "answers.csv");
  await csvDownload.saveAs(answers);
  const answerCsv = readFileSync(answers, "utf8");
  assert.match(answerCsv, /\n[^\n]*,one,'=cmd\|' \/C calc'!A0,'-N,No,-1\n/, answerCsv);
  assert.match(answerCsv, /,two,'@SUM\(1\+1\),'-N,/, answerCsv);
  assert.doesNotMatch(answerCsv, /,=|,@|,-N/, answerCsv);

  const collate = await context.newPage();
  await collate.goto(url("forms/evil/collate/index.html"));
  await collate.setInputFiles("#answer-files", [answers]);
  await collate.waitForFunction(() => document.getElementById("collate-count").textContent === "1");
  const [collated] = await Promise.all([collate.waitForEvent("download"), collate.click("button[data-action=collated-csv]")]);
  const browserCsv = readFileSync(await collated.path(), "utf8");
  await context.close();
  assert.match(browserCsv, /^id,statement,responses,average,lowest,highest,Y,'-N,no_answer\n/, browserCsv);
  assert.match(browserCsv, /\none,'=cmd\|' \/C calc'!A0,1,-1\.0,-1,-1,0,1,0\n/, browserCsv);
  assert.match(browserCsv, /\ntwo,'@SUM\(1\+1\),/, browserCsv);

  // The CLI reads the browser's answer file back (the `'` taken off) and writes the same CSV.
  const cliCsv = execFileSync(process.env.CAIRN_BIN, ["collate", "evil", answers, "--root", lib, "--format", "csv"], { encoding: "utf8" });
  assert.equal(cliCsv, browserCsv);
});
