/*
 * Undertone's service worker: the app shell offline (issue 12: "second visit instant, works offline").
 *
 * Model packs are not handled here: src/runtime/fetch-pack.ts keeps every pack file in Cache Storage
 * under its sha256 and verifies it, and a second copy would double the quota they take. Everything
 * else of our origin (the page, its scripts and styles, the workers, onnxruntime's .wasm) is fetched
 * network first — a new build is picked up at once — and kept, so the page reloads and generates
 * with no network. The cached responses keep their headers, so cross-origin isolation (COOP/COEP,
 * which WASM threads need) survives offline too.
 *
 * The first visit's page loads before this worker exists, so the page sends the URLs it has loaded
 * (main.tsx) and they are stored then.
 */
const SHELL = 'undertone-shell-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

function ours(url) {
  const u = new URL(url, self.location.origin);
  return u.origin === self.location.origin && !u.pathname.startsWith('/models/') && u.pathname !== '/sw.js';
}

self.addEventListener('message', (event) => {
  if (!event.data || event.data.type !== 'cache-urls') return;
  const urls = event.data.urls.filter(ours);
  event.waitUntil(caches.open(SHELL).then((cache) => Promise.all(urls.map(async (url) => {
    if (await cache.match(url, { ignoreVary: true })) return;
    try {
      const res = await fetch(url, { cache: 'no-cache' });
      if (res.ok) await cache.put(url, res);
    } catch { /* offline already: nothing to store */ }
  }))));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !ours(req.url)) return;
  event.respondWith((async () => {
    const cache = await caches.open(SHELL);
    try {
      const res = await fetch(req);
      // whole 200s only: a range answer or an error page must not stand in for the file offline
      if (res.ok && res.status === 200) await cache.put(req, res.clone());
      return res;
    } catch (err) {
      // ignoreVary: the server varies on Origin, and a module script asks with one while the copy
      // stored from the first visit's list was fetched without; a navigation to /?anything is the
      // same page, so it also matches without its query
      const hit = (await cache.match(req, { ignoreVary: true }))
        ?? (req.mode === 'navigate' ? await cache.match(req, { ignoreSearch: true, ignoreVary: true }) : undefined);
      if (hit) return hit;
      throw err;
    }
  })());
});
