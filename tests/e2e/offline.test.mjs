// Journeys: a reader on the ferry loses the network. Pages read before still open, an
// article saved for offline opens and is listed, an unvisited page shows the site's
// offline page with the saved list, and the site installs as an app.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  CHROME_ARGS, DESKTOP, PHONE, appReady, firstCard, launch, openPage, screenshot, siteUrl, visit, workerControls,
} from './browser.mjs';
import { BUILT_SITE, startSiteServer } from './fault-server.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The names of the caches this site's worker keeps. */
const cacheNames = (page) => page.evaluate(() => caches.keys());

/**
 * Whether a cache of the worker holds `url` within 5 s: the worker keeps a copy of what it
 * fetched in the background (also where the browser raced the request with the network).
 */
function workerKeeps(page, url) {
  return page.evaluate(async (u) => {
    for (let i = 0; i < 50; i += 1) {
      if (await caches.match(u)) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }, url);
}

/** Console errors other than the failed requests an offline page is expected to show. */
function consoleErrors(page) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

test('pages read before open again offline, and the header says offline', async () => {
  const { page, done } = await openPage(browser, PHONE);
  const errors = consoleErrors(page);
  await visit(page, '');
  await workerControls(page);
  const { path } = await firstCard(page);
  await visit(page, path);
  await page.context().setOffline(true);
  await page.reload();
  await page.waitForSelector('main#main article h1');
  assert.ok(await page.locator('.offline-badge').isVisible(), 'the offline badge shows');
  await page.goto(siteUrl(''));
  await page.waitForSelector('main#main .home');
  await screenshot(page, 'offline-home-phone');
  await page.context().setOffline(false);
  assert.deepEqual(errors, []);
  await done();
});

test('an article opened in the app before opens in the app offline', async () => {
  const { page, done } = await openPage(browser, PHONE);
  const errors = consoleErrors(page);
  await visit(page, '');
  await workerControls(page);
  const { slug, article } = await firstCard(page);
  const heading = (title) => page.waitForFunction((t) => document.querySelector('main#main article h1')?.textContent.includes(t), title.slice(0, 8));
  const card = page.locator('main#main li.card a.card-link').first();
  await card.click();
  await heading(article.title);
  assert.ok(await workerKeeps(page, siteUrl(`api/v1/articles/${slug}.json`)), 'the worker kept the article document');
  await page.goBack();
  await page.waitForSelector('main#main li.card a.card-link');
  await page.context().setOffline(true);
  // A new start of the app offline: its documents can only come from the worker.
  await page.reload();
  await appReady(page);
  await card.click();
  await heading(article.title);
  assert.equal(await page.locator('.error-view').count(), 0, 'no error view');
  await page.context().setOffline(false);
  assert.deepEqual(errors, []);
  await done();
});

test('an article the worker holds opens in the app while the host answers 503 for it', async () => {
  // A server of our own, which can fail one document; a new origin, so the worker installs anew.
  const server = await startSiteServer(BUILT_SITE);
  const { page, done } = await openPage(browser, DESKTOP);
  const card = page.locator('main#main li.card a.card-link').first();
  let api;
  try {
    await page.goto(server.url);
    await appReady(page);
    await workerControls(page);
    const slug = new URL(await card.getAttribute('href'), server.url).pathname.split('/').filter(Boolean).pop();
    api = `api/v1/articles/${slug}.json`;
    await card.click();
    const h1 = page.locator('main#main article h1');
    await h1.waitFor();
    const title = (await h1.textContent()).trim();
    assert.ok(await workerKeeps(page, new URL(api, server.url).href), 'the worker kept the article document');
    await page.goBack();
    await card.waitFor();
    server.fault(api, '503');
    const asked = server.hits(api);
    await page.reload(); // a new start of the app: its store is empty
    await appReady(page);
    await card.click();
    await page.waitForFunction((t) => document.querySelector('main#main article h1')?.textContent.trim() === t, title);
    assert.equal(await page.locator('.error-view').count(), 0, 'no error view');
    // Chromium raced the document: the host was asked and answered 503, and the worker's copy was shown.
    assert.ok(server.hits(api) > asked, 'the host was asked for the document');
  } finally {
    if (api) server.lift(api);
    await done();
    await server.close();
  }
});

test('an article saved for offline opens offline and is listed in Saved', async () => {
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, '');
  await workerControls(page);
  const { path, article } = await firstCard(page);
  await visit(page, path);
  const save = page.locator('button.save');
  await save.waitFor({ state: 'visible' });
  assert.equal(await save.getAttribute('aria-pressed'), 'false');
  await save.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('button.save')?.getAttribute('aria-pressed') === 'true');
  assert.notEqual((await page.locator('.save-status').textContent()).trim(), '', 'the save is announced');
  // Only the saved copy is left: the runtime caches are emptied.
  await page.evaluate(async () => {
    for (const name of await caches.keys()) if (!name.startsWith('bs-saved') && !name.startsWith('bs-precache')) await caches.delete(name);
  });
  await page.context().setOffline(true);
  await page.goto(siteUrl(path));
  await page.waitForFunction((title) => document.querySelector('h1')?.textContent.includes(title), article.title.slice(0, 8));
  // Its pictures too: the variants this device chose were saved with it.
  const pictures = await page.evaluate(async () => {
    const imgs = [...document.querySelectorAll('article img')];
    await Promise.all(imgs.map((img) => img.decode().catch(() => {})));
    return imgs.map((img) => ({ src: img.currentSrc, shown: img.complete && img.naturalWidth > 0 }));
  });
  assert.ok(pictures.every((p) => p.shown), `every picture of the saved article shows offline: ${JSON.stringify(pictures)}`);
  await page.goto(siteUrl('saved/'));
  await page.waitForSelector('.saved-items li a');
  const listed = await page.locator('.saved-items li a').first().textContent();
  assert.equal(listed, article.title);
  await screenshot(page, 'offline-saved-desktop');
  // Remove it again: the list empties, and the button shows it unsaved.
  await page.context().setOffline(false);
  await page.locator('.saved-remove').first().click();
  await page.waitForSelector('.saved-empty');
  await done();
});

test('an unvisited page offline shows the offline page with the saved list', async () => {
  const { page, done } = await openPage(browser, PHONE);
  await visit(page, '');
  await workerControls(page);
  await page.context().setOffline(true);
  const response = await page.goto(siteUrl('city/a-page-never-opened/'));
  assert.ok(response, 'the worker answered');
  await page.waitForSelector('[data-saved-list] .saved-empty, [data-saved-list] .saved-items');
  const text = await page.locator('main').textContent();
  assert.match(text, /offline|没有网络/i);
  await screenshot(page, 'offline-page-phone');
  await page.context().setOffline(false);
  await done();
});

test('the site is installable and its worker is scoped to the base path', async () => {
  // Installing needs a profile of its own: Chromium refuses it in incognito contexts.
  const profile = await mkdtemp(path.join(tmpdir(), 'bs-install-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROME_ARGS,
    viewport: DESKTOP,
  });
  const page = context.pages()[0] || await context.newPage();
  const done = async () => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  await visit(page, '');
  await workerControls(page);
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, [], 'Chromium finds the site installable');
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, siteUrl(''));
  const names = await cacheNames(page);
  assert.ok(names.some((n) => n.startsWith('bs-precache-')), names.join(', '));
  await done();
});

test('without JavaScript pages read as before: no save button, no errors', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: DESKTOP });
  const page = await context.newPage();
  const response = await page.goto(siteUrl(''));
  assert.equal(response.status(), 200);
  const href = await page.locator('main li.card a.card-link').first().getAttribute('href');
  await page.goto(new URL(href, siteUrl('')).href);
  assert.equal(await page.locator('button.save').isVisible(), false, 'saving needs the script: hidden');
  await page.goto(siteUrl('saved/'));
  assert.match(await page.locator('main').textContent(), /JavaScript/);
  await context.close();
});
