// Broadsheet's service worker, written by `broadsheet build` (builder/src/outputs/offline).
// Only CONFIG differs between sites and builds.
//
// Caches are named `bs-<kind>[-<version>]@<base path>`, so Broadsheet sites sharing an
// origin under different base paths never touch each other's caches:
//   precache-<v>  hashed app files, offline page, icons, manifest   at install
//   pages-<v>     pages read: network first                          bounded
//   lists-<v>     API listings: stale while revalidate               bounded
//   articles-<v>  API articles: cache first                          bounded
//   images-<v>    media: cache first                                 bounded
//   saved         what the reader saved: no build version, so it survives deploys; the
//                 fallback for pages, articles and images. Bounded, but never evicted:
//                 a save past the bound is refused (the reader removes one first)
//
// Why versions never mix:
// - A page always comes from the network when it can, so after one reload the reader
//   runs the newest HTML, and that HTML names the newest hashed files. A worker that is
//   still the old one does not have those names in its precache and fetches them from
//   the network: new HTML always runs with new assets.
// - Offline, a page comes from this version's `pages` cache, whose assets are in this
//   version's precache. A page is only kept if it names this build's hashed files
//   (MARKERS); a page of a newer deploy is not kept, and prompts an update check.
// - Old caches are deleted on activate only. A new version activates when no page
//   controlled by the old one is left open, or when a page asked it to (the reader
//   pressed "reload"), and that page reloads as soon as the new worker takes over.
// - Saved pages keep the stylesheets they name in `saved` (hashed names never change
//   content), so a page saved before a deploy still shows as it was, offline. Its
//   scripts are not kept: a pre-rendered page reads without them.
'use strict';

const CONFIG = __CONFIG__;

const BASE = CONFIG.base;
const ORIGIN = self.location.origin;
const cacheName = (kind) => `bs-${kind}@${BASE}`;
const PRECACHE = cacheName(`precache-${CONFIG.version}`);
const SAVED = cacheName('saved');
const RUNTIME = {};
for (const kind of ['pages', 'lists', 'articles', 'images']) {
  RUNTIME[kind] = { name: cacheName(`${kind}-${CONFIG.version}`), max: CONFIG.bounds[kind] };
}
const CURRENT = [PRECACHE, SAVED, ...Object.values(RUNTIME).map((cache) => cache.name)];

const urlOf = (path) => new URL(BASE + path, ORIGIN).href;
const PRECACHE_URLS = CONFIG.precache.map(urlOf);
const PRECACHED = new Set(PRECACHE_URLS);
const OFFLINE_URL = urlOf(CONFIG.offline);
const MARKERS = CONFIG.markers.map((path) => BASE + path);
// Trunk's hash is hex without leading zeros: 12 to 16 digits, as `outputs/files.rs` reads it.
const HASHED = /-[0-9a-fA-F]{12,16}(?:_bg)?\.[A-Za-z0-9]+$/;
const STYLESHEET_HREF = /href="([^"]*-[0-9a-fA-F]{12,16}\.css)"/g;
const TIMED_OUT = Symbol('timed out');
const MAX_SAVE_URLS = 20;

// ---- Life cycle -------------------------------------------------------------------

self.addEventListener('install', (event) => {
  // No skipWaiting: this version waits until no page of the old one is open, or until
  // a page asks (message `skip-waiting`). Hashed files may come from the HTTP cache
  // (their name fixes their content, and the page has usually just loaded them: no
  // second download of the wasm); the rest skips it, so the precache holds what the
  // server has now.
  const cacheMode = (url) => (HASHED.test(new URL(url).pathname) ? 'default' : 'reload');
  const requests = PRECACHE_URLS.map((url) => new Request(url, { cache: cacheMode(url) }));
  event.waitUntil(caches.open(PRECACHE).then((cache) => cache.addAll(requests)));
  raceApiDocuments(event);
});

// Where the browser routes requests itself (the static routing API, Chromium 123+), an API
// document goes to the network and to this worker at once, and the first good answer is
// used: a failed or non-OK network answer leaves it to this worker (its copy, offline or
// when the host answers with an error). Online, the app's documents then do not wait for
// the worker's hops (BENCHMARKS.md: about 17 ms of an article click on a slow machine), and
// the worker still keeps a copy of what it fetched. The price: a document the worker holds
// is asked of the host again. Elsewhere, and if the browser refuses the rule, the fetch
// handler alone answers, as before.
function raceApiDocuments(event) {
  if (typeof event.addRoutes !== 'function') return;
  const literal = (text) => text.replace(/[\\:*(){}?+]/g, '\\$&');
  const { protocol, hostname, port } = self.location;
  const rule = {
    condition: {
      urlPattern: {
        protocol: literal(protocol.replace(/:$/, '')),
        hostname: literal(hostname),
        port: literal(port),
        pathname: `${literal(BASE)}api/v1/*`,
      },
    },
    source: 'race-network-and-fetch-handler',
  };
  try {
    Promise.resolve(event.addRoutes(rule)).catch(() => {});
  } catch {
    // A browser that knows addRoutes but not this rule: the fetch handler answers.
  }
}

self.addEventListener('activate', (event) => {
  event.waitUntil(activate());
});

async function activate() {
  const stale = (await caches.keys()).filter((name) => isThisSites(name) && !CURRENT.includes(name));
  await Promise.all(stale.map((name) => caches.delete(name)));
  await pruneSavedStylesheets().catch(() => {});
  await self.clients.claim();
  await keepOpenPages().catch(() => {});
}

// The pages open when the worker first installs were loaded without it: keep them
// too (from the HTTP cache, mostly), so the first page a reader opened reads offline.
async function keepOpenPages() {
  for (const client of await self.clients.matchAll({ type: 'window' })) {
    const url = new URL(client.url);
    if (url.origin !== ORIGIN || !url.pathname.startsWith(BASE)) continue;
    const key = keyOf(url.href);
    if (await matchIn([RUNTIME.pages.name], key)) continue;
    const response = await fetch(key).catch(() => null);
    if (response && response.ok) await keepPage(key, response);
  }
}

// Ours: `bs-…@<this base path>` exactly (base paths hold no `@`).
function isThisSites(name) {
  const at = name.indexOf('@');
  return name.startsWith('bs-') && at >= 0 && name.slice(at + 1) === BASE;
}

// ---- Requests ---------------------------------------------------------------------

self.addEventListener('fetch', (event) => {
  const strategy = strategyFor(event.request);
  if (!strategy) return; // not ours: the browser fetches it as if there were no worker
  const work = backgroundWork(event);
  const response = strategy(event, work.add).catch(() => unavailable());
  event.respondWith(response);
  response.then(work.done);
});

function strategyFor(request) {
  if (request.method !== 'GET' || request.headers.has('range')) return null;
  const url = new URL(request.url);
  if (url.origin !== ORIGIN || !url.pathname.startsWith(BASE)) return null;
  const path = url.pathname.slice(BASE.length);
  if (path === 'sw.js') return null;
  if (isPage(request, path)) return networkFirst;
  if (PRECACHED.has(keyOf(url))) return precached;
  if (HASHED.test(path)) return hashed;
  if (path.startsWith('api/v1/articles/')) return (event, add) => cacheFirst(event, add, RUNTIME.articles);
  if (path.startsWith('api/v1/')) return staleWhileRevalidate;
  if (path.startsWith('media/')) return (event, add) => cacheFirst(event, add, RUNTIME.images);
  return null;
}

function isPage(request, path) {
  return request.mode === 'navigate' || path === '' || path.endsWith('/') || path.endsWith('.html');
}

// Pages: the network, revalidating any HTTP-cached copy (a page still fresh in the
// HTTP cache may be of the previous deploy). After CONFIG.pageTimeoutMs, this
// version's copy or the saved one. With no copy, the network until
// CONFIG.pageGiveUpMs (a slow network should still get the page rather than the
// offline page), then the offline page. A server error only when no copy exists.
async function networkFirst(event, add) {
  const key = keyOf(event.request.url);
  const network = fromNetwork(revalidating(event.request), (copy) => keepPage(key, copy));
  add(network.stored);
  const first = await within(network.response, CONFIG.pageTimeoutMs);
  if (first && first !== TIMED_OUT && first.status < 500) return first;
  const copy = await matchPage(key);
  if (copy) return copy;
  const late = first === TIMED_OUT
    ? await within(network.response, CONFIG.pageGiveUpMs - CONFIG.pageTimeoutMs)
    : first;
  if (late && late !== TIMED_OUT) return late;
  return (await matchIn([PRECACHE], OFFLINE_URL)) || unavailable();
}

function revalidating(request) {
  try {
    return new Request(request, { cache: 'no-cache' });
  } catch {
    return request; // an engine that cannot copy a navigation request: as it is
  }
}

// A page is kept for offline reading only if it is HTML of this build.
async function keepPage(key, response) {
  if (!isHtml(response)) return;
  const html = await response.text();
  if (!MARKERS.every((marker) => html.includes(marker))) {
    // A newer deploy: its assets are not in this precache. Fetch its worker now.
    await self.registration.update();
    return;
  }
  await putBounded(RUNTIME.pages, key, rebuilt(response, html));
}

// `…/city` offline finds the copy of `…/city/` (hosts redirect one to the other).
async function matchPage(key) {
  const candidates = /\/[^/.]+$/.test(new URL(key).pathname) ? [key, `${key}/`] : [key];
  for (const candidate of candidates) {
    const hit = await matchIn([RUNTIME.pages.name, SAVED, PRECACHE], candidate);
    if (hit) return hit;
  }
  return undefined;
}

async function precached(event) {
  return (await matchIn([PRECACHE], keyOf(event.request.url))) || fetch(event.request);
}

// A hashed file of another build (a saved page's stylesheet, or an old page's script):
// its content never changes, so a saved copy is as good as the network's.
async function hashed(event) {
  return (await matchIn([SAVED], keyOf(event.request.url))) || fetch(event.request);
}

async function cacheFirst(event, add, runtime) {
  const key = keyOf(event.request.url);
  const hit = await matchIn([runtime.name], key);
  if (hit) return hit;
  const network = fromNetwork(event.request, (copy) => putBounded(runtime, key, copy));
  add(network.stored);
  const response = await network.response;
  if (response && response.status < 500) return response;
  return (await matchIn([SAVED], key)) || response || unavailable();
}

async function staleWhileRevalidate(event, add) {
  const key = keyOf(event.request.url);
  const network = fromNetwork(event.request, (copy) => putBounded(RUNTIME.lists, key, copy));
  add(network.stored);
  return (await matchIn([RUNTIME.lists.name], key)) || (await network.response) || unavailable();
}

// The network's response (null when the network failed) and, separately, the work of
// storing a copy of it (`store` gets a clone, taken before the page reads the body).
// A copy that cannot be stored is fetched once more, on its own: when Chromium races an
// API document, storing the worker's copy sometimes fails ("Cache.put() encountered a
// network error"), and the article just read would not be kept for offline reading.
function fromNetwork(request, store) {
  const fetched = fetch(request).then((response) => ({ response, copy: response.ok ? response.clone() : null }));
  return {
    response: fetched.then((got) => got.response, () => null),
    stored: fetched.then((got) => got.copy && store(got.copy).catch(() => storeAgain(request.url, store))),
  };
}

async function storeAgain(url, store) {
  const response = await fetch(url);
  if (response.ok) await store(response);
}

// ---- Caches -----------------------------------------------------------------------

// The key a URL is cached under: pages, API documents and media do not vary with a
// query string or a fragment on a static host.
function keyOf(url) {
  const parsed = new URL(url);
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}

async function matchIn(names, key) {
  for (const cacheName of names) {
    const hit = await caches.match(key, { cacheName, ignoreVary: true });
    if (hit) return hit;
  }
  return undefined;
}

// Puts, then deletes the oldest entries beyond the bound. put() re-inserts, so a cache's
// entries are in the order they were last stored. That order is read once per start of
// the worker (keys() lists entries in insertion order) and then kept here, by the caches'
// only writer, so a put does not list the whole cache again.
const STORED_ORDER = {};

async function putBounded(runtime, key, response) {
  const cache = await caches.open(runtime.name);
  const order = await storedOrder(runtime.name, cache);
  await cache.put(key, storable(response));
  const at = order.indexOf(key);
  if (at >= 0) order.splice(at, 1);
  order.push(key);
  const excess = order.splice(0, Math.max(0, order.length - runtime.max));
  await Promise.all(excess.map((url) => cache.delete(url)));
}

function storedOrder(name, cache) {
  STORED_ORDER[name] ||= cache.keys().then(
    (requests) => requests.map((request) => request.url),
    (error) => { delete STORED_ORDER[name]; throw error; },
  );
  return STORED_ORDER[name];
}

// A redirected response cannot answer a navigation: keep its content, not its history.
function storable(response) {
  return response.redirected ? rebuilt(response, response.body) : response;
}

function rebuilt(response, body) {
  const { status, statusText, headers } = response;
  return new Response(body, { status, statusText, headers });
}

function isHtml(response) {
  return Boolean(response) && (response.headers.get('content-type') || '').includes('text/html');
}

function unavailable() {
  return new Response('', { status: 503, statusText: 'Offline', headers: { 'Cache-Control': 'no-store' } });
}

// ---- Helpers for events -----------------------------------------------------------

// Keeps the worker alive for cache writes the response does not wait for. Every `add`
// happens before the response settles, and `done` is called when it has.
function backgroundWork(event) {
  const pending = [];
  let finish;
  event.waitUntil(new Promise((resolve) => { finish = resolve; }));
  return {
    add: (promise) => { pending.push(Promise.resolve(promise).catch(() => {})); },
    done: () => finish(Promise.all(pending)),
  };
}

function within(promise, ms) {
  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(resolve, ms, TIMED_OUT); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---- Messages from pages ----------------------------------------------------------

const REQUESTS = { save, unsave, 'saved-list': savedList };

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'skip-waiting') {
    event.waitUntil(self.skipWaiting());
    return;
  }
  const handler = REQUESTS[data.type];
  if (!handler) return;
  const port = event.ports && event.ports[0];
  const reply = (message) => port && port.postMessage(message);
  event.waitUntil(Promise.resolve(data).then(handler).then(
    (result) => reply({ ok: true, ...result }),
    (error) => reply({ ok: false, error: String((error && error.message) || error) }),
  ));
});

// Saves pages, article documents and images (all or none), with the stylesheets the
// pages name. Copies come from this version's caches when there, else the network.
async function save({ urls }) {
  const keys = savableKeys(urls);
  const copies = await Promise.all(keys.map((key) => copyOf(key, Object.values(RUNTIME).map((c) => c.name))));
  const stylesheets = new Set((await Promise.all(copies.map(([key, response]) => stylesheetsOf(key, response)))).flat());
  const styleCopies = await Promise.all([...stylesheets].map((url) => copyOf(url, [PRECACHE, SAVED])));
  const saved = await caches.open(SAVED);
  const held = new Set((await saved.keys()).map((request) => request.url));
  const adding = [...copies, ...styleCopies].filter(([key]) => !held.has(key)).length;
  if (held.size + adding > CONFIG.bounds.saved) throw new Error('saved list is full');
  await Promise.all([...copies, ...styleCopies].map(([key, response]) => saved.put(key, storable(response))));
  return { urls: keys };
}

async function unsave({ urls }) {
  const keys = savableKeys(urls);
  const saved = await caches.open(SAVED);
  await Promise.all(keys.map((key) => saved.delete(key)));
  await pruneSavedStylesheets();
  return { urls: keys };
}

async function savedList() {
  const saved = await caches.open(SAVED);
  const urls = (await saved.keys()).map((request) => request.url);
  return { urls: urls.filter((url) => !isStylesheet(url)) };
}

// URLs (absolute, or relative to the base path) of this site, as cache keys.
function savableKeys(urls) {
  if (!Array.isArray(urls) || urls.length === 0 || urls.length > MAX_SAVE_URLS) {
    throw new Error(`urls must list 1 to ${MAX_SAVE_URLS} URLs`);
  }
  return urls.map((url) => {
    const parsed = new URL(String(url), urlOf(''));
    if (parsed.origin !== ORIGIN || !parsed.pathname.startsWith(BASE)) {
      throw new Error(`not a URL of this site: ${url}`);
    }
    return keyOf(parsed);
  });
}

async function copyOf(key, cacheNames) {
  const cached = await matchIn(cacheNames, key);
  if (cached) return [key, cached];
  const response = await fetch(key).catch(() => null);
  if (response && response.ok) return [key, response];
  throw new Error(`cannot save ${key}: ${response ? `HTTP ${response.status}` : 'offline'}`);
}

async function stylesheetsOf(pageUrl, response) {
  if (!isHtml(response)) return [];
  const html = await response.clone().text();
  return [...html.matchAll(STYLESHEET_HREF)]
    .map((match) => new URL(match[1], pageUrl))
    .filter((url) => url.origin === ORIGIN && url.pathname.startsWith(BASE))
    .map((url) => keyOf(url));
}

function isStylesheet(url) {
  return HASHED.test(new URL(url).pathname) && url.endsWith('.css');
}

// Drops saved stylesheets that no saved page names any more.
async function pruneSavedStylesheets() {
  const saved = await caches.open(SAVED);
  const requests = await saved.keys();
  const pages = requests.filter((request) => !isStylesheet(request.url));
  const named = await Promise.all(pages.map(async (request) => stylesheetsOf(request.url, await saved.match(request))));
  const needed = new Set(named.flat());
  const unneeded = requests.filter((request) => isStylesheet(request.url) && !needed.has(request.url));
  await Promise.all(unneeded.map((request) => saved.delete(request)));
}
