// Fault matrix: the API misbehaves in every way the fault server knows (tests/e2e/fault-server.mjs,
// started here over the built site, dist/ or FAULT_SITE), and the network drops mid-session.
// For each fault: no panic or page error, the reader sees the error view with the words for that
// kind of failure (read from src/i18n/ for the site's language), a retry where it helps that
// works once the fault is lifted, the app still navigates without a full reload, and a direct
// load of the pre-rendered page whose API is faulty stays readable (the app never asks for the
// document the page embeds).
//
// Each fault is set on one article's API document only, and links are clicked from script (no
// hover, no focus), so no prefetch touches the faulty path before the click and every request
// to it is the one the test means.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  DESKTOP, appReady, homeArticlesIn, launch, openPage, waitForTitle,
} from './browser.mjs';
import { BUILT_SITE, startSiteServer } from './fault-server.mjs';

/** The app's own timeout (src/api.rs TIMEOUT_MS), plus room for a busy machine. */
const HANG_WAIT_MS = 12_000 + 20_000;

/**
 * The UI strings of src/i18n/ for `language`, as the app picks them (src/i18n.rs
 * `strings_for`): Traditional for zh-Hant, zh-TW, zh-HK, zh-MO; Simplified for other `zh`;
 * English for the rest.
 */
function uiStrings(language) {
  const parts = language.toLowerCase().split(/[-_]/);
  const has = (p) => parts.includes(p);
  const traditional = has('hant') || (!has('hans') && ['tw', 'hk', 'mo'].some(has));
  const [file, name] = parts[0] !== 'zh' ? ['en.rs', 'EN']
    : traditional ? ['zh_hant.rs', 'ZH_HANT'] : ['zh_hans.rs', 'ZH'];
  const src = readFileSync(new URL(`../../src/i18n/${file}`, import.meta.url), 'utf8');
  const start = src.indexOf(`pub const ${name}: Strings = Strings {`);
  assert.ok(start >= 0, `src/i18n/${file} defines ${name}`);
  const block = src.slice(start, src.indexOf('};', start));
  const strings = {};
  for (const m of block.matchAll(/(\w+):\s*"((?:[^"\\]|\\.)*)"/g)) strings[m[1]] = JSON.parse(`"${m[2]}"`);
  for (const key of ['not_found_title', 'server_title', 'timeout_title', 'offline_title', 'bad_data_title', 'retry']) {
    assert.ok(strings[key], `src/i18n/${file} ${name}.${key}`);
  }
  return strings;
}

const fill = (template, ...args) => args.reduce((s, a) => s.replace('{}', a), template);
const squash = (text) => (text || '').replace(/\s+/g, ' ').trim();

let browser;
let server;
let site;
let t;
let articles; // distinct articles linked from the home page, one per journey

before(async () => {
  server = await startSiteServer(BUILT_SITE);
  ({ site, articles } = homeArticlesIn(BUILT_SITE));
  t = uiStrings(site.language);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const url = (path = '') => new URL(path, server.url).href;
const pathname = (path) => new URL(url(path)).pathname;
const apiPath = (a) => `api/v1/articles/${a.slug}.json`;
const articlePath = (a) => `${a.section}/${a.slug}/`;

/** Clicks the first link to `path` inside `scope` from script: no hover, no focus, no prefetch. */
async function clickLink(page, path, scope = 'main#main') {
  const want = pathname(path);
  const found = await page.evaluate(([sel, p]) => {
    const a = [...document.querySelectorAll(`${sel} a[href]`)].find((x) => new URL(x.href).pathname === p);
    if (a) a.click();
    return Boolean(a);
  }, [scope, want]);
  assert.ok(found, `a link to ${want} in ${scope}`);
}

async function waitForPath(page, path) {
  await page.waitForFunction((p) => location.pathname === p, pathname(path));
}

/** The error view on screen, as the reader sees it. */
async function errorView(page) {
  return page.evaluate(() => {
    const v = document.querySelector('.error-view');
    const text = (el) => (el?.textContent || '').replace(/\s+/g, ' ').trim();
    return v && {
      role: v.getAttribute('role'),
      notFound: v.classList.contains('not-found'),
      h1: text(v.querySelector('h1')),
      text: text(v.querySelector('p')),
      retry: v.querySelectorAll('button.retry').length,
      h1s: document.querySelectorAll('h1').length,
    };
  });
}

/** Records every error view the page shows (a not-found view reloads the page within a frame). */
function recordErrorViews() {
  const seen = JSON.parse(sessionStorage.getItem('__errorViews') || '[]');
  new MutationObserver(() => {
    for (const v of document.querySelectorAll('.error-view')) {
      if (v.__recorded) continue;
      v.__recorded = true;
      const text = (el) => (el?.textContent || '').replace(/\s+/g, ' ').trim();
      seen.push({
        notFound: v.classList.contains('not-found'),
        h1: text(v.querySelector('h1')),
        retry: v.querySelectorAll('button.retry').length,
      });
      sessionStorage.setItem('__errorViews', JSON.stringify(seen));
    }
  }).observe(document, { childList: true, subtree: true });
}

/** A header section link navigates in the same document (no full reload) and shows the listing. */
async function headerStillNavigates(page) {
  const section = site.sections[site.sections.length - 1];
  await page.evaluate(() => { window.__noReload = 1; });
  await clickLink(page, `${section.slug}/`, 'header.site-header');
  await waitForPath(page, `${section.slug}/`);
  await page.waitForFunction((name) => {
    const h1 = document.querySelector('main#main h1');
    return h1 && h1.textContent.includes(name) && !document.querySelector('.error-view');
  }, section.name);
  assert.equal(await page.evaluate(() => window.__noReload), 1, 'the header link navigated without a full reload');
}

/** A direct load of the article's pre-rendered page while its API document is faulty. */
async function directLoadStaysReadable(kind, article) {
  const api = apiPath(article);
  const { page, done } = await openPage(browser, DESKTOP, { worker: false });
  server.fault(api, kind);
  // This page's requests, not the server's count: a request the matrix's page left in
  // flight (a reset one is retried by Chromium's network stack) must not count here.
  const asked = [];
  page.on('request', (request) => { if (new URL(request.url()).pathname.endsWith(`/${api}`)) asked.push(request.url()); });
  try {
    const response = await page.goto(url(articlePath(article)), { waitUntil: 'domcontentloaded' });
    assert.equal(response.status(), 200);
    assert.equal(squash(await page.locator('main#main h1').first().textContent()), squash(article.title),
      `${kind}: the pre-rendered article is readable before the app starts`);
    await appReady(page);
    await page.waitForTimeout(300);
    assert.equal(squash(await page.locator('main#main h1').first().textContent()), squash(article.title),
      `${kind}: the article is still there after the app took over`);
    assert.equal(await page.locator('.error-view').count(), 0);
    assert.deepEqual(asked, [], `${kind}: the app used the embedded document, no request to ${api}`);
  } finally {
    server.lift(api);
  }
  await done();
}

/** The words a reader must see for each fault: [title, text, retry offered]. */
function expected(kind) {
  switch (kind) {
    case '404': return [t.not_found_title, t.not_found_text, false];
    case '500': return [t.server_title, fill(t.server_text, 500), true];
    case '503': return [t.server_title, fill(t.server_text, 503), true];
    case 'hang': return [t.timeout_title, t.timeout_text, true];
    case 'reset': return [t.offline_title, t.offline_text, true];
    default: return [t.bad_data_title, t.bad_data_text, true]; // truncated, wrong shape, empty, HTML, 10 MB
  }
}

// `huge`: 10 MB of valid JSON of the wrong shape (an array of 1 MiB strings): the app must read
// all of it, refuse it as bad data and stay responsive. `reset`: the connection is cut without
// an answer (a network failure on one request, the offline words).
const RETRYABLE = ['500', '503', 'hang', 'truncated', 'wrong-shape', 'empty', 'html', 'huge', 'reset'];

describe('fault matrix', { concurrency: 3 }, () => {
  RETRYABLE.forEach((kind, i) => {
    test(`API fault ${kind}: a clear error view, a working retry, navigation afterwards`, async () => {
      const article = articles[i];
      assert.ok(article, 'the home page links enough articles for one per fault');
      const api = apiPath(article);
      const [title, text] = expected(kind);
      const { page, done } = await openPage(browser, DESKTOP, { worker: false });
      try {
        await page.goto(url());
        await appReady(page);
        server.fault(api, kind);
        await page.evaluate(() => { window.__noReload = 1; });
        const started = Date.now();
        await clickLink(page, articlePath(article));
        await waitForPath(page, articlePath(article));
        await page.locator('.error-view').waitFor({ timeout: kind === 'hang' ? HANG_WAIT_MS : 30_000 });
        const waited = Date.now() - started;
        const view = await errorView(page);
        assert.deepEqual(view, {
          role: 'alert', notFound: false, h1: title, text, retry: 1, h1s: 1,
        }, `${kind}: the reader is told what happened and offered a retry`);
        if (kind === 'hang') assert.ok(waited >= 11_500, `the timeout fired after ${waited} ms, not before 12 s`);
        assert.ok(server.hits(api) >= 1, `${kind}: the faulty document was requested`);
        assert.equal(await page.evaluate(() => window.__noReload), 1, `${kind}: no full reload`);

        server.lift(api);
        const hits = server.hits(api);
        await page.locator('.error-view button.retry').click();
        await waitForTitle(page, article.title);
        assert.equal(await page.locator('.error-view').count(), 0);
        assert.ok(server.hits(api) > hits, `${kind}: the retry asked the API again`);
        await headerStillNavigates(page);
      } finally {
        server.lift(api);
      }
      await done();
      await directLoadStaysReadable(kind, article);
    });
  });

  test('API fault 404: the not-found view without retry, then the static host answers the URL', async () => {
    const article = articles[RETRYABLE.length];
    const api = apiPath(article);
    const { page, done } = await openPage(browser, DESKTOP, { worker: false });
    await page.addInitScript(recordErrorViews);
    try {
      await page.goto(url());
      await appReady(page);
      server.fault(api, '404');
      await page.evaluate(() => { window.__noReload = 1; });
      // By design (src/browser.rs `page_shown`) a not-found page after a navigation reloads the
      // URL, so the host answers it: here with the pre-rendered article, which embeds its data.
      const reloaded = page.waitForEvent('load');
      await clickLink(page, articlePath(article));
      await reloaded;
      await appReady(page);
      const seen = await page.evaluate(() => JSON.parse(sessionStorage.getItem('__errorViews') || '[]'));
      assert.deepEqual(seen, [{ notFound: true, h1: t.not_found_title, retry: 0 }],
        'the reader saw the not-found view, with no retry');
      assert.equal(await page.evaluate(() => window.__noReload), undefined, 'the URL was loaded from the host');
      await waitForTitle(page, article.title);
      assert.equal(server.hits(api), 1, 'one request for the document; the reloaded page used its embedded data');
      await headerStillNavigates(page);
    } finally {
      server.lift(api);
    }
    await done();
    await directLoadStaysReadable('404', article);
  });

  test('the network drops mid-session and comes back', async () => {
    const article = articles[RETRYABLE.length + 1];
    const { page, done } = await openPage(browser, DESKTOP, { worker: false });
    const context = page.context();
    await page.goto(url());
    await appReady(page);
    await page.evaluate(() => { window.__noReload = 1; });
    await context.setOffline(true);
    try {
      await clickLink(page, articlePath(article));
      await waitForPath(page, articlePath(article));
      await page.locator('.error-view').waitFor();
      assert.deepEqual(await errorView(page), {
        role: 'alert', notFound: false, h1: t.offline_title, text: t.offline_text, retry: 1, h1s: 1,
      }, 'offline: the reader is told the connection is gone');

      // Retrying while still offline fails again, calmly.
      const failed = page.waitForEvent('requestfailed', (r) => r.url().endsWith(apiPath(article)));
      await page.locator('.error-view button.retry').click();
      await failed;
      await page.waitForTimeout(200);
      assert.equal((await errorView(page))?.h1, t.offline_title, 'still offline: still the offline view');
    } finally {
      await context.setOffline(false);
    }
    await page.locator('.error-view button.retry').click();
    await waitForTitle(page, article.title);
    await headerStillNavigates(page);

    // Offline again: going back to a page the app already has needs no network.
    await context.setOffline(true);
    await page.evaluate(() => history.back());
    await waitForTitle(page, article.title);
    assert.equal(await page.locator('.error-view').count(), 0, 'a page already read shows offline');
    await context.setOffline(false);
    assert.equal(await page.evaluate(() => window.__noReload), 1, 'no full reload in the whole session');
    await done();
  });

  // One route serves every page, so the loader is not dropped when the reader leaves: it
  // aborts its request as soon as the address changes.
  test('leaving a page whose request hangs aborts that request', async () => {
    const article = articles[RETRYABLE.length + 2];
    const api = apiPath(article);
    const { page, done } = await openPage(browser, DESKTOP, { worker: false });
    try {
      await page.goto(url());
      await appReady(page);
      server.fault(api, 'hang');
      const aborted = page.waitForEvent('requestfailed', { predicate: (r) => r.url().endsWith(api), timeout: 8_000 });
      await clickLink(page, articlePath(article));
      // The request is under way (the server holds it) before the reader leaves.
      for (let i = 0; i < 100 && server.hits(api) === 0; i += 1) await page.waitForTimeout(50);
      assert.equal(server.hits(api), 1, 'the article asked for its document');
      const start = Date.now();
      await headerStillNavigates(page);
      const failure = await aborted;
      assert.ok(Date.now() - start < 8_000, 'aborted when the reader left, not by the 12 s timeout');
      assert.match(failure.failure()?.errorText || '', /ABORTED/, 'the request was aborted');
    } finally {
      server.lift(api);
    }
    await done();
  });
});
