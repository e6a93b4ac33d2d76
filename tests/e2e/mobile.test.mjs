// Journey: a reader on a small phone: nothing scrolls sideways, the menu opens the sections.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  SMALL_PHONE, api, firstCard, fitsWidth, launch, openPage, sectionWithPages, siteFacts, visit,
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

test('on a phone the menu button opens the section navigation', async () => {
  const { site } = await siteFacts();
  const { olderPath } = await sectionWithPages();
  const { page, done } = await openPage(browser, SMALL_PHONE);
  await visit(page, '');
  const toggle = page.locator('header.site-header button.menu-toggle');
  await toggle.waitFor({ state: 'visible' });
  const firstSection = page.locator(`nav.sections a[href$="/${site.sections[0].slug}/"]`).first();
  assert.equal(await firstSection.isVisible(), false, 'the menu starts closed on a phone');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  for (const section of site.sections) {
    await page.locator(`nav.sections a[href$="/${section.slug}/"]`).first().waitFor({ state: 'visible' });
  }
  await toggle.click();
  await firstSection.waitFor({ state: 'hidden' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  // Escape closes it from inside the menu, and the focus goes back to the button.
  await toggle.click();
  await firstSection.focus();
  await page.keyboard.press('Escape');
  await firstSection.waitFor({ state: 'hidden' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('menu-toggle')), true);
  await done();
});
