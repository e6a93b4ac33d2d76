// Journey: a reader opens the front page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, assertLicences, assertOneH1, launch, openPage, siteFacts, sitePath, siteUrl, visit,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the home page is pre-rendered, then the app takes over', async () => {
  const { site } = await siteFacts();
  const { page, done } = await openPage(browser, DESKTOP);
  const response = await page.goto(siteUrl(''));
  assert.equal(response.status(), 200);
  // The static fallback carries its data, so the app needs no request to take over.
  const embedded = JSON.parse(await page.locator('script#bs-data').textContent());
  assert.equal(embedded.site.title, site.title);
  await page.waitForSelector('html[data-app=ready]', { state: 'attached', timeout: 60_000 });
  await assertOneH1(page);
  await done();
});

test('the header, skip link, cards and footer follow the page contract', async () => {
  const { site } = await siteFacts();
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, '');

  await page.locator('header.site-header a.site-title').waitFor();
  assert.equal(await page.locator('a.skip-link[href="#main"]').count(), 1, 'skip link to #main');
  assert.equal(await page.locator('main#main').count(), 1);
  // Every section, in the site's order (the nav may hold other links too, e.g. home).
  const navPaths = (await page.locator('header.site-header nav.sections a').evaluateAll(
    (links) => links.map((a) => a.getAttribute('href')),
  )).map((href) => sitePath(href));
  const sectionPaths = site.sections.map((section) => `${section.slug}/`);
  assert.deepEqual(navPaths.filter((p) => sectionPaths.includes(p)), sectionPaths);

  const cards = page.locator('main#main li.card');
  assert.ok((await cards.count()) > 0, 'the home page lists articles');
  const card = cards.first();
  assert.equal(await card.locator('a.card-link').count(), 1);
  assert.ok((await card.locator('time').count()) >= 1, 'a card shows its date');
  assert.equal(await card.locator('p.summary').count(), 1);
  const link = sitePath(await card.locator('a.card-link').getAttribute('href'));
  assert.match(link, /^[a-z0-9-]+\/[a-z0-9-]+\/$/, 'a card links to /<section>/<slug>/');

  const footer = page.locator('footer.site-footer');
  assert.ok((await footer.locator('a[href$="feed.xml"]').count()) >= 1, 'footer links the feed');
  assert.ok((await footer.locator('a[href$="/sitemap/"]').count()) >= 1, 'footer links the site map');
  await assertLicences(page, site, 'home, in the app');
  await done();
});
