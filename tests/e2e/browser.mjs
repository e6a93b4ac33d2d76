// Shared helpers for the end-to-end journeys: Debian's Chromium driven by playwright-core,
// against the site that `cargo xtask test` serves from dist/ at BASE_URL.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.BASE_URL || 'http://127.0.0.1:8080/';
export const BASE_PATH = new URL(BASE_URL).pathname;
export const SCREENSHOTS = new URL('../../target/screenshots/', import.meta.url);

/** Flags for Chromium as root on a machine without internet. */
export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
export const SMALL_PHONE = { width: 360, height: 740 };

/** Chromium with CHROME_ARGS and `args`. */
export function launch({ args = [] } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [...CHROME_ARGS, ...args],
  });
}

/** An absolute URL for a path below the site's base (`city/` → `<base>city/`). */
export function siteUrl(path = '') {
  return new URL(path.replace(/^\//, ''), BASE_URL).href;
}

/** The path of a URL below the base path, e.g. `city/some-slug/`. */
export function sitePath(href) {
  const { pathname } = new URL(href, BASE_URL);
  assert.ok(pathname.startsWith(BASE_PATH), `${href} is outside the site's base path ${BASE_PATH}`);
  return pathname.slice(BASE_PATH.length);
}

/**
 * Node's fetch reuses keep-alive connections; when the server closes an idle one just as a
 * request goes out, the request fails with "fetch failed" although the server is fine. Such a
 * connection-level failure is tried again (twice), and so is a request with no answer within
 * 20 s (node's fetch has no limit of its own, so a lost request would hang the test until its
 * own timeout, naming nothing); an HTTP answer is never retried.
 */
export async function fetchWithRetry(url) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(20_000) });
    } catch (error) {
      if (attempt >= 3) throw new Error(`GET ${url}: ${error.message}`, { cause: error });
    }
  }
}

/** A document of the JSON API, fetched by the test itself (not by the page). */
export async function api(path) {
  const response = await fetchWithRetry(siteUrl(`api/v1/${path}`));
  assert.equal(response.status, 200, `GET api/v1/${path}`);
  return response.json();
}

/**
 * A fresh browser context and page that records page errors and console errors saying
 * `panicked`. Call `done()` at the end: it fails the test on any such error and closes the page.
 */
export async function openPage(browser, viewport = DESKTOP, { worker = true } = {}) {
  // `worker: false` keeps the site's service worker out: journeys that break the network
  // on purpose test how the app meets it (offline.test.mjs tests the worker's part).
  const context = await browser.newContext({ viewport, serviceWorkers: worker ? 'allow' : 'block' });
  const page = await context.newPage();
  // Generous: two cores, shared with compilers, and the wasm has to boot.
  page.setDefaultTimeout(30_000);
  page.setDefaultNavigationTimeout(60_000);
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('panicked')) {
      errors.push(`console: ${message.text()}`);
    }
  });
  const done = async () => {
    // Closing has no limit of its own: one that hangs fails here, saying so.
    let timer;
    const limit = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('closing the browser context took over 30 s')), 30_000);
    });
    await Promise.race([context.close(), limit]).finally(() => clearTimeout(timer));
    assert.deepEqual(errors, [], 'the page reported errors');
  };
  return { page, errors, done };
}

/** Open a path and wait until the wasm app has taken over. Returns the HTTP response. */
export async function visit(page, path = '') {
  const response = await page.goto(siteUrl(path));
  await appReady(page);
  return response;
}

/** Holds back the requests for `url` (a Playwright route pattern) until `release()` is called. */
export async function holdBack(page, url) {
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  await page.route(url, async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

export async function appReady(page) {
  await page.waitForSelector('html[data-app=ready]', { state: 'attached', timeout: 60_000 });
}

const squash = (text) => (text || '').replace(/\s+/g, ' ').trim();

/** Wait until the page's h1 reads `title` (the app keeps the old page until the new one is in). */
export async function waitForTitle(page, title) {
  await page.waitForFunction(
    (want) => {
      const h1 = document.querySelector('main#main h1');
      return h1 && h1.textContent.replace(/\s+/g, ' ').trim() === want;
    },
    squash(title),
  );
}

export async function h1Text(page) {
  return squash(await page.locator('main#main h1').first().textContent());
}

/** Wait until the address bar shows `path` (below the base path); works for pushState too. */
export async function waitForPath(page, path) {
  const want = new URL(siteUrl(path)).pathname;
  await page.waitForFunction((p) => location.pathname === p, want);
}

export async function assertOneH1(page) {
  assert.equal(await page.locator('h1').count(), 1, 'a page has exactly one h1');
}

/**
 * A built site's `site.json` and the articles its home page links (each summary with its
 * title), read from the folder `dir`, for tests that serve that folder themselves.
 */
export function homeArticlesIn(dir) {
  const json = (p) => JSON.parse(readFileSync(new URL(`api/v1/${p}`, `file://${dir.replace(/\/?$/, '/')}`), 'utf8'));
  const home = json('home.json');
  const seen = new Set();
  const articles = [];
  for (const s of [home.lead, ...home.latest, ...home.sections.flatMap((x) => x.items)]) {
    if (!s || seen.has(s.slug)) continue;
    seen.add(s.slug);
    articles.push({ ...s, title: json(`articles/${s.slug}.json`).title });
  }
  return { site: json('site.json'), articles };
}

/** Section slugs and article links, read at run time from the API. */
export async function siteFacts() {
  const site = await api('site.json');
  const home = await api('home.json');
  const summaries = [home.lead, ...home.latest, ...home.sections.flatMap((s) => s.items)].filter(
    Boolean,
  );
  assert.ok(site.sections.length > 0, 'site.json lists sections');
  assert.ok(summaries.length > 0, 'home.json lists articles');
  return { site, home, summaries };
}

/**
 * A section with a numbered page besides its own URL, or fail saying the content lacks one:
 * `first` is its own URL's document (its newest articles), `older` the document of the
 * numbered page its "older" link leads to and `olderPath` that page's path.
 */
export async function sectionWithPages() {
  const { site } = await siteFacts();
  for (const section of site.sections) {
    const first = await api(`sections/${section.slug}/newest.json`);
    if (first.next) {
      const older = await api(first.next);
      return { section, first, older, olderPath: `${section.slug}/page/${older.page}/` };
    }
  }
  assert.fail('no section has a numbered page: the sample content cannot show pagination');
}

export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: false });
}

/** True when nothing on the page is wider than the viewport. */
export async function fitsWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** How many lines the elements of `locator` sit on (distinct tops). */
export async function rowsOf(locator) {
  const tops = await locator.evaluateAll((all) => all.map((el) => el.getBoundingClientRect().top));
  return new Set(tops).size;
}

/** The first article card on the current page: its path and API document. */
export async function firstCard(page) {
  const href = await page.locator('main#main li.card a.card-link').first().getAttribute('href');
  const path = sitePath(href);
  const slug = path.split('/')[1];
  return { path, slug, article: await api(`articles/${slug}.json`) };
}

/** Waits until the site's service worker controls the page (after its first install). */
export async function workerControls(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

/**
 * The footer's licence line shows the site's ICP and public security filings, each linked to
 * its registry (the sample site has both).
 */
export async function assertLicences(page, site, what) {
  const { icp, public_security: security } = site.licences || {};
  assert.ok(icp && security, `${what}: the sample site has both filings in site.json`);
  const line = page.locator('footer.site-footer p.licences');
  const icpLink = line.locator('a[href="https://beian.miit.gov.cn/"]');
  assert.equal((await icpLink.textContent()).trim(), icp, `${what}: ICP filing`);
  const code = security.replace(/\D/g, '');
  const securityLink = line.locator(`a[href="https://beian.mps.gov.cn/#/query/webSearch?code=${code}"]`);
  assert.equal((await securityLink.textContent()).trim(), security, `${what}: public security filing`);
}
