// Journey: a reader opens an article from a listing, without a full page load.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, assertOneH1, firstCard, launch, openPage, sitePath, visit, waitForPath, waitForTitle,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('clicking a card opens the article in place', async () => {
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, '');
  const { path, article } = await firstCard(page);

  await page.evaluate(() => { window.__noReload = 1; });
  await page.locator(`main#main li.card a.card-link[href$="/${path}"]`).first().click();
  await waitForPath(page, path);
  await waitForTitle(page, article.title);
  assert.equal(await page.evaluate(() => window.__noReload), 1, 'no full page load');

  const view = page.locator('article.article');
  assert.equal(await view.count(), 1);
  await assertOneH1(page);
  assert.equal(await view.locator('time.published').count(), 1);
  assert.equal(await view.locator('.credits').count(), 1);
  assert.equal(await view.locator('.body').count(), 1);
  assert.equal(await page.locator('nav.breadcrumb').count(), 1);
  const neighbours = page.locator('nav.prev-next');
  assert.equal(
    await neighbours.locator('a[rel=prev]').count(), article.prev ? 1 : 0, 'rel=prev link',
  );
  assert.equal(
    await neighbours.locator('a[rel=next]').count(), article.next ? 1 : 0, 'rel=next link',
  );
  if (article.related.length > 0) {
    assert.equal(await page.locator('section.related').count(), 1);
  }
  assert.equal(await page.title().then((t) => t.includes(article.title)), true, 'document title');
  await done();
});

test('the prev/next links walk through the section in place', async () => {
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, '');
  const { path, article } = await firstCard(page);
  await visit(page, path);
  const neighbour = article.prev || article.next;
  assert.ok(neighbour, 'the article has a neighbour in its section');
  const rel = article.prev ? 'prev' : 'next';

  await page.evaluate(() => { window.__noReload = 1; });
  await page.locator(`nav.prev-next a[rel=${rel}]`).click();
  await waitForPath(page, `${neighbour.section}/${neighbour.slug}/`);
  await waitForTitle(page, neighbour.title);
  assert.equal(await page.evaluate(() => window.__noReload), 1, 'no full page load');
  await done();
});

test('a slow article shows the progress bar while it loads', async () => {
  // Request interception sees the page's requests only, not a service worker's.
  const { page, done } = await openPage(browser, DESKTOP, { worker: false });
  await visit(page, '');
  const { path, slug, article } = await firstCard(page);
  await page.route(`**/api/v1/articles/${slug}.json`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });

  await page.locator(`main#main li.card a.card-link[href$="/${path}"]`).first().click();
  await page.waitForSelector('.progress.active', { state: 'attached', timeout: 1400 });
  await waitForTitle(page, article.title);
  await page.waitForSelector('.progress.active', { state: 'detached' });
  await done();
});

test('opening an article requests its JSON once, even on a slow network', async () => {
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, '');
  const { path, slug, article } = await firstCard(page);
  const requests = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/v1/')) requests.push(sitePath(request.url()));
  });
  // 600 ms of latency, as on a phone: no interception, the browser's own network emulation.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 600, downloadThroughput: -1, uploadThroughput: -1,
  });

  await page.locator(`main#main li.card a.card-link[href$="/${path}"]`).first().click();
  await waitForTitle(page, article.title);
  assert.deepEqual(requests, [`api/v1/articles/${slug}.json`], 'API requests for one click');
  await done();
});
