// The service worker's code (src/offline.rs puts VERSION, MODE, OFFLINE_PAGE, EDITOR, EVERYTHING,
// PRECACHE_BYTES, ALL_BYTES and PRECACHE above it). Pages are served from one cache per build
// version: the first visit saves every file of PRECACHE; a newer build installs beside it, takes
// over at once and deletes the older caches, so a reader never gets a mix of old and new pages.
// With MODE "essentials" a page asks (offline.js) how much is saved, and may ask to save every
// file the build lists in EVERYTHING.

const SCOPE = self.registration.scope;
const PREFIX = "cairn:" + SCOPE + ":";
const CACHE = PREFIX + VERSION;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // `reload`: past the HTTP cache, so no file of an older build is saved under this version.
      .then((cache) => cache.addAll(PRECACHE.map((path) => new Request(new URL(path, SCOPE), { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** The cache key of a URL: folders mean their index.html; the query string is not part of it. */
function keyOf(url) {
  const path = url.pathname.endsWith("/") ? url.pathname + "index.html" : url.pathname;
  return url.origin + path;
}

/** The offline page, with a <base> so its relative links work at whatever URL it answers. */
async function offlinePage(cache) {
  const saved = await cache.match(new URL(OFFLINE_PAGE, SCOPE).href);
  if (!saved) return Response.error();
  const base = new URL(OFFLINE_PAGE, SCOPE).href;
  const html = (await saved.text()).replace(/<head>/i, `<head><base href="${base}">`);
  return new Response(html, { headers: { "content-type": "text/html; charset=utf-8" } });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || !url.href.startsWith(SCOPE) || request.headers.has("range")) return;
  // The web editor (EDITOR, admin/, when the library has one) always comes from the network,
  // and is never saved.
  if (EDITOR && url.href.startsWith(SCOPE + EDITOR)) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const key = keyOf(url);
      const saved = await cache.match(key);
      if (saved) return saved;
      try {
        const response = await fetch(request);
        // Files left out of the precache ("pages" mode: images, downloads) are saved once seen.
        if (response.ok && response.type === "basic" && MODE !== "off") {
          await cache.put(key, response.clone());
        }
        return response;
      } catch (error) {
        if (request.mode === "navigate") return offlinePage(cache);
        throw error;
      }
    }),
  );
});

/** Whether every file of EVERYTHING has been saved in this version's cache. */
const SAVED_ALL = new URL("cairn-saved-everything", SCOPE).href;

/** Saves every file the build lists, a few at a time; resolves to true when all are saved. */
async function saveEverything(cache) {
  const list = await (await fetch(new URL(EVERYTHING, SCOPE), { cache: "no-cache" })).json();
  const files = list.files.map((path) => new URL(path, SCOPE));
  for (let i = 0; i < files.length; i += 8) {
    const batch = files.slice(i, i + 8);
    await Promise.all(
      batch.map(async (url) => {
        const key = keyOf(url);
        if (await cache.match(key)) return;
        const response = await fetch(new Request(url, { cache: "reload" }));
        if (!response.ok) throw new Error(`${url.href}: ${response.status}`);
        await cache.put(key, response);
      }),
    );
  }
  await cache.put(SAVED_ALL, new Response("1"));
  return true;
}

// A page asks: "status" (what is saved: the first visit's bytes, every file's bytes, whether
// all is saved) or "save-all"; the answer goes back on the port it sent.
self.addEventListener("message", (event) => {
  const port = event.ports && event.ports[0];
  if (!port || !event.data) return;
  const answer = (saved) => ({ mode: MODE, precached: PRECACHE_BYTES, all: ALL_BYTES, savedAll: saved });
  if (event.data.type === "status") {
    event.waitUntil(
      caches.open(CACHE).then(async (cache) => port.postMessage(answer(MODE === "full" || !!(await cache.match(SAVED_ALL))))),
    );
  } else if (event.data.type === "save-all" && MODE === "essentials") {
    event.waitUntil(
      caches
        .open(CACHE)
        .then(saveEverything)
        .then(() => port.postMessage(answer(true)))
        .catch(() => port.postMessage(Object.assign(answer(false), { failed: true }))),
    );
  }
});
