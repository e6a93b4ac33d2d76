// Behaviour of the generated sw.js in a fake service worker scope.
// Run by `cargo test` (builder/src/outputs/offline/js_tests.rs), which generates the workers and
// passes their paths in BS_FIXTURES.

import { test, before, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { FakeCacheStorage, FakeServer, FakeWorker, ORIGIN } from './fake-scope.mjs';

const FIXTURES = process.env.BS_FIXTURES;
const builds = FIXTURES ? JSON.parse(readFileSync(FIXTURES, 'utf8')) : null;
const skip = FIXTURES ? false : 'BS_FIXTURES not set: run `cargo test -p broadsheet offline`';

const unhandled = [];
before(() => process.on('unhandledRejection', (error) => unhandled.push(error)));
afterEach(() => assert.deepEqual(unhandled.splice(0), [], 'no unhandled rejections'));

const url = (path) => new URL(path, ORIGIN).href;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const versionOf = (caches, kind) => [...caches.caches.keys()].find((n) => n.startsWith(`bs-${kind}-`));

// A page of `build`: it names the build's hashed files, as every Trunk page does.
function page(build, text) {
  const base = build.base;
  return `<!DOCTYPE html><html><head><link rel="modulepreload" href="${base}${build.js}">`
    + `<link rel="stylesheet" href="${base}${build.css}"></head><body><p>${text}</p>`
    + `<script type="module">import('${base}${build.js}').then((a) => a.default('${base}${build.wasm}'))</script>`
    + '</body></html>';
}

// The server with one build of the site deployed.
function deploy(server, build) {
  const base = build.base;
  for (const key of ['js', 'wasm', 'css']) server.set(base + build[key], `/* ${build[key]} */`);
  server.set(`${base}offline/`, page(build, 'You are offline'));
  server.set(`${base}manifest.webmanifest`, '{}');
  server.set(`${base}icon-192.png`, 'png');
  server.set(`${base}`, page(build, 'Front page'));
  for (const slug of ['a', 'b', 'c', 'd']) server.set(`${base}city/${slug}/`, page(build, `Article ${slug}`));
  server.set(`${base}api/v1/home.json`, '{"latest":[1]}');
  server.set(`${base}api/v1/sections/city/page/1.json`, '{"items":[1]}');
  server.set(`${base}api/v1/tags/x/page/1.json`, '{"items":[2]}');
  server.set(`${base}api/v1/site.json`, '{"title":"t"}');
  for (const slug of ['a', 'b', 'c']) server.set(`${base}api/v1/articles/${slug}.json`, `{"slug":"${slug}"}`);
  for (const n of [1, 2, 3]) server.set(`${base}media/${n}.jpg`, `jpeg ${n}`, 'image/jpeg');
  server.set(`${base}feed.xml`, '<rss/>', 'application/rss+xml');
}

// A worker of `label` that has installed and activated on a server with its build.
async function running(label, { caches = new FakeCacheStorage(), server = new FakeServer(), staticRouting = false } = {}) {
  const build = builds[label];
  if (!server.files.size) deploy(server, build);
  const worker = new FakeWorker(build.script, { caches, server, scriptUrl: `${build.base}sw.js`, staticRouting });
  await worker.install();
  await worker.activate();
  return worker;
}

async function text(pending) {
  const response = await pending.response;
  await pending.done;
  return response && { status: response.status, body: await response.text() };
}

test('install precaches the exact list into a versioned cache', { skip }, async () => {
  const caches = new FakeCacheStorage();
  const server = new FakeServer();
  const v1 = builds.v1;
  deploy(server, v1);
  const worker = new FakeWorker(v1.script, { caches, server });
  await worker.install();
  const name = versionOf(caches, 'precache');
  assert.match(name, /^bs-precache-[0-9a-f]{16}@\/news\/$/);
  const expected = [v1.js, v1.wasm, v1.css, 'icon-192.png', 'manifest.webmanifest', 'offline/'].map((p) => url(`/news/${p}`));
  assert.deepEqual(caches.urls(name).sort(), expected.sort());
  const modes = Object.fromEntries(server.requests.map((r) => [new URL(r.url).pathname.slice(6), r.cache]));
  assert.deepEqual(modes, {
    [v1.js]: 'default', [v1.wasm]: 'default', [v1.css]: 'default',
    'icon-192.png': 'reload', 'manifest.webmanifest': 'reload', 'offline/': 'reload',
  }, 'hashed files may come from the HTTP cache, the rest skips it');
  assert.equal(worker.skippedWaiting, 0, 'install does not skip waiting');
  assert.equal(worker.claimed, 0);
});

test('install fails as a whole when a precached file is missing', { skip }, async () => {
  const caches = new FakeCacheStorage();
  const server = new FakeServer();
  deploy(server, builds.v1);
  server.files.delete('/news/offline/');
  const worker = new FakeWorker(builds.v1.script, { caches, server });
  await assert.rejects(worker.install());
  assert.deepEqual(caches.urls(versionOf(caches, 'precache')), []);
});

test('activate deletes every old cache of this site but saved, and leaves other sites alone', { skip }, async () => {
  const caches = new FakeCacheStorage();
  const server = new FakeServer();
  const old = await running('v1', { caches, server });
  await text(old.navigate('/news/city/a/'));
  await text(old.request('/news/api/v1/home.json'));
  await text(old.request('/news/api/v1/articles/a.json'));
  await text(old.request('/news/media/1.jpg'));
  assert.equal((await old.message({ type: 'save', urls: ['/news/city/b/'] })).ok, true);
  for (const name of ['bs-pages-0000000000000000@/', 'bs-saved@/', 'bs-precache-0@/news2/', 'someone-elses-cache']) await caches.open(name);
  const oldNames = [...caches.caches.keys()].filter((n) => n.endsWith('@/news/') && n !== 'bs-saved@/news/');
  assert.equal(oldNames.length, 5, oldNames.join());

  deploy(server, builds.v2);
  const fresh = new FakeWorker(builds.v2.script, { caches, server });
  await fresh.install();
  assert.ok(oldNames.every((n) => caches.caches.has(n)), 'nothing is deleted before activate');
  await fresh.activate();
  const left = [...caches.caches.keys()];
  assert.ok(oldNames.every((n) => !left.includes(n)), left.join());
  for (const kept of ['bs-saved@/news/', 'bs-pages-0000000000000000@/', 'bs-saved@/', 'bs-precache-0@/news2/', 'someone-elses-cache']) {
    assert.ok(left.includes(kept), kept);
  }
  assert.ok(caches.urls('bs-saved@/news/').includes(url('/news/city/b/')));
  assert.equal(fresh.claimed, 1);
});

test('pages: network first, a copy kept in the pages cache', { skip }, async () => {
  const worker = await running('v1');
  const got = await text(worker.navigate('/news/city/a/'));
  assert.equal(got.status, 200);
  assert.match(got.body, /Article a/);
  assert.deepEqual(worker.caches.urls(versionOf(worker.caches, 'pages')), [url('/news/city/a/')]);
  const fetched = worker.server.requests.filter((r) => r.url === url('/news/city/a/'));
  assert.deepEqual(fetched.map((r) => r.cache), ['no-cache'], 'HTTP-cached pages are revalidated');
  worker.server.set('/news/city/a/', page(builds.v1, 'Article a, corrected'));
  assert.match((await text(worker.navigate('/news/city/a/'))).body, /corrected/, 'the network wins when it answers');
});

test('pages: offline, the cached copy, else the saved one, else the offline page', { skip }, async () => {
  const worker = await running('v1');
  await text(worker.navigate('/news/city/a/'));
  assert.equal((await worker.message({ type: 'save', urls: ['/news/city/b/'] })).ok, true);
  worker.server.offline = true;
  assert.match((await text(worker.navigate('/news/city/a/'))).body, /Article a/);
  assert.match((await text(worker.navigate('/news/city/b/'))).body, /Article b/);
  const offline = await text(worker.navigate('/news/city/c/'));
  assert.equal(offline.status, 200);
  assert.match(offline.body, /You are offline/);
  assert.match((await text(worker.navigate('/news/city/a/?utm_source=x#top'))).body, /Article a/, 'query and fragment ignored');
  assert.match((await text(worker.navigate('/news/city/a'))).body, /Article a/, 'missing slash found');
});

test('pages: a slow network gives the cached copy after the timeout, and still refreshes it', { skip }, async () => {
  const worker = await running('v1');
  await text(worker.navigate('/news/city/a/'));
  worker.server.set('/news/city/a/', page(builds.v1, 'Article a, updated'));
  worker.server.delay = 300; // timeout 50 ms, give-up 600 ms
  const pending = worker.navigate('/news/city/a/');
  const response = await pending.response;
  assert.match(await response.text(), /Article a</, 'the copy, not the slow network');
  await pending.done;
  const pages = versionOf(worker.caches, 'pages');
  const cached = await worker.caches.match(url('/news/city/a/'), { cacheName: pages });
  assert.match(await cached.text(), /updated/, 'the late response refreshed the copy');
});

test('pages: a slow network with nothing cached is awaited up to the give-up time', { skip }, async () => {
  const worker = await running('v1');
  worker.server.delay = 200; // timeout 50 ms, give-up 600 ms
  assert.match((await text(worker.navigate('/news/city/a/'))).body, /Article a/, 'arrives before give-up');
  worker.server.delay = 1500;
  const started = Date.now();
  const got = await text(worker.navigate('/news/city/b/'));
  assert.match(got.body, /You are offline/);
  assert.ok(Date.now() - started >= 590, 'gave up after 600 ms');
});

test('pages: a server error is replaced by a copy when there is one', { skip }, async () => {
  const worker = await running('v1');
  await text(worker.navigate('/news/city/a/'));
  worker.server.set('/news/city/a/', 'down', 'text/html', 503);
  worker.server.set('/news/city/b/', 'down', 'text/html', 503);
  assert.match((await text(worker.navigate('/news/city/a/'))).body, /Article a/);
  assert.equal((await text(worker.navigate('/news/city/b/'))).status, 503);
  assert.equal((await text(worker.navigate('/news/city/zzz/'))).status, 404, 'a 404 passes through');
  assert.deepEqual(worker.caches.urls(versionOf(worker.caches, 'pages')), [url('/news/city/a/')], 'errors are not kept');
});

test('pages: a page of another build is not kept, and prompts an update check', { skip }, async () => {
  const worker = await running('v1');
  worker.server.set('/news/city/a/', page(builds.v2, 'Article a from the next deploy'));
  assert.match((await text(worker.navigate('/news/city/a/'))).body, /next deploy/, 'still served');
  assert.deepEqual(worker.caches.urls(versionOf(worker.caches, 'pages')) || [], []);
  assert.equal(worker.updates, 1);
  await text(worker.navigate('/news/feed.xml'));
  assert.deepEqual(worker.caches.urls(versionOf(worker.caches, 'pages')) || [], [], 'non-HTML is not kept');
  assert.equal(worker.updates, 1, 'non-HTML is no sign of a new build');
});

test('lists: stale while revalidate', { skip }, async () => {
  const worker = await running('v1');
  assert.equal((await text(worker.request('/news/api/v1/home.json'))).body, '{"latest":[1]}');
  worker.server.set('/news/api/v1/home.json', '{"latest":[2]}');
  assert.equal((await text(worker.request('/news/api/v1/home.json'))).body, '{"latest":[1]}', 'stale first');
  assert.equal((await text(worker.request('/news/api/v1/home.json'))).body, '{"latest":[2]}', 'then revalidated');
  worker.server.offline = true;
  assert.equal((await text(worker.request('/news/api/v1/home.json'))).body, '{"latest":[2]}');
  assert.equal((await text(worker.request('/news/api/v1/site.json'))).status, 503, 'nothing cached, offline');
});

test('articles and media: cache first', { skip }, async () => {
  const worker = await running('v1');
  for (const path of ['/news/api/v1/articles/a.json', '/news/media/1.jpg']) {
    const first = await text(worker.request(path));
    worker.server.set(path, 'changed');
    assert.deepEqual(await text(worker.request(path)), first, path);
    assert.equal(worker.server.fetched(path), 1, `${path} fetched once`);
  }
  worker.server.offline = true;
  assert.equal((await text(worker.request('/news/api/v1/articles/c.json'))).status, 503);
  worker.server.offline = false;
  worker.server.set('/news/api/v1/articles/c.json', 'down', 'text/plain', 500);
  assert.equal((await text(worker.request('/news/api/v1/articles/c.json'))).status, 500, 'nothing saved: the error');
  assert.equal((await worker.message({ type: 'save', urls: ['/news/media/2.jpg'] })).ok, true);
  worker.server.set('/news/media/2.jpg', 'down', 'text/plain', 502);
  assert.equal((await text(worker.request('/news/media/2.jpg'))).body, 'jpeg 2', 'a server error gives the saved copy');
});

test('every runtime cache keeps its bound, evicting the oldest first', { skip }, async () => {
  const worker = await running('v1'); // bounds: pages 3, lists 2, articles 2, images 2
  for (const slug of ['a', 'b', 'c']) await text(worker.navigate(`/news/city/${slug}/`));
  await text(worker.navigate('/news/city/a/')); // re-stored: now the newest
  await text(worker.navigate('/news/city/d/'));
  const pages = worker.caches.urls(versionOf(worker.caches, 'pages'));
  assert.deepEqual(pages, ['c', 'a', 'd'].map((s) => url(`/news/city/${s}/`)));
  for (const p of ['home.json', 'sections/city/page/1.json', 'tags/x/page/1.json']) await text(worker.request(`/news/api/v1/${p}`));
  assert.deepEqual(worker.caches.urls(versionOf(worker.caches, 'lists')), ['sections/city/page/1.json', 'tags/x/page/1.json'].map((p) => url(`/news/api/v1/${p}`)));
  for (const s of ['a', 'b', 'c']) await text(worker.request(`/news/api/v1/articles/${s}.json`));
  assert.deepEqual(worker.caches.urls(versionOf(worker.caches, 'articles')), ['b', 'c'].map((s) => url(`/news/api/v1/articles/${s}.json`)));
  for (const n of [1, 2, 3]) await text(worker.request(`/news/media/${n}.jpg`));
  assert.deepEqual(worker.caches.urls(versionOf(worker.caches, 'images')), [2, 3].map((n) => url(`/news/media/${n}.jpg`)));
});

test('a restarted worker reads the order of its caches once, then keeps the bound', { skip }, async () => {
  const caches = new FakeCacheStorage();
  const first = await running('v1', { caches }); // bounds: articles 2
  for (const s of ['a', 'b']) await text(first.request(`/news/api/v1/articles/${s}.json`));
  const name = versionOf(caches, 'articles');
  const listed = (cache) => { let n = 0; const keys = cache.keys.bind(cache); cache.keys = () => { n += 1; return keys(); }; return () => n; };
  const lists = listed(caches.caches.get(name));
  // The browser stopped the worker; it starts again over the same caches.
  const again = new FakeWorker(builds.v1.script, { caches, server: first.server, scriptUrl: '/news/sw.js' });
  for (const s of ['c', 'a']) await text(again.request(`/news/api/v1/articles/${s}.json`));
  assert.deepEqual(caches.urls(name), ['c', 'a'].map((s) => url(`/news/api/v1/articles/${s}.json`)), 'the oldest (b) went first');
  assert.equal(lists(), 1, 'the cache was listed once, not at every put');
});

test('API documents race the network where the browser routes requests itself', { skip }, async () => {
  const worker = await running('v1', { staticRouting: true });
  assert.deepEqual(JSON.parse(JSON.stringify(worker.routes)), [{
    condition: { urlPattern: { protocol: 'https', hostname: 'example.org', port: '', pathname: '/news/api/v1/*' } },
    source: 'race-network-and-fetch-handler',
  }]);
  // What the rule leaves to the worker is answered as before: offline, the copy it kept.
  await text(worker.request('/news/api/v1/articles/a.json'));
  worker.server.offline = true;
  assert.equal((await text(worker.request('/news/api/v1/articles/a.json'))).body, '{"slug":"a"}');
  // Pattern syntax in the base path is matched literally.
  assert.equal(builds.special?.base, '/a:b(c)/');
  const special = await running('special', { staticRouting: true });
  assert.equal(special.routes[0].condition.urlPattern.pathname, '/a\\:b\\(c\\)/api/v1/*');
});

test('a copy whose body breaks off is fetched once more and kept', { skip }, async () => {
  const worker = await running('v1', { staticRouting: true });
  const path = '/news/api/v1/articles/a.json';
  worker.caches.breaking.add(url(path));
  assert.equal((await text(worker.request(path))).body, '{"slug":"a"}');
  assert.deepEqual(worker.caches.urls(versionOf(worker.caches, 'articles')), [url(path)]);
  assert.equal(worker.server.fetched(path), 2, 'fetched again, once');
  worker.server.offline = true;
  assert.equal((await text(worker.request(path))).body, '{"slug":"a"}', 'offline, the copy');
});

test('hashed files: precached ones without the network, others from the network', { skip }, async () => {
  const worker = await running('v1');
  const before = worker.server.requests.length;
  const css = await text(worker.request(`/news/${builds.v1.css}`));
  assert.equal(css.body, `/* ${builds.v1.css} */`);
  assert.equal(worker.server.requests.length, before, 'served from the precache');
  worker.server.set(`/news/${builds.v2.js}`, 'next');
  assert.equal((await text(worker.request(`/news/${builds.v2.js}`))).body, 'next', 'a newer page gets its new assets');
  worker.server.offline = true;
  assert.equal((await text(worker.request('/news/main-9999999999999999.css'))).status, 503);
  assert.equal((await text(worker.request('/news/manifest.webmanifest'))).body, '{}');
});

test('requests that are not the site’s GETs pass through', { skip }, async () => {
  const worker = await running('v1');
  const ignored = [
    worker.request('https://cdn.example.com/news/media/1.jpg'),
    worker.request('/news/api/v1/home.json', { method: 'POST' }),
    worker.request('/other/page/', { mode: 'navigate' }),
    worker.request('/newsroom/', { mode: 'navigate' }),
    worker.request('/news', { mode: 'navigate' }),
    worker.request('/news/sw.js'),
    worker.request('/news/media/video.mp4', { headers: { range: 'bytes=0-' } }),
    worker.request('/news/feed.xml'),
    worker.request('/news/robots.txt'),
  ];
  for (const pending of ignored) assert.equal(pending.response, undefined);
});

test('save keeps pages with their stylesheet, articles and images, across deploys', { skip }, async () => {
  const caches = new FakeCacheStorage();
  const server = new FakeServer();
  const worker = await running('v1', { caches, server });
  await text(worker.navigate('/news/city/a/'));
  const urls = ['/news/city/a/', url('/news/api/v1/articles/a.json'), 'media/1.jpg'];
  const reply = await worker.message({ type: 'save', urls });
  assert.deepEqual(reply, { ok: true, urls: ['/news/city/a/', '/news/api/v1/articles/a.json', '/news/media/1.jpg'].map(url) });
  assert.deepEqual(caches.urls('bs-saved@/news/').sort(), [...reply.urls, url(`/news/${builds.v1.css}`)].sort());
  assert.equal(server.fetched('/news/city/a/'), 1, 'the page came from the pages cache');
  assert.deepEqual((await worker.message({ type: 'saved-list' })).urls.sort(), [...reply.urls].sort());

  // The next deploy activates; offline, the saved page still has its own stylesheet.
  deploy(server, builds.v2);
  const next = new FakeWorker(builds.v2.script, { caches, server });
  await next.install();
  await next.activate();
  server.offline = true;
  assert.match((await text(next.navigate('/news/city/a/'))).body, /Article a/);
  assert.equal((await text(next.request(`/news/${builds.v1.css}`))).body, `/* ${builds.v1.css} */`);
  assert.equal((await text(next.request('/news/api/v1/articles/a.json'))).body, '{"slug":"a"}');
  assert.equal((await text(next.request('/news/media/1.jpg'))).body, 'jpeg 1');
});

test('save is all or nothing, and only for this site', { skip }, async () => {
  const worker = await running('v1');
  await text(worker.navigate('/news/city/a/'));
  worker.server.offline = true;
  const failed = await worker.message({ type: 'save', urls: ['/news/city/a/', '/news/city/b/'] });
  assert.equal(failed.ok, false);
  assert.match(failed.error, /city\/b\/.*offline/);
  assert.deepEqual(worker.caches.urls('bs-saved@/news/') || [], []);
  const outside = await worker.message({ type: 'save', urls: ['https://evil.example/x'] });
  assert.equal(outside.ok, false);
  assert.match(outside.error, /not a URL of this site/);
  assert.equal((await worker.message({ type: 'save', urls: '/news/' })).ok, false);
  assert.equal((await worker.message({ type: 'save', urls: [] })).ok, false);
  assert.equal((await worker.message({ type: 'save', urls: Array(21).fill('/news/') })).ok, false);
  assert.equal((await worker.message({ type: 'save', urls: ['/news/city/a/'] })).ok, true, 'offline, from the pages cache');
});

test('the saved list has a bound: a save past it is refused, nothing is evicted', { skip }, async () => {
  const worker = await running('v1'); // bounds: saved 6
  const save = (urls) => worker.message({ type: 'save', urls });
  assert.equal((await save(['/news/city/a/', '/news/media/1.jpg'])).ok, true); // + stylesheet: 3
  assert.equal((await save(['/news/city/b/', '/news/media/2.jpg'])).ok, true); // 5
  const full = await save(['/news/city/c/', '/news/media/3.jpg']);
  assert.equal(full.ok, false);
  assert.match(full.error, /full/);
  assert.equal(worker.caches.urls('bs-saved@/news/').length, 5, 'nothing evicted, nothing half-saved');
  assert.equal((await save(['/news/city/a/'])).ok, true, 'saving again what is held adds nothing');
  await worker.message({ type: 'unsave', urls: ['/news/city/b/', '/news/media/2.jpg'] });
  assert.equal((await save(['/news/city/c/', '/news/media/3.jpg'])).ok, true);
});

test('unsave removes entries and the stylesheets no saved page needs', { skip }, async () => {
  const worker = await running('v1');
  assert.equal((await worker.message({ type: 'save', urls: ['/news/city/a/', '/news/city/b/', '/news/media/1.jpg'] })).ok, true);
  const css = url(`/news/${builds.v1.css}`);
  assert.deepEqual(await worker.message({ type: 'unsave', urls: ['/news/city/a/'] }), { ok: true, urls: [url('/news/city/a/')] });
  assert.ok(worker.caches.urls('bs-saved@/news/').includes(css), 'still needed by city/b/');
  await worker.message({ type: 'unsave', urls: ['/news/city/b/'] });
  assert.deepEqual(worker.caches.urls('bs-saved@/news/'), [url('/news/media/1.jpg')]);
  assert.equal((await worker.message({ type: 'unsave', urls: ['/news/never-saved/'] })).ok, true);
});

test('skip-waiting on request only; unknown messages are ignored', { skip }, async () => {
  const worker = await running('v1');
  assert.equal(worker.skippedWaiting, 0);
  assert.equal(await worker.message({ type: 'skip-waiting' }), undefined);
  assert.equal(worker.skippedWaiting, 1);
  assert.equal(await worker.message({ type: 'format-disk' }), undefined);
  assert.equal(await worker.message(null), undefined);
  assert.equal(await worker.message('save'), undefined);
});

test('two sites on one origin keep to their own caches', { skip }, async () => {
  const caches = new FakeCacheStorage();
  const server = new FakeServer();
  deploy(server, builds.root);
  deploy(server, builds.v1);
  const news = await running('v1', { caches, server });
  await text(news.navigate('/news/city/a/'));
  const newsCaches = [...caches.caches.keys()];
  const root = await running('root', { caches, server });
  assert.ok(newsCaches.every((n) => caches.caches.has(n)), 'root activation kept /news/ caches');
  assert.equal(root.request('/news/city/a/', { mode: 'navigate' }).response !== undefined, true, 'root scope covers /news/ paths');
  assert.ok([...caches.caches.keys()].some((n) => /^bs-precache-[0-9a-f]{16}@\/$/.test(n)));
});

test('the kill switch takes over at once, drops caches but saved, and serves nothing', { skip }, async () => {
  const caches = new FakeCacheStorage();
  const server = new FakeServer();
  const worker = await running('v1', { caches, server });
  await text(worker.navigate('/news/city/a/'));
  await worker.message({ type: 'save', urls: ['/news/city/b/'] });
  await caches.open('bs-pages-x@/');
  const kill = new FakeWorker(builds.kill.script, { caches, server });
  await kill.install();
  assert.equal(kill.skippedWaiting, 1);
  await kill.activate();
  assert.deepEqual([...caches.caches.keys()].sort(), ['bs-pages-x@/', 'bs-saved@/news/']);
  assert.equal(kill.claimed, 1);
  assert.equal(kill.request('/news/city/a/', { mode: 'navigate' }).response, undefined);
  assert.equal(kill.preload, 'disabled');
});
