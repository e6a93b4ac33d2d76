// Journey: a reader on a small phone: nothing scrolls sideways, every section is one tap away.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  SMALL_PHONE, api, firstCard, fitsWidth, launch, openPage, sectionWithPages, siteFacts, visit,
  rowsOf, waitForPath,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('at 360×740 no page scrolls sideways', async () => {
  const { site } = await siteFacts();
  const { olderPath } = await sectionWithPages();
  const { page, done } = await openPage(browser, SMALL_PHONE);
  await visit(page, '');
  const { path } = await firstCard(page);
  const { months, people } = await api('sitemap.json');
  const month = `archive/${months[0].year}/${String(months[0].month).padStart(2, '0')}/`;
  const pages = {
    home: '', section: `${site.sections[0].slug}/`, 'numbered page': olderPath, article: path,
    sitemap: 'sitemap/', month,
    author: `author/${people[0].slug}/`,
  };
  const tooWide = [];
  for (const [name, url] of Object.entries(pages)) {
    await visit(page, url);
    await page.locator('main#main h1').waitFor();
    if (!(await fitsWidth(page))) {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      tooWide.push(`${name} (/${url}): ${width}px wide`);
    }
  }
  assert.deepEqual(tooWide, [], 'pages wider than the 360px viewport');
  await done();
});

test('on a phone every section is one tap away, in one row that scrolls sideways', async () => {
  const { site } = await siteFacts();
  const { page, done } = await openPage(browser, SMALL_PHONE);
  await visit(page, '');
  const links = page.locator('nav#site-nav a');
  assert.equal(await links.count(), site.sections.length + 1);
  const rows = await rowsOf(links);
  assert.equal(rows, 1, `one row, not ${rows}`);
  assert.ok(await fitsWidth(page), 'the row scrolls inside the navigation, not the page');
  // The last section, scrolled into view inside the row, opens in the app.
  const last = site.sections[site.sections.length - 1];
  await page.locator(`nav#site-nav a[href$="/${last.slug}/"]`).click();
  await waitForPath(page, `${last.slug}/`);
  await done();
});
