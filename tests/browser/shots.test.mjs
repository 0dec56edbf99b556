// Pins that the home page, the library, a case study and a form (on screen and as printed)
// render at 360 and 1280 px, and saves a full-page screenshot of each for a person to compare.
// The set is named by CAIRN_SHOT_SET (default "after"), in <artifacts>/../screenshots/<set>/;
// the "before" set was taken with CAIRN_SHOT_SET=before from the unchanged theme.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { artifacts, launch, representativePages, serve } from "./support.mjs";

const set = process.env.CAIRN_SHOT_SET || "after";
const dir = path.join(artifacts, "..", "screenshots", set);
let browser;
let server;

before(async () => {
  browser = await launch();
  server = await serve();
  mkdirSync(dir, { recursive: true });
});

after(async () => {
  await server?.close();
  await browser?.close();
});

const pages = (() => {
  const all = representativePages();
  return { home: all.home, library: all.library, "case-study": all["case study"], form: all.form };
})();

for (const width of [360, 1280]) {
  test(`screenshots at ${width} px (${set})`, async () => {
    const context = await browser.newContext({ viewport: { width, height: width < 600 ? 740 : 800 }, reducedMotion: "reduce" });
    const page = await context.newPage();
    const saved = [];
    try {
      for (const [name, rel] of Object.entries(pages)) {
        await page.goto(server.url(rel));
        const file = path.join(dir, `${name}-${width}-screen.png`);
        await page.screenshot({ path: file, fullPage: true });
        saved.push(file);
        if (name === "form") {
          await page.emulateMedia({ media: "print" });
          const printed = path.join(dir, `${name}-${width}-print.png`);
          await page.screenshot({ path: printed, fullPage: true });
          saved.push(printed);
          await page.emulateMedia({ media: "screen" });
        }
      }
    } finally {
      await context.close();
    }
    for (const file of saved) assert.ok(statSync(file).size > 1000, `${file} is empty`);
  });
}
