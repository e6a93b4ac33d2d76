// Journey: a reader without JavaScript. Every page type is complete from its static HTML, and
// header, nav, pagination, breadcrumb, card and footer links are plain links to real pages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, PHONE, api, assertLicences, launch, rowsOf, sectionWithPages, siteFacts, siteUrl,
  waitForPath,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const squash = (text) => (text || '').replace(/\s+/g, ' ').trim();

/** A page with JavaScript off; fails the test on any request for the app's JS or wasm. */
async function openStatic(viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, javaScriptEnabled: false });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const scripts = [];
  page.on('request', (request) => {
    if (/\.(wasm)$/.test(new URL(request.url()).pathname)) scripts.push(request.url());
  });
  const done = async () => {
    await context.close();
    assert.deepEqual(scripts, [], 'no wasm is fetched without JavaScript');
  };
  return { page, done };
}

/** The parts every page has without JavaScript: masthead, nav, main with one h1, footer. */
async function assertComplete(page, site, what) {
  assert.equal(await page.getAttribute('html', 'data-app'), null, `${what}: the app did not run`);
  const home = page.locator('header.site-header a.site-title');
  assert.equal(squash(await home.textContent()), squash(site.title), `${what}: site title`);
  const nav = page.locator('nav#site-nav a');
  assert.equal(await nav.count(), site.sections.length + 1, `${what}: home + every section`);
  assert.ok(await nav.first().isVisible(), `${what}: the nav is visible`);
  assert.equal(await page.locator('main#main h1').count(), 1, `${what}: one h1`);
  assert.ok(squash(await page.locator('main#main h1').textContent()).length > 0, `${what}: h1 text`);
  const footer = page.locator('footer.site-footer');
  assert.equal(await footer.locator('a[href$="/feed.xml"]').count(), 1, `${what}: RSS link`);
  assert.equal(await footer.locator(`a[href="${new URL(siteUrl('sitemap/')).pathname}"]`).count(), 1,
    `${what}: site map link`);
  assert.equal(squash(await footer.locator('.copyright').textContent()), squash(site.copyright));
  await assertLicences(page, site, what);
}

async function h1(page) {
  return squash(await page.locator('main#main h1').textContent());
}

/** Follows a link by click and waits for the new document (a full load: no app). */
async function follow(page, locator, path) {
  await Promise.all([page.waitForEvent('load'), locator.click()]);
  await waitForPath(page, path);
}

test('every page type is complete without JavaScript', async () => {
  const { site, summaries } = await siteFacts();
  const { section, olderPath } = await sectionWithPages();
  const sitemap = await api('sitemap.json');
  assert.ok(sitemap.tags.length > 0, 'the sample content has tags');
  const tag = sitemap.tags[0];
  const summary = summaries[0];
  const article = await api(`articles/${summary.slug}.json`);
  const pages = [
    ['home', '', 200, null],
    ['section, numbered page', olderPath, 200, section.name],
    ['tag', `tag/${tag.slug}/`, 200, null],
    ['article', `${summary.section}/${summary.slug}/`, 200, article.title],
    ['site map', 'sitemap/', 200, null],
    ['not found', 'no-such-page/', 404, null],
  ];
  const { page, done } = await openStatic();
  for (const [what, path, status, title] of pages) {
    const response = await page.goto(siteUrl(path));
    assert.equal(response.status(), status, `${what}: HTTP status`);
    await assertComplete(page, site, what);
    if (title) assert.equal(await h1(page), squash(title), `${what}: h1`);
  }
  // The article: breadcrumb, body, credits and neighbours are all in the static page.
  await page.goto(siteUrl(`${summary.section}/${summary.slug}/`));
  assert.equal(await page.locator('nav.breadcrumb a').count() >= 2, true, 'breadcrumb links');
  assert.ok(squash(await page.locator('article.article .body').textContent()).length > 100, 'body');
  assert.equal(await page.locator('nav.prev-next a').count(),
    (article.prev ? 1 : 0) + (article.next ? 1 : 0), 'prev/next links');
  // The tag page lists the tag's articles.
  const tagPage = await api(`tags/${tag.slug}/newest.json`);
  await page.goto(siteUrl(`tag/${tag.slug}/`));
  assert.equal(await page.locator('main#main li.card a.card-link').count(), tagPage.items.length);
  await done();
});

test('without JavaScript the links lead to real pages, followed by click', async () => {
  const { site } = await siteFacts();
  const { section, first, older: second, olderPath } = await sectionWithPages();
  const { page, done } = await openStatic();
  await page.goto(siteUrl(''));

  // Header nav → section.
  await follow(page, page.locator(`nav#site-nav a[href$="/${section.slug}/"]`), `${section.slug}/`);
  assert.equal(await h1(page), squash(section.name));
  assert.equal(await page.locator('main#main li.card').count(), first.items.length);

  // Pagination → the newest numbered page, and back to the section's own URL.
  await follow(page, page.locator('nav.pagination a[rel=next]'), olderPath);
  const firstCard = await page.locator('main#main li.card a.card-link').first().getAttribute('href');
  assert.ok(firstCard.endsWith(`/${second.items[0].slug}/`), 'the numbered page lists its articles');
  await follow(page, page.locator('nav.pagination a[rel=prev]'), `${section.slug}/`);

  // Card → article → breadcrumb back to the section → site title home.
  const item = first.items[0];
  await follow(page, page.locator(`main#main a.card-link[href$="/${item.slug}/"]`).first(),
    `${item.section}/${item.slug}/`);
  assert.equal(await h1(page), squash(item.title));
  await follow(page, page.locator(`nav.breadcrumb a[href$="/${section.slug}/"]`), `${section.slug}/`);
  await follow(page, page.locator('header a.site-title'), '');
  assert.equal(await page.title(), site.title);

  // Footer → site map → a tag → one of its articles.
  await follow(page, page.locator('footer.site-footer a[href$="/sitemap/"]'), 'sitemap/');
  const tagLink = page.locator('main#main a[href*="/tag/"]').first();
  const tagPath = new URL(await tagLink.getAttribute('href'), siteUrl('')).pathname;
  await Promise.all([page.waitForEvent('load'), tagLink.click()]);
  assert.equal(new URL(page.url()).pathname, tagPath);
  const card = page.locator('main#main a.card-link').first();
  const cardTitle = squash(await card.textContent());
  await Promise.all([page.waitForEvent('load'), card.click()]);
  assert.equal(await h1(page), cardTitle);
  await done();
});

test('on a phone without JavaScript the section links show in one row, as with the app', async () => {
  const { site } = await siteFacts();
  const { page, done } = await openStatic(PHONE);
  await page.goto(siteUrl(''));
  const links = page.locator('nav#site-nav a');
  assert.equal(await links.count(), site.sections.length + 1);
  for (let i = 0; i < await links.count(); i += 1) {
    assert.ok(await links.nth(i).isVisible(), `nav link ${i} is visible`);
  }
  const rows = await rowsOf(links);
  assert.equal(rows, 1, `one row, not ${rows}`);
  await done();
});
