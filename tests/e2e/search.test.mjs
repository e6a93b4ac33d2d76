// Journeys: a reader searches the site from the header, in Chinese and English, on a phone
// and a desktop, with a shared link, with odd input, and without JavaScript.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, PHONE, api, appReady, fitsWidth, holdBack, launch, openPage, screenshot, siteUrl, sitePath,
  visit, waitForPath,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Every article summary of the site, newest first (the latest listing's pages, by their older links). */
async function allArticles() {
  const pages = [await api('latest/newest.json')];
  while (pages.at(-1).next) pages.push(await api(pages.at(-1).next));
  return pages.flatMap((p) => p.items);
}

const HAN = /\p{Script=Han}{2}/u;

async function resultPaths(page) {
  const hrefs = await page.locator('ol.search-results li.search-hit a.card-link').evaluateAll(
    (links) => links.map((a) => a.getAttribute('href')),
  );
  return hrefs.map((href) => sitePath(href));
}

/**
 * `q` as the status names it: a query that is one quoted phrase without its quotes, with
 * the quotes the query parser knows (`sole_phrase` in src/search/query.rs).
 */
function statusName(q) {
  const match = /^["“「『＂]([^"”」』＂]*)["”」』＂]$/u.exec(q);
  return match === null ? q : match[1];
}

/**
 * Types `q` into the header's search box and waits for the answer to this query: the
 * status names it (status and results are rendered together), so the results read next
 * are not the previous query's, still on the page.
 */
async function searchFromHeader(page, q) {
  await page.locator('#site-search-q').fill(q);
  await page.locator('#site-search-q').press('Enter');
  await page.waitForFunction(([want, named]) => {
    const status = document.querySelector('main#main .search-status');
    return location.pathname.endsWith('/search/')
      && new URLSearchParams(location.search).get('q') === want
      && status !== null && status.textContent.includes(`“${named}”`);
  }, [q, statusName(q.trim())]);
}

test('a two-character Chinese substring of a title finds the article, marked', async () => {
  const articles = await allArticles();
  const zh = articles.find((a) => HAN.test(a.title));
  assert.ok(zh, 'the sample site has a Chinese headline');
  const q = zh.title.match(HAN)[0];
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, '');
  await page.evaluate(() => { window.__noReload = 1; });
  await searchFromHeader(page, q);
  assert.equal(await page.evaluate(() => window.__noReload), 1, 'the app searched without a page load');
  const paths = await resultPaths(page);
  assert.ok(paths.includes(`${zh.section}/${zh.slug}/`), `${q} finds ${zh.slug}: ${paths}`);
  const marks = await page.locator('ol.search-results mark').allTextContents();
  assert.ok(marks.some((m) => m.includes(q)), `the match is marked: ${marks}`);
  assert.equal(new URL(page.url()).searchParams.get('q'), q, 'the address holds the query');
  await screenshot(page, 'search-zh-desktop');
  await done();
});

test('an English word, its plural and a quoted phrase find their article', async () => {
  const articles = await allArticles();
  const en = articles.find((a) => /^[A-Za-z][a-z]+ [a-z]+ [a-z]+/.test(a.title) && !HAN.test(a.title));
  assert.ok(en, 'the sample site has an English headline');
  // The title's longest words: a common one ("The") may rank its article below the ten shown.
  const longest = (keep) => en.title.split(/\s+/).filter(keep)
    .reduce((found, w) => (w.length > found.length ? w : found), '');
  const word = longest((w) => /^[A-Za-z]{3,}$/.test(w));
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, '');
  await searchFromHeader(page, word.toUpperCase());
  assert.ok((await resultPaths(page)).includes(`${en.section}/${en.slug}/`), `${word} finds ${en.slug}`);

  // A plural finds the word as the title has it, and the mark is on that word.
  const singular = longest((w) => /^[A-Za-z]{4,}$/.test(w) && !/[sxzhy]$/i.test(w));
  assert.ok(singular, `${en.title} has a word whose plural only adds an s`);
  await searchFromHeader(page, `${singular.toLowerCase()}s`);
  assert.ok((await resultPaths(page)).includes(`${en.section}/${en.slug}/`), `${singular}s finds ${en.slug}`);
  const marks = await page.locator('ol.search-results mark').allTextContents();
  assert.ok(marks.some((m) => m.toLowerCase() === singular.toLowerCase()), `${singular} is marked: ${marks}`);

  const title = en.title.split(/\s+/);
  const at = title.findIndex((w, i) => /^[A-Za-z]+$/.test(w) && /^[A-Za-z]+$/.test(title[i + 1] || ''));
  const phrase = `"${title[at]} ${title[at + 1]}"`;
  await searchFromHeader(page, phrase);
  assert.ok((await resultPaths(page)).includes(`${en.section}/${en.slug}/`), `${phrase} finds ${en.slug}`);
  const status = await page.locator('main#main .search-status').textContent();
  assert.ok(status.includes(`“${phrase.slice(1, -1)}”`) && !status.includes('“"'), `the phrase is quoted once: ${status}`);
  const cornered = `『${title[at]} ${title[at + 1]}』`;
  await searchFromHeader(page, cornered);
  assert.ok((await resultPaths(page)).includes(`${en.section}/${en.slug}/`), `${cornered} finds ${en.slug}`);
  const cornerStatus = await page.locator('main#main .search-status').textContent();
  assert.ok(!cornerStatus.includes('『'), `the corner-quoted phrase is quoted once: ${cornerStatus}`);
  const reversed = `"${title[at + 1]} ${title[at]}"`;
  await searchFromHeader(page, reversed);
  assert.ok(!(await resultPaths(page)).includes(`${en.section}/${en.slug}/`), `${reversed} is not the phrase`);
  await done();
});

test('a query nothing matches says so plainly', async () => {
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, 'search/?q=zzqxvnothing');
  await page.waitForSelector('main#main .search-status');
  assert.equal(await page.locator('ol.search-results li').count(), 0);
  const status = await page.locator('main#main .search-status').textContent();
  assert.match(status, /zzqxvnothing/);
  await done();
});

test('hostile and odd queries run nothing, break nothing and answer in words', async () => {
  const queries = [
    '<script>alert(1)</script>', '"', '\\', '.*[(?', '%00%3Cimg%20src=x%20onerror=alert(1)%3E',
    '"><img src=x onerror=alert(1)>', '🙂🚢👨‍👩‍👧', 'مرحبا بالعالم', '。，、！？', 'x'.repeat(1000),
    'javascript:alert(1)', '&amp;&lt;',
  ];
  const { page, done } = await openPage(browser, DESKTOP);
  let dialogs = 0;
  page.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
  await visit(page, '');
  for (const q of queries) {
    await page.goto(siteUrl(`search/?q=${encodeURIComponent(q)}`));
    await appReady(page);
    await page.waitForSelector('main#main .search-status');
    assert.equal(await page.locator('main#main img[src=x], main#main script').count(), 0, q);
  }
  assert.equal(dialogs, 0, 'no dialog opened');
  await done();
});

test('a shared search link opens fresh with its results; back and forward keep the query', async () => {
  const articles = await allArticles();
  const zh = articles.find((a) => HAN.test(a.title));
  const q = zh.title.match(HAN)[0];
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, `search/?q=${encodeURIComponent(q)}`);
  await page.waitForSelector('ol.search-results li');
  assert.equal(await page.locator('#search-page-q').inputValue(), q);
  await searchFromHeader(page, 'zzqxvnothing');
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('ol.search-results li').length > 0);
  assert.equal(await page.locator('#search-page-q').inputValue(), q, 'back shows the first query');
  await page.goForward();
  await page.waitForFunction(() => document.querySelectorAll('ol.search-results li').length === 0);
  await page.reload();
  await appReady(page);
  await page.waitForSelector('main#main .search-status');
  assert.equal(await page.locator('#search-page-q').inputValue(), 'zzqxvnothing', 'reload keeps it');
  await done();
});

test('a search link asks for the wasm and the index root at once, beside the app\'s script, and each once', async () => {
  const { page, done } = await openPage(browser, PHONE);
  const asked = [];
  page.on('request', (request) => asked.push(new URL(request.url()).pathname));
  const isWasm = (path) => path.endsWith('.wasm');
  const isRoot = (path) => path.endsWith('/api/v1/search/index.txt');
  // The app's script is held back until both are asked for: the start script asks for
  // them itself, as soon as it runs, not the app once its script has come.
  const release = await holdBack(page, /\/broadsheet-app-[0-9a-f]+\.js$/);
  const bothAsked = Promise.all([isWasm, isRoot].map((is) => page.waitForRequest(
    (request) => is(new URL(request.url()).pathname), { timeout: 20_000 })));
  await page.goto(siteUrl('search/?q=ferry'), { waitUntil: 'commit' });
  await bothAsked.catch(() => {}); // the assertion below names what was not asked for
  const before = asked.filter((path) => isWasm(path) || isRoot(path));
  release();
  assert.ok(before.some(isWasm) && before.some(isRoot), `asked for before the app's script came: ${before}`);
  await appReady(page);
  await page.waitForSelector('ol.search-results li.search-hit');
  assert.equal(asked.filter(isWasm).length, 1, `the wasm once: ${asked}`);
  assert.equal(asked.filter(isRoot).length, 1, `the root once (the app took the preloaded answer): ${asked}`);
  await done();
});

test('results filter by section, and more results come on demand', async () => {
  const site = await api('site.json');
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, 'search/?q=the');
  await page.waitForSelector('ol.search-results li');
  const status = await page.locator('main#main .search-status').textContent();
  const total = Number(status.match(/\d+/)[0]);
  const shown = await page.locator('ol.search-results li').count();
  if (total > shown) {
    await page.locator('.search-more a').click();
    await page.waitForFunction((n) => document.querySelectorAll('ol.search-results li').length > n, shown);
  }
  const section = site.sections[0].slug;
  await page.locator('#search-page-q').fill('the');
  await page.locator('select[name=section]').selectOption(section);
  await page.locator('.search-page button[type=submit]').click();
  await page.waitForFunction((s) => new URL(location.href).searchParams.get('section') === s, section);
  // The answer to the filtered request: its count differs from the unfiltered one (the
  // previous results stay on screen until it is ready).
  await page.waitForFunction(
    (before) => document.querySelector('main#main .search-status')?.textContent !== before,
    status,
  );
  for (const path of await resultPaths(page)) assert.ok(path.startsWith(`${section}/`), path);
  await done();
});

test('on a phone the header has the search box, and the results fit the screen', async () => {
  const articles = await allArticles();
  const q = articles.find((a) => HAN.test(a.title)).title.match(HAN)[0];
  const { page, done } = await openPage(browser, PHONE);
  await visit(page, '');
  assert.ok(await page.locator('#site-search-q').isVisible(), 'the search box shows on a phone');
  await searchFromHeader(page, q);
  await page.waitForSelector('ol.search-results li');
  assert.ok(await fitsWidth(page), 'nothing wider than the phone');
  await screenshot(page, 'search-zh-phone');
  await done();
});

test('the slash key focuses the search box; the landmark is labelled', async () => {
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, '');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search-q');
  const label = await page.locator('header form[role=search]').getAttribute('aria-label');
  assert.ok(label && label.length > 0, 'the search landmark has a label');
  await done();
});

test('a page that does not exist offers a search for the words of its address', async () => {
  const { page, done } = await openPage(browser, DESKTOP);
  await page.goto(siteUrl('city/ferry-timetable-winter/'));
  await appReady(page);
  await page.waitForSelector('#not-found-q');
  assert.equal(await page.locator('#not-found-q').inputValue(), 'city ferry timetable winter');
  await done();
});

test('without JavaScript the search page says so and links the site map and the feed', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: DESKTOP });
  const page = await context.newPage();
  const asked = [];
  page.on('request', (request) => asked.push(new URL(request.url()).pathname));
  const response = await page.goto(siteUrl('search/?q=ferry'));
  assert.equal(response.status(), 200);
  const text = await page.locator('main#main').textContent();
  assert.match(text, /JavaScript/);
  const hrefs = await page.locator('main#main .search-elsewhere a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.some((h) => h.endsWith('/sitemap/')), hrefs);
  assert.ok(hrefs.some((h) => h.endsWith('/feed.xml')), hrefs);
  assert.equal(await page.locator('header form[role=search] input[name=q]').count(), 1);
  await waitForPath(page, 'search/');
  const app = asked.filter((path) => path.endsWith('.wasm') || path.includes('/api/v1/'));
  assert.deepEqual(app, [], 'neither the wasm nor the index is fetched without JavaScript');
  await context.close();
});
