// Journey: a reader looking back. The site map lists the months with their counts; a month's
// archive lists its articles page by page; an article's credits lead to the writer's page.
// With JavaScript (client-side navigation, no page load) and without, at phone and desktop
// widths.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, PHONE, api, fitsWidth, launch, openPage, screenshot, siteFacts, sitePath, siteUrl,
  visit, waitForPath, waitForTitle,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const AUTHOR = { zh: '作者', en: 'Author' };
const SITE_MAP = { 'zh-CN': '网站地图', en: 'Site map' };

const zh = (site) => site.language.startsWith('zh');
const monthName = (site, { year, month }) => (zh(site) ? `${year}年${month}月` : `${MONTHS[month - 1]} ${year}`);
const monthPath = ({ year, month }) => `archive/${year}/${String(month).padStart(2, '0')}/`;
const authorTitle = (site, name) => (zh(site) ? `${AUTHOR.zh}：${name}` : `${AUTHOR.en}: ${name}`);

/**
 * The newest month with at least two numbered pages besides its own URL (three pages'
 * worth of articles), and an article of it that credits a person.
 */
async function archiveFacts() {
  const map = await api('sitemap.json');
  const site = await api('site.json');
  assert.ok(map.months.length >= 2, 'the sample content spans months');
  const month = map.months.find((m) => m.count >= 3 * site.page_size);
  assert.ok(month, 'a month of the sample content has three pages\' worth of articles');
  const first = await api(`${monthPath(month)}newest.json`);
  assert.equal(first.total_items, month.count, 'the site map counts the month');
  let credited;
  for (const item of first.items) {
    const article = await api(`articles/${item.slug}.json`);
    if ((article.people || []).length) { credited = article; break; }
  }
  assert.ok(credited, 'an article of the month credits someone with a page');
  const person = credited.people[0];
  const personPage = await api(`authors/${person.slug}/newest.json`);
  assert.ok(personPage.items.some((i) => i.slug === credited.slug), 'the author page lists the article');
  return { map, month, first, credited, person, personPage };
}

const cardSlugs = (page) => page.locator('main#main li.card a.card-link')
  .evaluateAll((links) => links.map((a) => a.getAttribute('href').split('/').filter(Boolean).pop()));

/** The page status of a numbered page: its number, as the site's language writes it. */
const pageStatus = (site, k) => (zh(site) ? `第 ${k} 页` : `Page ${k}`);

test('site map → month → older pages to the oldest → newer back → article → its writer, all in the app (JavaScript on)', async () => {
  const { site } = await siteFacts();
  const { month, first, credited, person, personPage } = await archiveFacts();
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, 'sitemap/');
  await page.evaluate(() => { window.stillHere = true; });
  const monthLink = page.locator(`main#main a[href$="/${monthPath(month)}"]`);
  assert.match(await monthLink.locator('xpath=..').textContent(), new RegExp(String(month.count)));
  await monthLink.click();
  await waitForPath(page, monthPath(month));
  await waitForTitle(page, monthName(site, month));
  assert.deepEqual(await cardSlugs(page), first.items.map((i) => i.slug));
  const crumbs = await page.locator('nav.breadcrumb a').evaluateAll((l) => l.map((a) => a.textContent.trim()));
  assert.ok(crumbs.includes(SITE_MAP[site.language] || SITE_MAP.en), `the breadcrumb names the site map: ${crumbs}`);
  // Older, page by page, to the oldest (page 1, which has no older link)…
  const numbered = [];
  for (let doc = first; doc.next;) {
    doc = await api(doc.next);
    numbered.push(doc);
    await page.locator('nav.pagination a[rel=next]').click();
    await waitForPath(page, `${monthPath(month)}page/${doc.page}/`);
    await page.waitForFunction((slug) => document.querySelector(`main#main a.card-link[href$="/${slug}/"]`), doc.items[0].slug);
    assert.deepEqual(await cardSlugs(page), doc.items.map((i) => i.slug));
    assert.equal((await page.locator('nav.pagination .page-status').textContent()).trim(), pageStatus(site, doc.page));
  }
  assert.deepEqual(numbered.map((d) => d.page), [...Array(first.total_pages - 1).keys()].map((k) => first.total_pages - 1 - k),
    'the older links count down to page 1');
  assert.equal(await page.locator('nav.pagination a[rel=next]').count(), 0, 'page 1 is the oldest');
  // …then newer, page by page, back to the month's own URL.
  for (const doc of numbered.slice(0, -1).reverse()) {
    await page.locator('nav.pagination a[rel=prev]').click();
    await waitForPath(page, `${monthPath(month)}page/${doc.page}/`);
  }
  await page.locator('nav.pagination a[rel=prev]').click();
  await waitForPath(page, monthPath(month));
  await page.waitForFunction((slug) => document.querySelector(`main#main a.card-link[href$="/${slug}/"]`), first.items[0].slug);
  assert.deepEqual(await cardSlugs(page), first.items.map((i) => i.slug));
  await page.locator(`main#main a.card-link[href$="/${credited.slug}/"]`).first().click();
  await waitForTitle(page, credited.title);
  const credit = page.locator('p.credits a', { hasText: person.name });
  await credit.click();
  await waitForPath(page, `author/${person.slug}/`);
  await waitForTitle(page, authorTitle(site, person.name));
  assert.deepEqual(await cardSlugs(page), personPage.items.map((i) => i.slug));
  assert.equal(await page.evaluate(() => window.stillHere), true, 'no page load on the way');
  await done();
});

test('archive and author pages are complete without JavaScript, on a phone and a desktop', async () => {
  const { site } = await siteFacts();
  const { month, first, person, personPage } = await archiveFacts();
  const oldest = await api(`${monthPath(month)}page/1.json`);
  for (const [viewport, width] of [[PHONE, 'phone'], [DESKTOP, 'desktop']]) {
    const context = await browser.newContext({ viewport, javaScriptEnabled: false });
    const page = await context.newPage();
    for (const [path, title, items, shot] of [
      [monthPath(month), monthName(site, month), first.items, 'archive-month'],
      [`${monthPath(month)}page/1/`, monthName(site, month), oldest.items, 'archive-month-page-1'],
      [`author/${person.slug}/`, authorTitle(site, person.name), personPage.items, 'author'],
      ['sitemap/', SITE_MAP[site.language] || SITE_MAP.en, null, 'sitemap'],
    ]) {
      const response = await page.goto(siteUrl(path));
      assert.equal(response.status(), 200, path);
      assert.equal(await page.getAttribute('html', 'data-app'), null, 'the app did not run');
      assert.equal((await page.locator('main#main h1').textContent()).trim(), title);
      if (items) assert.deepEqual(await cardSlugs(page), items.map((i) => i.slug), path);
      assert.ok(await fitsWidth(page), `${path}: nothing wider than the ${width}`);
      await screenshot(page, `${shot}-${width}-no-js`);
    }
    // The site map links every month and each link is a real page.
    await page.goto(siteUrl('sitemap/'));
    const months = await page.locator('main#main ul.sitemap-months a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    const map = await api('sitemap.json');
    assert.deepEqual(months.map((h) => sitePath(h)), map.months.map(monthPath));
    await context.close();
  }
});

test('an archive address that is not a month is not found', async () => {
  const { page, done } = await openPage(browser, DESKTOP);
  for (const path of ['archive/2026/13/', 'archive/2026/1/', 'archive/1999/01/']) {
    const response = await page.goto(siteUrl(path));
    assert.equal(response.status(), 404, path);
  }
  await done();
});
