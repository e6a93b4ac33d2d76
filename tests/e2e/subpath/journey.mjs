// Journey at a sub-path: the site built for <origin>/news/ and served there (BASE_URL ends in
// /news/). Run by `cargo xtask test` after the sub-path build, by file name.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  BASE_PATH, DESKTOP, appReady, firstCard, launch, openPage, siteUrl, visit, waitForPath,
  waitForTitle,
} from '../browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the site is served below a sub-path', () => {
  assert.notEqual(BASE_PATH, '/', `BASE_URL (${process.env.BASE_URL}) must have a path`);
});

test('home → article by click, no reload → back; every request stays below the base path', async () => {
  const { page, done } = await openPage(browser, DESKTOP);
  const origin = new URL(siteUrl('')).origin;
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await visit(page, '');

  // The page's own asset URLs are below the base path.
  const assets = await page.evaluate(() => [
    ...[...document.querySelectorAll('link[href]')].map((l) => l.href),
    ...[...document.querySelectorAll('script[src], img[src]')].map((e) => e.src),
  ]);
  const local = assets.filter((u) => new URL(u).origin === origin);
  assert.ok(local.length > 0, 'the page links its stylesheet and icons');

  const { path, article } = await firstCard(page);
  await page.evaluate(() => { window.__noReload = 1; });
  await page.locator(`main#main li.card a.card-link[href$="/${path}"]`).first().click();
  await waitForPath(page, path);
  await waitForTitle(page, article.title);
  assert.equal(await page.evaluate(() => window.__noReload), 1, 'no full page load');
  const canonical = await page.getAttribute('link[rel=canonical]', 'href');
  assert.equal(canonical, siteUrl(path), 'canonical URL below the base URL');

  await page.goBack();
  await waitForPath(page, '');
  assert.equal(await page.evaluate(() => window.__noReload), 1, 'back stays in the app');
  await page.waitForSelector(`main#main li.card a.card-link[href$="/${path}"]`);

  const ours = [...local, ...requests].filter((u) => new URL(u).origin === origin);
  const outside = ours.filter((u) => !new URL(u).pathname.startsWith(BASE_PATH));
  assert.deepEqual(outside, [], `requests and assets outside ${BASE_PATH}`);
  const apiCalls = ours.filter((u) => new URL(u).pathname.includes('/api/v1/'));
  assert.ok(apiCalls.length > 0, 'the click fetched the article JSON');
  for (const u of apiCalls) {
    assert.ok(new URL(u).pathname.startsWith(`${BASE_PATH}api/v1/`), `${u} is below the base`);
  }
  assert.ok(ours.some((u) => u.endsWith('.wasm')), 'the wasm was fetched, below the base');
  await done();
});

test('a body link written as /section/slug/ leads below the base path, in the app', async () => {
  const { page, done } = await openPage(browser, DESKTOP);
  // The sample content links between articles with site-absolute paths.
  await visit(page, 'city/typhoon-preparation-guide/');
  const link = page.locator('article.article .body a[href$="/city/weekend-weather-tides/"]');
  assert.equal(await link.count(), 1, 'the body links to the tides article');
  assert.equal(await link.getAttribute('href'), `${BASE_PATH}city/weekend-weather-tides/`);
  await page.evaluate(() => { window.__noReload = 1; });
  await link.click();
  await waitForPath(page, 'city/weekend-weather-tides/');
  await appReady(page);
  assert.equal(await page.evaluate(() => window.__noReload), 1, 'no full page load');
  await done();
});
