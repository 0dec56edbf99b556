// The service worker's code (src/offline.rs puts VERSION, MODE, OFFLINE_PAGE, EDITOR and PRECACHE
// above it). Pages are served from one cache per build version: the first visit saves every
// file of PRECACHE; a newer build installs beside it, takes over at once and deletes the older
// caches, so a reader never gets a mix of old and new pages.

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
