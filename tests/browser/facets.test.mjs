// Pins the library's filters with many terms (issue 25): a places filter of 30 places shows its
// most used places first, only the first few until "Show all", a box that finds a place as you
// type, and a ticked place always in view. Built from a small generated library with the
// `cairn` binary (CAIRN_BIN), as a library with many places would be.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./support.mjs";

let browser;
let dir;

before(async () => {
  browser = await launch();
  dir = mkdtempSync(path.join(tmpdir(), "cairn-facets-"));
  writeFileSync(path.join(dir, "site.toml"), 'title = "Facets"\n');
  mkdirSync(path.join(dir, "content/case-studies"), { recursive: true });
  // Place 0 has three case studies, place 1 two, the other 28 one each.
  const places = [0, 0, 0, 1, 1, ...Array.from({ length: 28 }, (_, i) => i + 2)];
  places.forEach((p, i) => {
    writeFileSync(
      path.join(dir, `content/case-studies/story-${i}.md`),
      `---\ntitle: "Story ${i}"\nsummary: "A story."\ndate: 2020-01\nplace: "Town ${String(p).padStart(2, "0")}"\n---\n\nText.\n`,
    );
  });
  execFileSync(process.env.CAIRN_BIN, ["build", "--quiet", "--root", dir, "--output", path.join(dir, "out")]);
});

after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("a filter with many terms: most used first, a few shown, find as you type, show all", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(pathToFileURL(path.join(dir, "out/case-studies/index.html")).href);
  const group = page.locator('.filter-group[data-filter="places"]');
  await group.locator("summary").click();
  const visible = () => group.locator("li:not([hidden]) .filter-term").allTextContents();
  let shown = await visible();
  assert.equal(shown.length, 8, `shown: ${shown.join(" | ")}`);
  assert.match(shown[0], /^Town 00 \(3\)/);
  assert.match(shown[1], /^Town 01 \(2\)/);
  // Find as you type.
  await group.locator("input.filter-find").fill("town 2");
  shown = await visible();
  assert.deepEqual(shown.map((s) => s.replace(/ \(\d+\)/, "").trim()).sort(), ["Town 20", "Town 21", "Town 22", "Town 23", "Town 24", "Town 25", "Town 26", "Town 27", "Town 28", "Town 29"]);
  // A ticked place stays in view when the search moves on.
  await group.locator('input[type=checkbox][value="town-25"]').check();
  await group.locator("input.filter-find").fill("town 0");
  shown = await visible();
  assert.ok(shown.some((s) => s.startsWith("Town 25")), `shown: ${shown.join(" | ")}`);
  await group.locator("input.filter-find").fill("");
  // Show all, and fewer again.
  const more = group.locator("button.filter-more");
  assert.equal((await more.textContent()).trim(), "Show all 30");
  await more.click();
  assert.equal((await visible()).length, 30);
  assert.equal(await more.getAttribute("aria-expanded"), "true");
  await more.click();
  assert.equal((await visible()).length, 9, "eight most used, and the ticked one");
  await context.close();
});
