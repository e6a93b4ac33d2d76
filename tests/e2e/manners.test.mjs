// Network manners: the app asks the server for no more than it needs. Prefetches (src/prefetch.rs)
// are capped at MAX_IN_FLIGHT at once, aborted when the pointer leaves their link or a navigation
// does not need them, and kept when a navigation adopts them; a 503 with Retry-After is not asked
// again — by a prefetch or by the error view's retry — before the wait is over.
//
// Served by the fault server (tests/e2e/fault-server.mjs) over the built site (dist/ or
// FAULT_SITE), so a test can hold, slow or refuse chosen API documents. Hovers and touches are
// dispatched from script on chosen links, so which requests start is certain.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DESKTOP, appReady, homeArticlesIn, launch, openPage, waitForTitle,
} from './browser.mjs';
import { RETRY_AFTER_DATE_S, RETRY_AFTER_S, BUILT_SITE, startSiteServer } from './fault-server.mjs';

/** src/prefetch.rs MAX_IN_FLIGHT. */
const MAX_IN_FLIGHT = 3;

let browser;
let server;
let site;
let articles; // distinct articles linked from the home page

before(async () => {
  server = await startSiteServer(BUILT_SITE);
  ({ site, articles } = homeArticlesIn(BUILT_SITE));
  assert.ok(articles.length >= 9, 'the home page links at least 9 articles');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const url = (path = '') => new URL(path, server.url).href;
const apiPath = (a) => `api/v1/articles/${a.slug}.json`;
const articlePath = (a) => `${a.section}/${a.slug}/`;
const isArticleApi = (r) => /\/api\/v1\/articles\//.test(new URL(r.url()).pathname);

/** Dispatches `type` on the first link in main to the article (`pointerout`: a mouse's, to the body). */
async function onLink(page, article, type) {
  const want = new URL(url(articlePath(article))).pathname;
  const found = await page.evaluate(([p, kind]) => {
    const a = [...document.querySelectorAll('main#main a[href]')].find((x) => new URL(x.href).pathname === p);
    if (!a) return false;
    const event = kind.startsWith('pointer')
      ? new PointerEvent(kind, { bubbles: true, pointerType: 'mouse', relatedTarget: document.body })
      : new Event(kind, { bubbles: true });
    a.dispatchEvent(event);
    return true;
  }, [want, type]);
  assert.ok(found, `a link to ${want} on the page`);
}

/** Clicks the link to the article from script (no hover: no prefetch of its own). */
async function clickArticle(page, article) {
  const want = new URL(url(articlePath(article))).pathname;
  await page.evaluate((p) => {
    [...document.querySelectorAll('main#main a[href]')].find((x) => new URL(x.href).pathname === p).click();
  }, want);
}

/**
 * Counts the app's article API requests in the page itself (a request aborted to free a slot
 * may be reported by the browser after the one that takes the slot): `window.__api.most`.
 */
function countFetches() {
  const counts = { inFlight: 0, most: 0 };
  window.__api = counts;
  const fetch = window.fetch;
  window.fetch = function counted(input, init) {
    const answer = fetch.call(this, input, init);
    if (!/\/api\/v1\/articles\//.test(typeof input === 'string' ? input : input.url)) return answer;
    let open = true;
    const close = () => { if (open) { open = false; counts.inFlight -= 1; } };
    counts.inFlight += 1;
    counts.most = Math.max(counts.most, counts.inFlight);
    (init?.signal || input.signal)?.addEventListener('abort', close);
    answer.then(close, close);
    return answer;
  };
}

/** Counts the page's article API requests as the browser reports them: started, aborted. */
function watchRequests(page) {
  const seen = { started: [], inFlight: 0, aborted: [], finished: [] };
  page.on('request', (r) => {
    if (!isArticleApi(r)) return;
    seen.started.push(r.url());
    seen.inFlight += 1;
  });
  page.on('requestfailed', (r) => {
    if (!isArticleApi(r)) return;
    seen.inFlight -= 1;
    if (/ABORTED/.test(r.failure()?.errorText || '')) seen.aborted.push(r.url());
  });
  page.on('requestfinished', (r) => {
    if (!isArticleApi(r)) return;
    seen.inFlight -= 1;
    seen.finished.push(r.url());
  });
  return seen;
}

async function until(check, what, ms = 8_000) {
  const end = Date.now() + ms;
  while (!check()) {
    assert.ok(Date.now() < end, `timed out waiting: ${what}`);
    await new Promise((resolve) => { setTimeout(resolve, 50); });
  }
}

const ends = (list, a) => list.some((u) => u.endsWith(apiPath(a)));

describe('network manners', () => {
  test('touching many links keeps at most 3 prefetches in flight, the newest waits, leaving a link aborts it', async () => {
    const { page, done } = await openPage(browser, DESKTOP, { worker: false });
    const held = /\/api\/v1\/articles\//;
    try {
      await page.addInitScript(countFetches);
      await page.goto(url());
      await appReady(page);
      const seen = watchRequests(page);
      server.fault(held, 'hang');
      const touched = articles.slice(0, 8);
      for (const a of touched) await onLink(page, a, 'touchstart');
      await until(() => seen.started.length >= MAX_IN_FLIGHT, 'three prefetches');
      await page.waitForTimeout(500);
      assert.equal(seen.started.length, MAX_IN_FLIGHT, `only ${MAX_IN_FLIGHT} started: ${seen.started}`);
      assert.equal(seen.inFlight, MAX_IN_FLIGHT);

      // The pointer leaves the first link: its prefetch is aborted and the newest takes its slot.
      await onLink(page, touched[0], 'pointerout');
      await until(() => ends(seen.aborted, touched[0]), 'the first prefetch aborted');
      await until(() => ends(seen.started, touched[7]), 'the newest link prefetched');
      await page.waitForTimeout(300);
      assert.equal(seen.started.length, MAX_IN_FLIGHT + 1, 'the links between were dropped');
      const most = await page.evaluate(() => window.__api.most);
      assert.equal(most, MAX_IN_FLIGHT, `at most ${MAX_IN_FLIGHT} at once, saw ${most}`);

      // A navigation that needs none of them aborts them all.
      const section = site.sections[0];
      await page.evaluate((s) => { document.querySelector(`header.site-header a[href$="/${s}/"]`).click(); }, section.slug);
      await until(() => seen.inFlight === 0, 'every prefetch aborted by the navigation');
      assert.equal(seen.aborted.length, MAX_IN_FLIGHT + 1);
    } finally {
      server.lift(held);
    }
    await done();
  });

  test('a real mouse leaving a link aborts its prefetch', async () => {
    const { page, done } = await openPage(browser, DESKTOP, { worker: false });
    const article = articles[0];
    try {
      await page.goto(url());
      await appReady(page);
      const seen = watchRequests(page);
      server.fault(apiPath(article), 'hang');
      const link = page.locator(`main#main a[href$="/${articlePath(article)}"]`).first();
      await link.hover();
      await until(() => ends(seen.started, article), 'the hovered link prefetched');
      await page.mouse.move(1, 1);
      await until(() => ends(seen.aborted, article), 'the prefetch aborted when the mouse left');
    } finally {
      server.lift(apiPath(article));
    }
    await done();
  });

  test('a prefetch the navigation adopts is not aborted when the pointer leaves, nor asked twice', async () => {
    const { page, done } = await openPage(browser, DESKTOP, { worker: false });
    const article = articles[1];
    try {
      await page.goto(url());
      await appReady(page);
      const seen = watchRequests(page);
      server.fault(apiPath(article), 'slow');
      const hits = server.hits(apiPath(article));
      await onLink(page, article, 'pointerover');
      await until(() => ends(seen.started, article), 'the link prefetched');
      await clickArticle(page, article);
      await page.waitForTimeout(50);
      await onLink(page, article, 'pointerout');
      await waitForTitle(page, article.title);
      assert.deepEqual(seen.aborted, [], 'nothing aborted');
      assert.equal(server.hits(apiPath(article)) - hits, 1, 'one request: the prefetch, adopted');
    } finally {
      server.lift(apiPath(article));
    }
    await done();
  });

  test('after a 503 with Retry-After no prefetch asks again before the wait is over', async () => {
    const { page, done } = await openPage(browser, DESKTOP, { worker: false });
    const [busy, other] = [articles[2], articles[3]];
    try {
      await page.goto(url());
      await appReady(page);
      server.fault(apiPath(busy), '503');
      const hits = server.hits(apiPath(busy));
      const otherHits = server.hits(apiPath(other));
      const started = Date.now();
      await onLink(page, busy, 'pointerover');
      await until(() => server.hits(apiPath(busy)) === hits + 1, 'the first prefetch');
      await page.waitForTimeout(300);
      await onLink(page, busy, 'pointerover');
      await onLink(page, other, 'pointerover');
      await page.waitForTimeout(500);
      assert.equal(server.hits(apiPath(busy)), hits + 1, 'not asked again during the wait');
      assert.equal(server.hits(apiPath(other)), otherHits, 'no other prefetch during the wait either');
      await page.waitForTimeout(Math.max(0, RETRY_AFTER_S * 1000 + 300 - (Date.now() - started)));
      await onLink(page, busy, 'pointerover');
      await until(() => server.hits(apiPath(busy)) === hits + 2, 'asked again once the wait was over');
    } finally {
      server.lift(apiPath(busy));
    }
    await done();
  });

  test('after a 503 with a Retry-After date the retry button waits, counting down, then works', async () => {
    const { page, done } = await openPage(browser, DESKTOP, { worker: false });
    const article = articles[4];
    const api = apiPath(article);
    try {
      await page.goto(url());
      await appReady(page);
      server.fault(api, '503-date');
      const hits = server.hits(api);
      await clickArticle(page, article);
      const button = page.locator('.error-view button.retry');
      await button.waitFor();
      const shown = Date.now();
      assert.equal(server.hits(api), hits + 1);
      assert.ok(await button.isDisabled(), 'the retry waits');
      assert.match(await button.textContent(), /\d/, 'the button says how long');
      await page.evaluate(() => document.querySelector('.error-view button.retry').click());
      server.lift(api);
      await page.waitForTimeout(1_500);
      assert.equal(server.hits(api), hits + 1, 'no request before the wait is over');
      await page.waitForFunction(() => !document.querySelector('.error-view button.retry').disabled,
        null, { timeout: (RETRY_AFTER_DATE_S + 3) * 1000 });
      const waited = Date.now() - shown;
      assert.ok(waited >= (RETRY_AFTER_DATE_S - 1.5) * 1000, `the button waited ${waited} ms`);
      assert.equal(server.hits(api), hits + 1, 'nothing retried by itself');
      await button.click();
      await waitForTitle(page, article.title);
      assert.equal(server.hits(api), hits + 2);
    } finally {
      server.lift(api);
    }
    await done();
  });
});
