// Journey: the network or the API misbehaves; the reader sees why and can go on.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, assertOneH1, firstCard, launch, openPage, siteFacts, visit, waitForPath, waitForTitle,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an API answering 500 shows an error with a retry that then works', async () => {
  const { page, done } = await openPage(browser, DESKTOP, { worker: false });
  await visit(page, '');
  const { path, slug, article } = await firstCard(page);
  // The API fails until the reader sees the error, then works again.
  let failing = true;
  let failures = 0;
  let successes = 0;
  await page.route(`**/api/v1/articles/${slug}.json`, async (route) => {
    if (failing) {
      failures += 1;
      await route.fulfill({ status: 500, contentType: 'text/plain', body: 'upstream failure' });
    } else {
      successes += 1;
      await route.continue();
    }
  });

  await page.locator(`main#main li.card a.card-link[href$="/${path}"]`).first().click();
  await waitForPath(page, path);
  const view = page.locator('.error-view');
  await view.waitFor();
  assert.equal(await view.getAttribute('role'), 'alert');
  assert.equal(await page.locator('.error-view.not-found').count(), 0, 'a 500 is not a 404');
  assert.equal(await view.locator('h1').count(), 1);
  await assertOneH1(page);

  assert.ok(failures >= 1);

  failing = false;
  await view.locator('button.retry').click();
  await waitForTitle(page, article.title);
  assert.equal(await page.locator('.error-view').count(), 0);
  assert.ok(successes >= 1, 'the retry asked the API again');
  await done();
});

test('malformed JSON shows an error view and the app still navigates', async () => {
  const { site } = await siteFacts();
  const { page, errors, done } = await openPage(browser, DESKTOP, { worker: false });
  await visit(page, '');
  const { path, slug } = await firstCard(page);
  await page.route(`**/api/v1/articles/${slug}.json`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: '{"broken":' }));

  await page.locator(`main#main li.card a.card-link[href$="/${path}"]`).first().click();
  await waitForPath(page, path);
  await page.locator('.error-view').waitFor();
  assert.deepEqual(errors, [], 'bad data is an error view, not a crash');

  const section = site.sections[site.sections.length - 1];
  await page.locator(`nav.sections a[href$="/${section.slug}/"]`).first().click({ force: true });
  await waitForPath(page, `${section.slug}/`);
  await page.waitForFunction((name) => {
    const h1 = document.querySelector('main#main h1');
    return h1 && h1.textContent.includes(name) && !document.querySelector('.error-view');
  }, section.name);
  await done();
});
