// A small fake of what a service worker sees (ServiceWorkerGlobalScope, CacheStorage,
// Cache, fetch, clients, events), enough to run the generated sw.js in Node.
// Caches keep entries in insertion order and re-insert on put, like the Cache API.

import vm from 'node:vm';
import { readFileSync } from 'node:fs';

export const ORIGIN = 'https://example.org';

const keyOf = (request) => (typeof request === 'string' ? new URL(request, ORIGIN).href : request.url);
const withoutSearch = (url) => { const u = new URL(url); u.search = ''; return u.href; };

export class FakeCache {
  constructor(storage) {
    this.storage = storage;
    this.entries = []; // { url, body, init }
  }

  find(request, options = {}) {
    const url = keyOf(request);
    const same = options.ignoreSearch ? (e) => withoutSearch(e.url) === withoutSearch(url) : (e) => e.url === url;
    return this.entries.find(same);
  }

  async match(request, options) {
    const entry = this.find(request, options);
    if (!entry) return undefined;
    return new Response(entry.body, entry.init);
  }

  async put(request, response) {
    if (response.bodyUsed) throw new TypeError('Cache.put: response body already used');
    if (response.status === 206) throw new TypeError('Cache.put: partial response');
    const url = keyOf(request);
    const body = await response.arrayBuffer();
    if (this.storage.breaking.delete(url)) {
      throw new DOMException('Cache.put() encountered a network error', 'NetworkError');
    }
    const init = { status: response.status, statusText: response.statusText, headers: [...response.headers] };
    this.entries = this.entries.filter((e) => e.url !== url);
    this.entries.push({ url, body, init });
  }

  async addAll(requests) {
    const responses = await Promise.all(requests.map((r) => this.storage.scopeFetch(r)));
    if (responses.some((r) => !r.ok)) throw new TypeError('Cache.addAll: a response was not ok');
    for (const [i, response] of responses.entries()) await this.put(requests[i], response);
  }

  async keys() {
    return this.entries.map((e) => new Request(e.url));
  }

  async delete(request) {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.url !== keyOf(request));
    return this.entries.length < before;
  }

  urls() {
    return this.entries.map((e) => e.url);
  }
}

export class FakeCacheStorage {
  constructor() {
    this.caches = new Map();
    // URLs whose next put fails as if the response's body broke off (seen in Chromium).
    this.breaking = new Set();
    this.scopeFetch = () => Promise.reject(new TypeError('no network'));
  }

  async open(name) {
    if (!this.caches.has(name)) this.caches.set(name, new FakeCache(this));
    return this.caches.get(name);
  }

  async has(name) { return this.caches.has(name); }
  async delete(name) { return this.caches.delete(name); }
  async keys() { return [...this.caches.keys()]; }

  async match(request, options = {}) {
    const names = options.cacheName ? [options.cacheName] : [...this.caches.keys()];
    for (const name of names) {
      const cache = this.caches.get(name);
      const hit = cache && (await cache.match(request, options));
      if (hit) return hit;
    }
    return undefined;
  }

  // For assertions: the URLs in cache `name` (or undefined when there is none).
  urls(name) {
    const cache = this.caches.get(name);
    return cache && cache.urls();
  }
}

// The site as the network serves it: path → { body, type, status }; `offline` makes
// every fetch fail, `delay` (ms) slows every response.
export class FakeServer {
  constructor(files = {}) {
    this.files = new Map(Object.entries(files));
    this.offline = false;
    this.delay = 0;
    this.requests = [];
  }

  set(path, body, type = typeFor(path), status = 200) {
    this.files.set(path, { body, type, status });
  }

  async fetch(input) {
    const request = typeof input === 'string' ? new Request(input) : input;
    this.requests.push({ url: request.url, cache: request.cache });
    if (this.delay) await new Promise((resolve) => setTimeout(resolve, this.delay));
    if (this.offline) throw new TypeError('Failed to fetch');
    const url = new URL(request.url);
    const file = url.origin === ORIGIN && this.files.get(url.pathname);
    if (!file) return new Response('not found', { status: 404, headers: { 'content-type': 'text/html' } });
    if (typeof file === 'string') return new Response(file, { headers: { 'content-type': typeFor(url.pathname) } });
    return new Response(file.body, { status: file.status || 200, headers: { 'content-type': file.type } });
  }

  fetched(path) {
    return this.requests.filter((r) => new URL(r.url).pathname === path).length;
  }
}

function typeFor(path) {
  if (path.endsWith('/') || path.endsWith('.html')) return 'text/html; charset=utf-8';
  if (path.endsWith('.json')) return 'application/json';
  if (path.endsWith('.css')) return 'text/css';
  if (path.endsWith('.js')) return 'text/javascript';
  if (path.endsWith('.webmanifest')) return 'application/manifest+json';
  return 'application/octet-stream';
}

class FakeExtendableEvent {
  constructor(type, init = {}) {
    this.type = type;
    Object.assign(this, init);
    this.lifetime = [];
  }

  waitUntil(promise) { this.lifetime.push(Promise.resolve(promise)); }

  // Settles once every promise given to waitUntil has, including ones added meanwhile.
  async settled() {
    let seen = 0;
    while (seen < this.lifetime.length) {
      seen = this.lifetime.length;
      await Promise.allSettled(this.lifetime);
    }
    return Promise.all(this.lifetime);
  }
}

class FakeFetchEvent extends FakeExtendableEvent {
  respondWith(promise) {
    if (this.responded) throw new Error('respondWith called twice');
    this.responded = Promise.resolve(promise);
    this.waitUntil(this.responded);
  }
}

// One worker script running in its own global scope, over a (possibly shared) cache
// storage and server.
export class FakeWorker {
  // `staticRouting`: the install event has addRoutes (the static routing API), whose
  // rules are kept in `routes`.
  constructor(scriptPath, { caches = new FakeCacheStorage(), server = new FakeServer(), scriptUrl, staticRouting = false } = {}) {
    this.caches = caches;
    this.staticRouting = staticRouting;
    this.routes = [];
    this.server = server;
    caches.scopeFetch = (request) => server.fetch(request);
    this.listeners = {};
    this.skippedWaiting = 0;
    this.claimed = 0;
    this.updates = 0;
    this.preload = 'unset';
    const worker = this;
    const location = new URL(scriptUrl || '/news/sw.js', ORIGIN);
    const scope = {
      location,
      caches,
      fetch: (request) => server.fetch(request),
      Request, Response, Headers, URL, console, setTimeout, clearTimeout,
      addEventListener: (type, listener) => { (this.listeners[type] ||= []).push(listener); },
      skipWaiting: async () => { worker.skippedWaiting += 1; },
      clients: { claim: async () => { worker.claimed += 1; } },
      registration: {
        scope: new URL('./', location).href,
        update: async () => { worker.updates += 1; },
        navigationPreload: {
          enable: async () => { worker.preload = 'enabled'; },
          disable: async () => { worker.preload = 'disabled'; },
        },
      },
    };
    scope.self = scope;
    vm.createContext(scope);
    vm.runInContext(readFileSync(scriptPath, 'utf8'), scope, { filename: scriptPath });
  }

  dispatch(event) {
    for (const listener of this.listeners[event.type] || []) listener(event);
    return event;
  }

  async install() {
    const event = new FakeExtendableEvent('install');
    if (this.staticRouting) {
      event.addRoutes = async (rules) => { this.routes.push(...[rules].flat()); };
    }
    return this.dispatch(event).settled();
  }

  async activate() {
    return this.dispatch(new FakeExtendableEvent('activate')).settled();
  }

  // A request from a page. Resolves to { response } (undefined when the worker let the
  // browser handle it) and `done`, which settles with the event's background work.
  request(path, { mode = 'cors', method = 'GET', headers = {} } = {}) {
    const request = new Request(new URL(path, ORIGIN), { method, headers });
    Object.defineProperty(request, 'mode', { value: mode });
    const event = this.dispatch(new FakeFetchEvent('fetch', { request }));
    return {
      response: event.responded,
      done: event.settled(),
    };
  }

  navigate(path) {
    return this.request(path, { mode: 'navigate', headers: { accept: 'text/html' } });
  }

  // A message with a reply port; resolves to the reply (or undefined without one).
  async message(data) {
    let reply;
    // Replies are structured clones, as postMessage makes them.
    const port = { postMessage: (message) => { reply = structuredClone(message); } };
    await this.dispatch(new FakeExtendableEvent('message', { data, ports: [port] })).settled();
    return reply;
  }
}
