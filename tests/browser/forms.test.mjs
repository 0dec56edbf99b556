// Pins scoring forms in Chromium: the live total and band, answers kept until cleared, one A4
// page in print (blank, filled, and without JavaScript), downloads collated on the collate page
// with the same average as `cairn collate`, wrong files skipped with a message, paper forms typed
// into the grid, and the radar chart with one axis per theme.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { artifacts, launch, serve } from "./support.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const FORM = "forms/assessing-progress/index.html";
const COLLATE = "forms/assessing-progress/collate/index.html";
const RADAR = "forms/partnership-self-assessment/index.html";

let browser;
let server;
const tmp = mkdtempSync(path.join(tmpdir(), "cairn-forms-"));

before(async () => {
  browser = await launch();
  server = await serve();
});

after(async () => {
  await server?.close();
  await browser?.close();
});

/** Pages of a PDF: `/Type /Page` objects, not the `/Pages` tree. */
function pdfPages(bytes) {
  return (bytes.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) || []).length;
}

async function definition(page) {
  return page.evaluate(() => JSON.parse(document.getElementById("form-definition").textContent));
}

function bandFor(def, total) {
  return def.bands.find((b) => total >= b.min && total <= b.max).label;
}

/** Ticks the answer with `code` for every statement. */
async function tickAll(page, code) {
  for (const radio of await page.locator(`#scoring-form input[type=radio][value="${code}"]`).all()) {
    await radio.check();
  }
}

async function text(page, selector) {
  return (await page.locator(selector).textContent()).trim();
}

test("ticking all Yes shows 21 and its band; all No shows 7 and its band", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url(FORM));
  const def = await definition(page);
  assert.equal(await text(page, "output#total"), "–");
  await tickAll(page, "Y");
  assert.equal(await text(page, "output#total"), "21");
  assert.equal(await text(page, "#band"), bandFor(def, 21));
  await tickAll(page, "N");
  assert.equal(await text(page, "output#total"), "7");
  assert.equal(await text(page, "#band"), bandFor(def, 7));
  // The bars follow: every bar is a third of its full width.
  const widths = await page.$$eval("#form-chart rect.bar", (bars) => bars.map((b) => +b.getAttribute("width") / +b.getAttribute("data-full")));
  assert.equal(widths.length, 7);
  for (const w of widths) assert.ok(Math.abs(w - 1 / 3) < 0.01, `bar at ${w}`);
  await context.close();
});

test("answers are kept across a reload until cleared; the blank copy shows none", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url(FORM));
  await tickAll(page, "NI");
  await page.fill("#field-meeting-date", "2026-11-20");
  await page.reload();
  assert.equal(await text(page, "output#total"), "14");
  assert.equal(await page.inputValue("#field-meeting-date"), "2026-11-20");
  await page.goto(server.url(`${FORM}?blank`));
  assert.equal(await text(page, "output#total"), "–");
  assert.ok(await page.isVisible("#blank-note"));
  await page.goto(server.url(FORM));
  assert.equal(await text(page, "output#total"), "14", "the blank copy left the answers alone");
  await page.click("button[data-action=clear]");
  assert.equal(await text(page, "output#total"), "–");
  await page.reload();
  assert.equal(await text(page, "output#total"), "–");
  assert.equal(await page.locator("#scoring-form input:checked").count(), 0);
  await context.close();
});

test("the seven-statement form prints on one A4 page, blank and filled", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url(`${FORM}?blank`));
  const blank = await page.pdf({ path: path.join(artifacts, "form-blank.pdf"), format: "A4", printBackground: true });
  assert.equal(pdfPages(blank), 1, "blank copy");
  await page.goto(server.url(FORM));
  await tickAll(page, "Y");
  await page.locator("#scoring-form input[type=radio][value=N]").nth(2).check();
  await page.fill("#field-meeting-date", "2026-11-20");
  await page.fill("#comment-comments", "A good meeting. We ran over time on item 4; next time we could send the papers out a week earlier.");
  const ticks = await page.locator(".paper td.ticked").count();
  assert.equal(ticks, 7, "the paper copy shows a tick per statement");
  const filled = await page.pdf({ path: path.join(artifacts, "form-filled.pdf"), format: "A4", printBackground: true });
  assert.equal(pdfPages(filled), 1, "filled copy");
  await context.close();
});

test("without JavaScript the form still prints on one page and explains how to add up", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url(FORM));
  assert.match(await text(page, ".how-to-add"), /add/i);
  assert.equal(await page.isVisible("#form-buttons"), false, "no buttons that need JavaScript");
  await page.locator("#scoring-form input[type=radio]").first().check();
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  assert.equal(pdfPages(pdf), 1);
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".paper-table td.paper-box").count(), 21, "a tick box per statement and answer");
  await context.close();
});

test("two downloaded answer files collate to an average total of 14, in the browser and the CLI", async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(server.url(FORM));
  const files = {};
  for (const [name, code] of [["all-yes", "Y"], ["all-no", "N"]]) {
    await tickAll(page, code);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("button[data-action=json]")]);
    files[name] = path.join(tmp, `${name}.json`);
    await download.saveAs(files[name]);
  }
  const yes = JSON.parse(readFileSync(files["all-yes"], "utf8"));
  assert.deepEqual(Object.keys(yes).sort(), ["answers", "comments", "fields", "form", "total", "version"]);
  assert.equal(yes.form, "assessing-progress");
  assert.equal(yes.total, 21);
  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.click("button[data-action=csv]")]);
  files.csv = path.join(tmp, "all-no.csv");
  await csvDownload.saveAs(files.csv);

  files.bad = path.join(tmp, "broken.json");
  writeFileSync(files.bad, "{ not json");
  files.foreign = path.join(tmp, "other-form.json");
  writeFileSync(files.foreign, JSON.stringify({ form: "partnership-self-assessment", version: 1, answers: {} }));

  const collate = await context.newPage();
  await collate.goto(server.url(COLLATE));
  await collate.setInputFiles("#answer-files", [files["all-yes"], files["all-no"]]);
  await collate.waitForFunction(() => document.getElementById("collate-count").textContent === "2");
  assert.equal(Number(await text(collate, "#collate-average")), 14);
  assert.equal(await text(collate, "#collate-range"), "7 to 21");
  assert.equal(await text(collate, '[data-count="working-well"][data-code="Y"]'), "1");
  assert.equal(await text(collate, '[data-average="working-well"]'), "2.0");

  // Wrong files are skipped with a message, and what was loaded stays.
  await collate.setInputFiles("#answer-files", [files.bad, files.foreign]);
  await collate.waitForFunction(() => document.querySelectorAll(".message-error").length === 2);
  const errors = await collate.locator(".message-error").allTextContents();
  assert.match(errors.join("\n"), /broken\.json\u2069? is not valid JSON/);
  assert.match(errors.join("\n"), /other-form\.json\u2069? holds answers to another form/);
  assert.equal(await text(collate, "#collate-count"), "2");

  // A paper form typed into the grid counts too.
  await collate.click("#add-paper");
  for (const select of await collate.locator("#paper-grid select").all()) await select.selectOption("NI");
  assert.equal(await text(collate, "#collate-count"), "3");
  assert.equal(Number(await text(collate, "#collate-average")), 14);
  const pdf = await collate.pdf({ path: path.join(artifacts, "form-collated.pdf"), format: "A4", printBackground: true });
  assert.equal(pdfPages(pdf), 2, "the collated table prints on one page, each response and the comments on the next");
  const [collated] = await Promise.all([collate.waitForEvent("download"), collate.click("button[data-action=collated-csv]")]);
  const browserCsv = readFileSync(await collated.path(), "utf8");
  await context.close();

  const cairn = process.env.CAIRN_BIN;
  assert.ok(cairn, "CAIRN_BIN names the cairn binary");
  const markdown = execFileSync(cairn, ["collate", "assessing-progress", files["all-yes"], files["all-no"], "--root", repo], { encoding: "utf8" });
  assert.match(markdown, /Average total: 14\.0 /);
  assert.match(markdown, /Responses: 2\n/);
  // The CSV download reads back the same, and three responses give the browser's CSV exactly.
  const paper = path.join(tmp, "paper.csv");
  writeFileSync(paper, "form,version,kind,id,question,code,answer,points\n" + Object.keys(yes.answers).map((id) => `assessing-progress,1,item,${id},,NI,,`).join("\n") + "\n");
  const cliCsv = execFileSync(cairn, ["collate", "assessing-progress", files["all-yes"], files.csv, paper, "--root", repo, "--format", "csv"], { encoding: "utf8" });
  // The statement table is the same; the sheet of responses too, but for their names (the
  // browser read all-no.json and typed a paper form where the CLI read all-no.csv and paper.csv).
  const [cliTable, cliSheet] = cliCsv.split("\n\n");
  const [browserTable, browserSheet] = browserCsv.split("\n\n");
  assert.equal(cliTable, browserTable);
  const unnamed = (sheet) => sheet.split("\n").map((row) => row.split(",").slice(1).join(","));
  assert.deepEqual(unnamed(cliSheet), unnamed(browserSheet));
});

test("a meeting's five files: the copy, the partial response and the wrong total flagged as by `cairn collate`, with fields, comments and bands", async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(server.url(COLLATE));
  const def = await definition(page);
  const ids = def.sections.flatMap((s) => s.items).map((it) => it.id);
  const file = (name, codes, total, comment) => {
    const answers = Object.fromEntries(ids.map((id, i) => [id, codes[i] ?? null]));
    const p = path.join(tmp, name);
    const fields = { "meeting-date": "2026-03-02" };
    writeFileSync(p, JSON.stringify({ form: def.form, version: def.version, answers, total, fields, comments: { comments: comment } }));
    return p;
  };
  const yes = Array(7).fill("Y");
  const files = [
    file("meeting-a.json", yes, 21, "Everyone spoke."),
    file("meeting-b.json", yes, 21, "Everyone spoke."),
    file("meeting-c.json", ["NI", "Y", "Y"], 8, "We ran out of time, so we stopped."),
    file("meeting-d.json", Array(7).fill("N"), 9, "The tea, mostly."),
    file("meeting-e.json", ["Y", "Y", "NI", "Y", "NI", "Y", "Y"], 19, ""),
  ];
  await page.setInputFiles("#answer-files", files);
  await page.waitForFunction(() => document.getElementById("collate-count").textContent === "5");

  const markdown = execFileSync(process.env.CAIRN_BIN, ["collate", "assessing-progress", ...files, "--root", repo], { encoding: "utf8" });
  const cliFlags = markdown.split("## Check these\n\n")[1].split("\n\n")[0].split("\n").map((l) => l.replace(/^- /, ""));
  assert.equal(cliFlags.length, 3, markdown);
  const pageFlags = (await page.locator("#collate-flags li").allTextContents()).map((t) => t.trim());
  assert.deepEqual(pageFlags, cliFlags);
  assert.match(pageFlags[0], /^`meeting-b\.json` has the same answers, fields and comments as `meeting-a\.json`/);
  assert.match(pageFlags[1], /^`meeting-c\.json` answers 3 of 7 statements \(not statements 4, 5, 6 and 7\)/);
  assert.match(pageFlags[2], /^`meeting-d\.json` says its total is 9, but its answers add up to 7/);

  // The partial response's total is not an average of 0s: four complete responses count.
  assert.equal(await text(page, "#collate-complete"), "4");
  assert.equal(await page.isVisible("#collate-partial"), true);
  assert.equal(await text(page, "#collate-average"), markdown.match(/Average total: ([\d.]+) /)[1]);
  const bands = await page.locator("#collate-bands tbody tr").allTextContents();
  assert.equal(bands.length, 3);
  assert.match(bands[0], /Going well.*18–21\s*3$/);
  assert.match(bands[2], /Needs attention.*7–11\s*1$/);
  const responses = await text(page, "#collate-responses");
  for (const expected of ["Everyone spoke.", "We ran out of time, so we stopped.", "The tea, mostly.", "2026-03-02", "8 (partial)"]) {
    assert.ok(responses.includes(expected), `${expected} in ${responses}`);
  }
  // The CSV download is the CLI's CSV, byte for byte: flags column, fields and comments.
  const [collated] = await Promise.all([page.waitForEvent("download"), page.click("button[data-action=collated-csv]")]);
  const browserCsv = readFileSync(await collated.path(), "utf8");
  const cliCsv = execFileSync(process.env.CAIRN_BIN, ["collate", "assessing-progress", ...files, "--root", repo, "--format", "csv"], { encoding: "utf8" });
  assert.equal(browserCsv, cliCsv);
  assert.ok(cliCsv.includes("meeting-b.json,21,yes,Going well: keep doing what works and share it,same as meeting-a.json,2026-03-02,Everyone spoke."), cliCsv);
  await context.close();
});

test("the 1–7 self-assessment draws a radar with one axis per theme", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url(RADAR));
  const def = await definition(page);
  const themes = def.sections.flatMap((s) => s.items).length;
  assert.ok(themes >= 8, "at least eight themes");
  assert.equal(def.sections[0].scale.points.length, 7);
  assert.equal(await page.locator("svg#form-chart[data-chart=radar]").count(), 1);
  assert.equal(await page.locator("svg#form-chart line.axis").count(), themes);
  assert.equal(await page.locator("fieldset.form-item").count(), themes);
  const before = await page.getAttribute("svg#form-chart polygon.shape", "points");
  await tickAll(page, "7");
  const after = await page.getAttribute("svg#form-chart polygon.shape", "points");
  assert.notEqual(after, before);
  // At full marks the shape reaches the end of every axis.
  const ends = await page.$$eval("svg#form-chart line.axis", (lines) => lines.map((l) => `${+l.getAttribute("x2")},${+l.getAttribute("y2")}`));
  assert.equal(after, ends.join(" "));
  assert.equal(await text(page, "output#total"), String(themes * 7));
  assert.equal(await page.locator("output[data-subtotal]").count(), def.sections.length);
  await context.close();
});

test("answer files dropped on the collate page are read; a foreign CSV is refused", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url(COLLATE));
  const def = await definition(page);
  const answers = Object.fromEntries(def.sections.flatMap((s) => s.items).map((it) => [it.id, "NI"]));
  const good = JSON.stringify({ form: def.form, version: def.version, answers, total: 14, fields: {}, comments: {} });
  const foreign = "form,version,kind,id,question,code,answer,points\nsomething-else,1,item,x,,Y,,\n";
  await page.evaluate(
    ([good, foreign]) => {
      const data = new DataTransfer();
      data.items.add(new File([good], "dropped.json", { type: "application/json" }));
      data.items.add(new File([foreign], "foreign.csv", { type: "text/csv" }));
      document.getElementById("drop-zone").dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    [good, foreign],
  );
  await page.waitForFunction(() => document.querySelectorAll(".collate-messages li").length === 2);
  assert.equal(await text(page, "#collate-count"), "1");
  assert.equal(Number(await text(page, "#collate-average")), 14);
  assert.match(await text(page, ".message-error"), /foreign\.csv\u2069? holds answers to another form/);
  await context.close();
});
