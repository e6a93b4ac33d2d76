// Journey: a reader looking for a feed. The footer of every page links the RSS map, which
// lists the whole site's feeds and each section's in RSS, Atom and JSON Feed; every link
// answers with its feed. With JavaScript (a client-side navigation) and without, on a phone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, PHONE, api, fitsWidth, launch, openPage, screenshot, siteFacts, sitePath, siteUrl, visit,
  waitForPath, waitForTitle,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const RSS_MAP = { 'zh-CN': 'RSS 地图', en: 'Feeds' };

/** Every feed link of the page's RSS map, checked: the whole site's and each section's. */
async function assertFeeds(page, site) {
  const groups = page.locator('main#main ul.feed-list > li.feed');
  assert.equal(await groups.count(), site.sections.length + 1, 'the whole site + every section');
  for (const [i, section] of site.sections.entries()) {
    assert.equal((await groups.nth(i + 1).locator('h2').textContent()).trim(), section.name);
  }
  const hrefs = await page.locator('main#main ul.feed-formats a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  const folders = ['', ...site.sections.map((s) => `${s.slug}/`)];
  const expected = folders.flatMap((f) => ['feed.xml', 'atom.xml', 'feed.json'].map((n) => `${f}${n}`));
  assert.deepEqual(hrefs.map((h) => sitePath(h)), expected);
  for (const href of hrefs) {
    const response = await page.request.get(new URL(href, page.url()).href);
    assert.equal(response.status(), 200, href);
    const body = await response.text();
    if (href.endsWith('.json')) assert.match(JSON.parse(body).version, /jsonfeed/, href);
    else assert.match(body, /^<\?xml[^>]*>\s*<(rss|feed)\b/, href);
  }
}

test('the footer leads to the RSS map, which lists every feed and each answers (JavaScript on)', async () => {
  const { site } = await siteFacts();
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, '');
  const title = RSS_MAP[site.language] || RSS_MAP.en;
  await page.locator('footer.site-footer a', { hasText: title }).click();
  await waitForPath(page, 'feeds/');
  await waitForTitle(page, title);
  assert.equal(await page.getAttribute('html', 'data-app'), 'ready', 'still the app: no page load');
  await assertFeeds(page, site);
  await done();
});

test('the RSS map is complete without JavaScript, on a phone', async () => {
  const { site } = await siteFacts();
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  const response = await page.goto(siteUrl('feeds/'));
  assert.equal(response.status(), 200);
  assert.equal(await page.getAttribute('html', 'data-app'), null, 'the app did not run');
  assert.equal((await page.locator('main#main h1').textContent()).trim(), RSS_MAP[site.language] || RSS_MAP.en);
  await assertFeeds(page, site);
  assert.ok(await fitsWidth(page), 'nothing wider than the phone');
  await screenshot(page, 'feeds-phone-no-js');
  await context.close();
});

test("a section's page announces its own feeds, and they go with it on client-side navigation", async () => {
  const { site } = await siteFacts();
  const section = site.sections[0];
  const { page, done } = await openPage(browser, DESKTOP);
  const own = () => page.locator('head link[rel=alternate][data-own-feed]')
    .evaluateAll((links) => links.map((l) => `${l.type} ${new URL(l.href).pathname}`));
  await visit(page, `${section.slug}/`);
  const base = new URL(siteUrl('')).pathname;
  const expected = [
    `application/rss+xml ${base}${section.slug}/feed.xml`,
    `application/atom+xml ${base}${section.slug}/atom.xml`,
    `application/feed+json ${base}${section.slug}/feed.json`,
  ];
  assert.deepEqual(await own(), expected, 'the static page announces them');
  const card = page.locator('main#main li.card a.card-link').first();
  const path = sitePath(await card.getAttribute('href'));
  await card.click();
  await waitForPath(page, path);
  await page.waitForFunction(() => !document.querySelector('head link[data-own-feed]'));
  await page.goBack();
  await waitForPath(page, `${section.slug}/`);
  await page.waitForFunction(() => document.querySelectorAll('head link[data-own-feed]').length === 3);
  assert.deepEqual(await own(), expected, 'the app announces them again');
  await done();
});

test("a tag's page announces its own feeds of summaries, and each answers (JavaScript off)", async () => {
  const { tags } = await api('sitemap.json');
  const tag = tags[0];
  const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(siteUrl(`tag/${tag.slug}/`));
  const hrefs = await page.locator('head link[rel=alternate][data-own-feed]')
    .evaluateAll((links) => links.map((l) => l.href));
  assert.deepEqual(hrefs.map((h) => sitePath(h)),
    ['feed.xml', 'atom.xml', 'feed.json'].map((f) => `tag/${tag.slug}/${f}`));
  const listing = await api(`tags/${tag.slug}/newest.json`);
  for (const href of hrefs) {
    // The head names the feeds by the site's absolute URL; the test server is elsewhere.
    const response = await page.request.get(siteUrl(sitePath(href)));
    assert.equal(response.status(), 200, href);
    const body = await response.text();
    assert.ok(body.includes(listing.items[0].slug), `${href} lists the tag's newest article`);
    if (href.endsWith('.json')) assert.equal(JSON.parse(body).items[0].content_html, undefined, 'summaries only');
  }
  await context.close();
});
