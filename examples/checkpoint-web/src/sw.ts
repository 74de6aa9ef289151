/**
 * The service worker: caches every file of the page at install (the list is written into
 * this file by the build), then answers the page's own requests from that cache, so the page
 * opens and works with no network. Requests to other origins (the trust-list sync) are not
 * touched. A new build has a new cache name; the old cache is deleted when it activates.
 */
/// <reference lib="webworker" />

interface Manifest {
  readonly version: string;
  readonly files: readonly string[];
}

const scope = self as unknown as ServiceWorkerGlobalScope;
// Replaced at build time by vite.config.ts with the JSON of { version, files }.
const MANIFEST: Manifest = JSON.parse('__PRECACHE_MANIFEST__') as Manifest;
const CACHE = `checkpoint-${MANIFEST.version}`;
const INDEX = new URL('./', scope.registration.scope).href;

scope.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(MANIFEST.files.map((f) => new Request(new URL(f, scope.registration.scope), { cache: 'reload' }))))
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('checkpoint-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => scope.clients.claim()),
  );
});

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.location.origin) return;
  if (request.mode === 'navigate') {
    // One page: every navigation in scope gets it (its routes are in the fragment).
    event.respondWith(caches.open(CACHE).then(async (cache) => (await cache.match(INDEX)) ?? fetch(request)));
    return;
  }
  event.respondWith(caches.open(CACHE).then(async (cache) => (await cache.match(request, { ignoreSearch: true })) ?? fetch(request)));
});
