// Long session: 500 client-side navigations in one page (article by click, back, next page,
// section link, home link), then the page must be as it was: no error on the way, a JS heap
// (after a forced GC) and a DOM that did not grow without bound, as many event listeners on
// window and document as at the start, every request finished or failed (an aborted fetch is
// a failed one), and not one full page load. The site's service worker is active and
// controls the page, and every one of its caches keeps its bound. Prints the figures.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, DESKTOP, openPage, sitePath, visit } from './browser.mjs';
import { controllerConfig } from './worker-config.mjs';

const NAVIGATIONS = Number(process.env.LONG_SESSION_NAVS || 500);
/** One round of the mix, from a section listing back to a section listing. */
const ROUND = ['article', 'back', 'next', 'article', 'back', 'section', 'article', 'back', 'home', 'section'];

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [...CHROME_ARGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
  });
});
after(async () => { await browser?.close(); });

/** Counts the app's announcements: one per page shown after a navigation (src/browser.rs). */
function countPagesShown() {
  window.__shown = 0;
  window.__sameDocument = 1;
  new MutationObserver((records) => {
    if (records.some((r) => r.target.id === 'announcer' || r.target.parentNode?.id === 'announcer')) window.__shown += 1;
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
}

async function sample(page) {
  return page.evaluate(async () => {
    window.gc();
    await new Promise((r) => setTimeout(r, 50));
    window.gc();
    return {
      heap: performance.memory.usedJSHeapSize,
      dom: document.getElementsByTagName('*').length,
      path: location.pathname,
    };
  });
}

async function listenerCounts(cdp) {
  const counts = {};
  for (const target of ['window', 'document']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression: target });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
    counts[target] = listeners.map((l) => l.type).sort().join(',');
    counts[`${target}_count`] = listeners.length;
  }
  return counts;
}

/** Entries per kind of the site's caches (`bs-<kind>[-<version>]@<base>`). */
async function cacheSizes(page) {
  return page.evaluate(async () => {
    const sizes = {};
    for (const name of await caches.keys()) {
      const kind = name.match(/^bs-([a-z]+)/)?.[1];
      if (kind) sizes[kind] = (sizes[kind] || 0) + (await (await caches.open(name)).keys()).length;
    }
    return sizes;
  });
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

test(`a long session: ${NAVIGATIONS} client-side navigations stay bounded and clean`, async () => {
  const { page, done } = await openPage(browser, DESKTOP);
  const cdp = await page.context().newCDPSession(page);
  const inFlight = new Map();
  let requests = 0;
  let aborted = 0;
  page.on('request', (r) => { requests += 1; inFlight.set(r, r.url()); });
  page.on('requestfinished', (r) => inFlight.delete(r));
  page.on('requestfailed', (r) => { aborted += 1; inFlight.delete(r); });

  const { sections } = await (await fetch(new URL('api/v1/site.json', process.env.BASE_URL || 'http://127.0.0.1:8080/'))).json();
  await visit(page, `${sections[0].slug}/`);
  // The worker claims the page once it is active; the session runs through it.
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
  const { bounds } = await controllerConfig(page);
  await page.evaluate(countPagesShown);
  await page.waitForTimeout(300);
  const start = await sample(page);
  const listenersAtStart = await listenerCounts(cdp);
  const started = Date.now();
  const samples = [{ navs: 0, ...start }];
  const kinds = {};
  let card = 0;
  let section = 0;

  /** Runs one navigation and waits until the app has shown the new page, without an error. */
  async function navigate(kind) {
    const shown = await page.evaluate(() => window.__shown);
    let want = null;
    if (kind === 'article') {
      const cards = page.locator('main#main a.card-link');
      const count = await cards.count();
      assert.ok(count > 0, `cards on ${await page.evaluate(() => location.pathname)}`);
      const link = cards.nth(card % count);
      card += 1;
      want = sitePath(await link.getAttribute('href'));
      await link.click();
    } else if (kind === 'back') {
      await page.evaluate(() => history.back());
    } else if (kind === 'next') {
      const link = page.locator('main#main nav.pagination a[rel=next], main#main nav.pagination a[rel=prev]').first();
      want = sitePath(await link.getAttribute('href'));
      await link.click();
    } else if (kind === 'section') {
      const here = await page.evaluate(() => location.pathname);
      let slug;
      do {
        section = (section + 1) % sections.length;
        slug = sections[section].slug;
      } while (here.endsWith(`/${slug}/`));
      want = `${slug}/`;
      await page.locator(`nav#site-nav a[href$="/${slug}/"]`).first().click();
    } else {
      want = '';
      await page.locator('header.site-header a.site-title').click();
    }
    await page.waitForFunction((n) => window.__shown > n, shown, { timeout: 15_000 });
    const state = await page.evaluate(() => ({
      path: location.pathname,
      error: document.querySelector('.error-view h1')?.textContent || null,
    }));
    assert.equal(state.error, null, `${kind}: an error view at ${state.path}`);
    if (want !== null) assert.equal(sitePath(state.path), want, `${kind}: the address bar`);
    kinds[kind] = (kinds[kind] || 0) + 1;
  }

  for (let n = 0; n < NAVIGATIONS; n += 1) {
    await navigate(ROUND[n % ROUND.length]);
    if ((n + 1) % 100 === 0) samples.push({ navs: n + 1, ...(await sample(page)) });
  }
  const seconds = (Date.now() - started) / 1000;
  // Prefetches started by the last hover may still be on their way: give them a moment.
  for (let i = 0; i < 40 && inFlight.size > 0; i += 1) await page.waitForTimeout(50);
  const end = samples[samples.length - 1];
  const listenersAtEnd = await listenerCounts(cdp);
  const sameDocument = await page.evaluate(() => window.__sameDocument === 1);
  const cached = await cacheSizes(page);

  console.log(`long session: ${NAVIGATIONS} navigations in ${seconds.toFixed(1)} s `
    + `(${(seconds * 1000 / NAVIGATIONS).toFixed(0)} ms each; ${JSON.stringify(kinds)})`);
  for (const s of samples) console.log(`  after ${String(s.navs).padStart(3)}: heap ${kib(s.heap)}, DOM ${s.dom} elements (${s.path})`);
  console.log(`  listeners window ${listenersAtStart.window_count} → ${listenersAtEnd.window_count}, `
    + `document ${listenersAtStart.document_count} → ${listenersAtEnd.document_count}; `
    + `requests ${requests}, failed/aborted ${aborted}, pending at the end ${inFlight.size}`);
  console.log(`  worker caches: ${Object.entries(cached).map(([kind, n]) => `${kind} ${n}/${bounds[kind] ?? '-'}`).join(', ')}`);

  assert.ok(sameDocument, 'every navigation stayed in the same document (no full reload)');
  // The heap after GC may grow with the bounded document cache (64 documents) and the
  // remembered scroll positions (200), not without end: fail when it more than doubles AND
  // grows by more than 10 MB.
  const growth = end.heap - start.heap;
  assert.ok(!(end.heap > 2 * start.heap && growth > 10 * 1024 * 1024),
    `JS heap grew from ${kib(start.heap)} to ${kib(end.heap)}`);
  // Start and end are both a section's first listing page: the same layout, so about the same
  // number of elements (cards and pagination differ a little between sections).
  const maxDom = Math.max(...samples.map((s) => s.dom));
  assert.ok(maxDom <= start.dom * 1.5, `DOM grew from ${start.dom} to at most ${maxDom} elements`);
  assert.deepEqual(listenersAtEnd, listenersAtStart, 'no event listeners leaked on window or document');
  assert.deepEqual([...inFlight.values()], [], 'no request left pending');
  assert.ok(cached.lists > 0 && cached.articles > 0, `the session went through the worker: ${JSON.stringify(cached)}`);
  for (const kind of ['pages', 'lists', 'articles', 'images', 'saved']) {
    assert.ok((cached[kind] || 0) <= bounds[kind], `the ${kind} cache holds ${cached[kind]}, its bound is ${bounds[kind]}`);
  }
  await done();
});
