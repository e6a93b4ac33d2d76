// Journey: a reader opens a section from the navigation and pages through it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, api, assertOneH1, launch, openPage, sectionWithPages, siteFacts, sitePath,
  visit, waitForPath,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function cardLinks(page) {
  const hrefs = await page.locator('main#main li.card a.card-link').evaluateAll(
    (links) => links.map((a) => a.getAttribute('href')),
  );
  return hrefs.map((href) => sitePath(href));
}

const expectedLinks = (listing) => listing.items.map((item) => `${item.section}/${item.slug}/`);

test('a section link in the header opens the section listing', async () => {
  const { site } = await siteFacts();
  const section = site.sections[0];
  const listing = await api(`sections/${section.slug}/newest.json`);
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, '');

  await page.evaluate(() => { window.__noReload = 1; });
  await page.locator(`nav.sections a[href$="/${section.slug}/"]`).first().click();
  await waitForPath(page, `${section.slug}/`);
  await page.waitForFunction((name) => {
    const h1 = document.querySelector('main#main h1');
    return h1 && h1.textContent.includes(name);
  }, section.name);
  assert.equal(await page.evaluate(() => window.__noReload), 1, 'no full page load');
  await assertOneH1(page);
  assert.ok((await page.locator('nav.breadcrumb').count()) === 1, 'breadcrumb');
  assert.deepEqual(await cardLinks(page), expectedLinks(listing));
  await done();
});

test('a section\'s older link opens its newest numbered page, whose newer link leads back', async () => {
  const { section, first, older, olderPath } = await sectionWithPages();
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, `${section.slug}/`);
  await page.evaluate(() => { window.__noReload = 1; });

  await page.locator('nav.pagination a[rel=next]').click();
  await waitForPath(page, olderPath);
  await page.waitForFunction(
    (first) => document.querySelector('main#main li.card a.card-link')?.getAttribute('href')?.endsWith(first),
    `/${older.items[0].section}/${older.items[0].slug}/`,
  );
  assert.deepEqual(await cardLinks(page), expectedLinks(older));
  assert.match(await page.locator('nav.pagination .page-status').textContent(), new RegExp(`\\b${older.page}\\b`));
  await assertOneH1(page);

  await page.locator('nav.pagination a[rel=prev]').click();
  await waitForPath(page, `${section.slug}/`);
  await page.waitForFunction(
    (first) => document.querySelector('main#main li.card a.card-link')?.getAttribute('href')?.endsWith(first),
    `/${first.items[0].section}/${first.items[0].slug}/`,
  );
  assert.deepEqual(await cardLinks(page), expectedLinks(first));
  assert.equal(await page.evaluate(() => window.__noReload), 1, 'no full page load');
  await done();
});
