// What the service worker costs a first visit: the same page opened in a fresh browser
// with service workers blocked, then allowed, through a counting proxy in front of the
// site, so requests the worker makes (its script, the precache) are counted like the
// page's. Bytes are response bodies as sent (compressed when the server compresses).
// Waits until the page is quiet: the app has taken over, and with the worker, it controls
// the page (installing, so precaching, is done). First contentful paint from the page.
// The proxy sends the `Cache-Control` that the site's `_headers` gives each path, as
// Netlify or Cloudflare Pages would, so the HTTP cache behaves as on a real host.
// Usage: node bench/offline.mjs --path city/some-article/ --headers dist/_headers --out result.json
import { readFileSync } from 'node:fs';
import { createServer, request as forward } from 'node:http';
import { BASE_URL, launch, options, writeJson } from './lib.mjs';
import { workerConfig } from '../tests/e2e/worker-config.mjs';

const opts = options({ path: '', headers: '', out: 'offline.json' });
const upstream = new URL(BASE_URL);

/** `[pattern, Cache-Control]` from a `_headers` file: `/x/*` matches by prefix. */
function cacheRules(file) {
  const rules = [];
  let path = null;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\//.test(line)) path = line.trim();
    const header = line.match(/^\s+Cache-Control:\s*(.+)$/i);
    if (header && path) rules.push([path, header[1].trim()]);
  }
  return rules;
}
const rules = opts.headers ? cacheRules(opts.headers) : [];
const cacheControl = (url) => {
  const path = new URL(url, 'http://x').pathname;
  const hit = rules.find(([p]) => (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path === p));
  return hit?.[1];
};

/** Requests and bytes seen since the last `reset`. */
const seen = { requests: [], reset() { this.requests = []; } };

const proxy = createServer((req, res) => {
  const entry = { path: req.url, bytes: 0 };
  seen.requests.push(entry);
  const out = forward({
    host: upstream.hostname,
    port: upstream.port,
    path: req.url,
    method: req.method,
    headers: { ...req.headers, host: upstream.host },
  }, (answer) => {
    const headers = { ...answer.headers };
    const rule = cacheControl(req.url);
    if (rule) headers['cache-control'] = rule;
    res.writeHead(answer.statusCode, headers);
    answer.on('data', (chunk) => { entry.bytes += chunk.length; });
    answer.pipe(res);
  });
  out.on('error', () => res.destroy());
  req.pipe(out);
});
await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${proxy.address().port}${upstream.pathname}`;

/** Waits until no request arrived for `ms`. */
async function quiet(ms = 1500) {
  let count = -1;
  while (count !== seen.requests.length) {
    count = seen.requests.length;
    await new Promise((r) => setTimeout(r, ms));
  }
}

async function firstVisit(browser, serviceWorkers) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  seen.reset();
  await page.goto(base + opts.path);
  await page.waitForSelector('html[data-app=ready]', { state: 'attached', timeout: 60_000 });
  if (serviceWorkers === 'allow') {
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
  }
  await quiet();
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
  const requests = seen.requests.map((r) => ({ ...r }));
  await context.close();
  if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
  return {
    requests: requests.length,
    bytes: requests.reduce((sum, r) => sum + r.bytes, 0),
    fcp_ms: fcp,
    files: requests,
  };
}

const browser = await launch();
try {
  // Each twice, and the second of each kept: the first warms the server's file cache.
  await firstVisit(browser, 'block');
  const without = await firstVisit(browser, 'block');
  await firstVisit(browser, 'allow');
  const withWorker = await firstVisit(browser, 'allow');
  // Per path, what the worker's visit fetched beyond the plain one (a file fetched twice
  // counts twice).
  const byPath = (files) => files.reduce((m, f) => m.set(f.path, (m.get(f.path) || 0) + f.bytes), new Map());
  const before = byPath(without.files);
  const added = [...byPath(withWorker.files)]
    .map(([path, bytes]) => ({ path, bytes: bytes - (before.get(path) || 0) }))
    .filter((f) => f.bytes > 0 || !before.has(f.path));
  // What the worker precaches, from its CONFIG (the builder's list).
  const script = await (await fetch(`${BASE_URL}sw.js`)).text();
  const precache = workerConfig(script).precache
    .map((p) => new URL(p, BASE_URL).pathname);
  for (const f of added) f.precached = precache.includes(f.path) || f.path.endsWith('/sw.js');
  await writeJson(opts.out, { without, with: withWorker, added });
  console.log(`first visit without the worker: ${without.requests} requests, ${without.bytes} bytes`);
  console.log(`first visit with the worker:    ${withWorker.requests} requests, ${withWorker.bytes} bytes`);
  for (const f of added) console.log(`  + ${f.path} ${f.bytes} bytes${f.precached ? '' : ' (not the worker or its precache)'}`);
} finally {
  await browser.close();
  proxy.close();
}
