// Pins that every representative page renders at phone, tablet and desktop widths, in light and
// dark schemes, and saves full-page screenshots into CAIRN_ARTIFACTS for a person to review.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { artifacts, launch, representativePages, serve } from "./support.mjs";

const widths = [360, 768, 1280];
let browser;
let server;

before(async () => {
  browser = await launch();
  server = await serve();
  mkdirSync(artifacts, { recursive: true });
});

after(async () => {
  await server?.close();
  await browser?.close();
});

for (const scheme of ["light", "dark"]) {
  for (const width of widths) {
    test(`screenshots at ${width} px, ${scheme} scheme`, async () => {
      const context = await browser.newContext({
        viewport: { width, height: 800 },
        colorScheme: scheme,
        reducedMotion: "reduce",
      });
      const page = await context.newPage();
      const problems = [];
      try {
        for (const [name, rel] of Object.entries(representativePages())) {
          await page.goto(server.url(rel));
          const file = path.join(artifacts, `${width}-${scheme}-${name.replace(/\W+/g, "-")}.png`);
          await page.screenshot({ path: file, fullPage: true });
          // Nothing may stick out sideways: no horizontal scrolling at any width.
          const wide = await page.evaluate(() => {
            const limit = document.documentElement.clientWidth;
            const culprits = [...document.querySelectorAll("body *")]
              .filter((el) => el.getBoundingClientRect().right > limit + 1)
              .filter((el) => !el.closest(".visually-hidden, .skip-link"))
              .slice(0, 3)
              .map((el) => `<${el.localName} class="${el.className}">`);
            return { by: document.documentElement.scrollWidth - limit, culprits };
          });
          if (wide.by > 0) {
            problems.push(`${rel} scrolls sideways by ${wide.by} px: ${wide.culprits.join(", ")}`);
          }
        }
      } finally {
        await context.close();
      }
      assert.deepEqual(problems, [], `at ${width} px`);
    });
  }
}
