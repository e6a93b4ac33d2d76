// Journeys of offline reading at a sub-path (/news/), and of a new deploy reaching a
// reader who has the worker. Run by `cargo xtask test` after the sub-path builds, by file
// name: BASE_URL serves the /news/ site; DEPLOY_URL serves DEPLOY_SERVED, whose next
// deploy (the same site with new hashed app files) waits in DEPLOY_NEXT.
import assert from 'node:assert/strict';
import { rename } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import {
  BASE_PATH, DESKTOP, firstCard, launch, openPage, siteUrl, visit, workerControls,
} from '../browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('at a sub-path the worker is scoped to it and pages read offline', async () => {
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, '');
  await workerControls(page);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(new URL(scope).pathname, BASE_PATH);
  const { path } = await firstCard(page);
  await visit(page, path);
  await page.context().setOffline(true);
  await page.reload();
  await page.waitForSelector('main#main article h1');
  const names = await page.evaluate(() => caches.keys());
  assert.ok(names.length > 0 && names.every((n) => n.endsWith(`@${new URL(scope).pathname}`)), names.join(', '));
  await page.context().setOffline(false);
  await done();
});

/** The hashed app files (script, wasm, stylesheet) this page loaded. */
const appFiles = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .map((e) => new URL(e.name).pathname.split('/').pop())
  .filter((name) => /-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css)$/.test(name) && !name.startsWith('offline-')));

test('a new deploy: one reload runs only its files, and the old caches are gone', async () => {
  const served = process.env.DEPLOY_SERVED;
  const next = process.env.DEPLOY_NEXT;
  assert.ok(process.env.DEPLOY_URL && served && next, 'DEPLOY_URL, DEPLOY_SERVED and DEPLOY_NEXT are set');
  const url = process.env.DEPLOY_URL;
  const { page, done } = await openPage(browser, DESKTOP);
  await page.goto(url);
  await page.waitForSelector('html[data-app=ready]', { state: 'attached', timeout: 60_000 });
  await workerControls(page);
  const before = await appFiles(page);
  const oldVersion = (await page.evaluate(() => caches.keys())).find((n) => n.startsWith('bs-precache-'));
  assert.ok(before.length >= 3 && oldVersion, `${before} ${oldVersion}`);

  // Deploy: the host now serves the next build.
  await rename(served, `${served}-previous`);
  await rename(next, served);
  try {
    await page.reload();
    await page.waitForSelector('html[data-app=ready]', { state: 'attached', timeout: 60_000 });
    const after = await appFiles(page);
    assert.ok(after.length >= 3, `${after}`);
    assert.deepEqual(after.filter((f) => before.includes(f)), [], `only the new build's files ran: ${after}`);
    // The new worker waits; its notice offers the switch, and one click finishes it.
    await page.waitForSelector('.bs-update button');
    await Promise.all([
      page.waitForEvent('load'),
      page.locator('.bs-update button').first().click(),
    ]);
    await workerControls(page);
    const names = await page.evaluate(() => caches.keys());
    assert.ok(!names.includes(oldVersion), `the old precache is gone: ${names}`);
    assert.equal(names.filter((n) => n.startsWith('bs-precache-')).length, 1, names.join(', '));
  } finally {
    await rename(served, next);
    await rename(`${served}-previous`, served);
  }
  await done();
});
