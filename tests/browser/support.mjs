// Shared helpers for the browser tests: where the built site is, a tiny static server, a
// Chromium launcher (Debian's /usr/bin/chromium, never a downloaded browser), axe-core
// injection and the list of representative pages.
//
// Environment:
//   CAIRN_SITE       the built site folder (required; tests/browser.rs sets it)
//   CAIRN_ARTIFACTS  where screenshots go (default: <repo>/target/test-artifacts/browser)
//   CHROMIUM         the browser executable (default: /usr/bin/chromium)

import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

/** The built site folder, from CAIRN_SITE. */
export const site = (() => {
  const dir = process.env.CAIRN_SITE;
  if (!dir || !existsSync(path.join(dir, "index.html"))) {
    throw new Error(`set CAIRN_SITE to a built site folder (got ${JSON.stringify(dir)})`);
  }
  return path.resolve(dir);
})();

/** Where screenshots and other artefacts go. */
export const artifacts =
  process.env.CAIRN_ARTIFACTS || path.resolve(here, "../../target/test-artifacts/browser");

/** The Chromium executable. */
export const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

/** A file:// URL for a site-relative path such as `case-studies/index.html`. */
export function fileUrl(rel) {
  return pathToFileURL(path.join(site, rel)).href;
}

/** Reads a built file as text. */
export function readSite(rel) {
  return readFileSync(path.join(site, rel), "utf8");
}

/** Every HTML file of the site, as site-relative paths with forward slashes. */
export function htmlPages(dir = site) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...htmlPages(full));
    else if (name.endsWith(".html")) out.push(path.relative(site, full).split(path.sep).join("/"));
  }
  return out;
}

/** The first sub-folder (sorted) of a site folder that holds an index.html. */
function firstChild(rel) {
  const dir = path.join(site, rel);
  const name = readdirSync(dir)
    .sort()
    .find((n) => existsSync(path.join(dir, n, "index.html")));
  if (!name) throw new Error(`no page under ${rel}/`);
  return `${rel}/${name}`;
}

/** One page of each kind the issue names, found in the built site. */
export function representativePages() {
  const set = firstChild("principles");
  const toolkitPart = firstChild("toolkit");
  let toolkitSection = toolkitPart;
  try {
    toolkitSection = firstChild(toolkitPart);
  } catch {
    // A part without sub-sections is a toolkit section too.
  }
  return {
    home: "index.html",
    library: "case-studies/index.html",
    "case study": `${firstChild("case-studies")}/index.html`,
    "toolkit section": `${toolkitSection}/index.html`,
    "principle set": `${set}/index.html`,
    principle: `${firstChild(set)}/index.html`,
    "taxonomy term": "themes/health-inequalities/index.html",
    form: `${firstChild("forms")}/index.html`,
    "404": "404.html",
  };
}

/**
 * Serves the site folder (or another built site, `root`) on 127.0.0.1 as a host such as GitHub Pages serves a project site: under
 * the path of its base_url (the `<base>` of its 404.html, `/` without one), with 404.html for any
 * address that is not a file; resolves to { url, base, close }, `url(rel)` under that path.
 * With `{ gzip: true }`, text is sent gzipped to a browser that accepts it, as GitHub Pages
 * sends it (`cairn serve` and this server by default send files as they are).
 */
export async function serve(root = site, { gzip = false } = {}) {
  const notFound = path.join(root, "404.html");
  const base = (existsSync(notFound) ? readFileSync(notFound, "utf8") : "").match(/<base href="(\/[^"]*)">/)?.[1] || "/";
  const types = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
  };
  const server = createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    const under = rel.startsWith(base);
    rel = under ? rel.slice(base.length - 1) : "";
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(root, path.normalize(rel));
    const inside = under && file.startsWith(root + path.sep);
    if (inside && existsSync(file) && statSync(file).isFile()) {
      const type = types[path.extname(file)] || "application/octet-stream";
      const squeeze = gzip && /^(text|application\/(json|xml|manifest))/.test(type) && /\bgzip\b/.test(req.headers["accept-encoding"] || "");
      res.writeHead(200, { "content-type": type, ...(squeeze ? { "content-encoding": "gzip" } : {}) });
      res.end(squeeze ? gzipSync(readFileSync(file)) : readFileSync(file));
    } else {
      res.writeHead(404, { "content-type": types[".html"] });
      res.end(existsSync(notFound) ? readFileSync(notFound) : "Not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    base,
    url: (rel = "") => `http://127.0.0.1:${port}${base}${rel}`,
    /** An address as typed, from the host's root (`/x/y/z/`). */
    typed: (address) => `http://127.0.0.1:${port}${address}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Launches Debian's Chromium headless; resolves to the Browser. Playwright gives every launch a
 * fresh user-data folder of its own (and removes it on close), so no profile is shared.
 */
export async function launch() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** Runs axe-core (WCAG 2.x A and AA, plus best practices) on a page; resolves to the violations. */
export async function axe(page, { coloursOnly = false } = {}) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.addScriptTag({ content: axeSource });
  }
  const result = await page.evaluate(
    (rules) =>
      window.axe.run(document, {
        runOnly: rules
          ? { type: "rule", values: rules }
          : {
              type: "tag",
              values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
            },
        resultTypes: ["violations"],
      }),
    coloursOnly ? COLOUR_RULES : null,
  );
  return result.violations;
}

/**
 * The axe rules whose result depends on the page's colours: after a page passed every rule in
 * one colour scheme, only these can change when the scheme does (the markup, names, roles and
 * landmarks are the same).
 */
export const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

/** A readable summary of axe violations for an assertion message. */
export function describeViolations(violations) {
  return violations
    .map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(" ")}\n      ${n.failureSummary.replace(/\n/g, "\n      ")}`)
          .join("\n"),
    )
    .join("\n");
}
