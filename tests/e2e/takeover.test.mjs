// Journey: the app takes over a pre-rendered page, on every page type. It uses the data
// embedded in the page (no request for the page's document), shows the same text the static
// page showed (JavaScript on, the app not yet started), and moves nothing on screen:
// cumulative layout shift 0, and the main content where the static page had it, to its
// height (the app's elements are new ones, which the layout-shift metric does not compare).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, PHONE, api, appReady, holdBack, launch, openPage, sectionWithPages, siteFacts, siteUrl, visit,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const squash = (text) => (text || '').replace(/\s+/g, ' ').trim();

/** The main content's text without the save control's: that is the page script's (shown
 * where saving works, app or not), not the app's. Read without changing the page, which
 * would be a layout shift of its own. */
async function mainText(page) {
  return squash(await page.evaluate(() => {
    let text = document.querySelector('main#main').innerText;
    for (const control of document.querySelectorAll('main#main .save-offline')) {
      text = text.replace(control.innerText, '');
    }
    return text;
  }));
}

/** Layout shifts not caused by input, summed, as the CLS metric counts them. */
function layoutShift(page) {
  return page.evaluate(() => new Promise((resolve) => {
    let sum = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) sum += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => resolve(sum), 200);
  }));
}

/** Where the main content and its heading are, to a tenth of a pixel. */
function boxes(page) {
  return page.evaluate(() => ['main#main', 'main#main h1'].map((selector) => {
    const r = document.querySelector(selector).getBoundingClientRect();
    return `${selector}: ${[r.x, r.y, r.width, r.height].map((v) => v.toFixed(1)).join(' ')}`;
  }));
}

/**
 * `fetches`: the API paths the page asks for anyway (the search page, whose results only the
 * app can show, asks for the index root at once); any other API request fails the test.
 */
async function assertTakeover(path, viewport, { fetches = [] } = {}) {
  const { page, done } = await openPage(browser, viewport);
  const apiRequests = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/v1/')) apiRequests.push(request.url());
  });
  // The wasm held back until the static page is measured.
  const release = await holdBack(page, '**/*.wasm');
  const response = await page.goto(siteUrl(path));
  assert.equal(response.status(), 200);
  await page.locator('main#main h1').waitFor();
  const staticBoxes = await boxes(page);
  const before = await mainText(page);
  assert.ok(before.length > 0, `${path}: the static page has content`);
  release();
  await appReady(page);
  await page.waitForTimeout(500); // let late work (images, fonts, effects) settle
  assert.deepEqual(apiRequests, fetches.map((doc) => siteUrl(`api/v1/${doc}`)),
    `${path}: the app used the embedded data, no API request but the page's own`);
  assert.equal(await layoutShift(page), 0, `${path}: no layout shift`);
  assert.deepEqual(await boxes(page), staticBoxes, `${path}: the main content where the static page had it`);
  assert.equal(await mainText(page), before, `${path}: the same text before and after the app starts`);
  await done();
}

test('an article is taken over without a request, a text change or a layout shift', async () => {
  const { summaries } = await siteFacts();
  // One with a lead image and one from further down the list, so images are part of it.
  const picks = [summaries[0], summaries[summaries.length - 1]];
  for (const s of picks) await assertTakeover(`${s.section}/${s.slug}/`, DESKTOP);
  await assertTakeover(`${picks[0].section}/${picks[0].slug}/`, PHONE);
});

test('home and a numbered listing page are taken over the same way', async () => {
  const { olderPath } = await sectionWithPages();
  for (const viewport of [DESKTOP, PHONE]) {
    await assertTakeover('', viewport);
    await assertTakeover(olderPath, viewport);
  }
});

test('every other page type is taken over the same way, on a phone', async () => {
  const map = await api('sitemap.json');
  const month = map.months[0];
  const paths = [
    `${map.sections[0].section.slug}/`,
    `tag/${map.tags[0].slug}/`,
    `author/${map.people[0].slug}/`,
    `archive/${month.year}/${String(month.month).padStart(2, '0')}/`,
    'sitemap/',
    'feeds/',
  ];
  for (const path of paths) await assertTakeover(path, PHONE);
  await assertTakeover('search/', PHONE, { fetches: ['search/index.txt'] });
});

test('the app shows dates without starting the browser\'s Intl (the site writes them on its clock)', async () => {
  const { summaries } = await siteFacts();
  const { page, done } = await openPage(browser, PHONE);
  // Counts every Intl.DateTimeFormat made, before any of the page's scripts runs.
  await page.addInitScript(() => {
    const Original = Intl.DateTimeFormat;
    window.__formatsMade = 0;
    Intl.DateTimeFormat = function DateTimeFormat(...args) {
      window.__formatsMade += 1;
      return new Original(...args);
    };
  });
  await visit(page, '');
  const first = summaries[0];
  await page.locator(`main a[href$="${first.section}/${first.slug}/"]`).first().click();
  await page.waitForURL(`**/${first.section}/${first.slug}/`);
  await page.locator('main#main h1').waitFor();
  const dates = await page.locator('main#main time').count();
  assert.ok(dates > 0, 'the article shows its date');
  assert.equal(await page.evaluate(() => window.__formatsMade), 0, 'no Intl.DateTimeFormat made');
  // The count would have seen one.
  await page.evaluate(() => new Intl.DateTimeFormat('en'));
  assert.equal(await page.evaluate(() => window.__formatsMade), 1);
  await done();
});
