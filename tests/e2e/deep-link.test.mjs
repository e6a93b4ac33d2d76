// Journey: a reader arrives on a deep link (shared URL) and reloads it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, api, appReady, assertOneH1, fetchWithRetry, launch, openPage, sectionWithPages, siteFacts, siteUrl,
  waitForTitle,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an article deep link shows the article before and after the app starts, and on reload', async () => {
  const { summaries } = await siteFacts();
  const summary = summaries[summaries.length - 1];
  const article = await api(`articles/${summary.slug}.json`);
  const path = `${summary.section}/${summary.slug}/`;

  // Without JavaScript the static fallback is the whole article.
  const html = await (await fetchWithRetry(siteUrl(path))).text();
  assert.ok(html.includes('id="bs-data"'), 'the page embeds its data');
  assert.ok(html.includes('<article'), 'the static page holds the article');

  const { page, done } = await openPage(browser, DESKTOP);
  const first = await page.goto(siteUrl(path));
  assert.equal(first.status(), 200);
  await appReady(page);
  await waitForTitle(page, article.title);
  await assertOneH1(page);

  const again = await page.reload();
  assert.equal(again.status(), 200);
  assert.equal(new URL(page.url()).pathname, new URL(siteUrl(path)).pathname);
  await appReady(page);
  await waitForTitle(page, article.title);
  assert.equal(await page.locator('article.article').count(), 1);
  await done();
});

test('a numbered page of a section is a real page too', async () => {
  const { older: second, olderPath } = await sectionWithPages();
  const { page, done } = await openPage(browser, DESKTOP);
  const response = await page.goto(siteUrl(olderPath));
  assert.equal(response.status(), 200);
  await appReady(page);
  await page.reload();
  await appReady(page);
  const firstLink = await page.locator('main#main li.card a.card-link').first().getAttribute('href');
  assert.ok(firstLink.endsWith(`/${second.items[0].slug}/`), `first card is ${second.items[0].slug}`);
  await done();
});
