// A site in Traditional Chinese: tests/e2e/fixtures/traditional-site (zh-TW, Taipei time),
// served at TRADITIONAL_URL. Its pages speak Traditional Chinese with and without JavaScript,
// count views in 萬, show times in Taipei time although the article's date was written in
// UTC, and link credits to author pages; at phone and desktop widths.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, PHONE, appReady, fitsWidth, launch, openPage, screenshot,
} from '../browser.mjs';

const TRADITIONAL_URL = process.env.TRADITIONAL_URL;
const url = (path = '') => new URL(path, TRADITIONAL_URL).href;
const squash = (text) => (text || '').replace(/\s+/g, ' ').trim();
const ARTICLE = 'local/ferry-night/';

let browser;
before(async () => {
  assert.ok(TRADITIONAL_URL, 'TRADITIONAL_URL names the served Traditional Chinese site');
  browser = await launch();
});
after(async () => { await browser?.close(); });

/** What every page of the site says in Traditional Chinese, and the article's own words. */
async function assertTraditional(page, what) {
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-TW', what);
  assert.equal(squash(await page.locator('a.skip-link').textContent()), '跳到正文', `${what}: skip link`);
  const footer = squash(await page.locator('footer.site-footer').textContent());
  assert.ok(footer.includes('網站地圖'), `${what}: footer says 網站地圖: ${footer}`);
  assert.ok(!footer.includes('网站地图'), `${what}: no Simplified words in the footer`);
}

async function assertArticle(page, what) {
  await assertTraditional(page, what);
  const text = squash(await page.locator('article.article').textContent());
  for (const words of ['瀏覽', '2.3萬', '文 林曉文', '攝影 陳柏宇', '編輯 黃怡君', '2026年11月27日 20:30']) {
    assert.ok(text.includes(words), `${what}: the article shows “${words}”: ${text.slice(0, 400)}`);
  }
  const crumbs = squash(await page.locator('nav.breadcrumb').textContent());
  assert.ok(crumbs.includes('首頁'), `${what}: breadcrumb ${crumbs}`);
  const writer = page.locator('p.credits a', { hasText: '林曉文' });
  assert.equal(new URL(await writer.getAttribute('href'), url()).pathname,
    new URL(url('author/lin-xiao-wen/')).pathname, `${what}: the writer's page`);
}

test('without JavaScript every page is in Traditional Chinese, on a phone and a desktop', async () => {
  for (const [viewport, width] of [[PHONE, 'phone'], [DESKTOP, 'desktop']]) {
    const context = await browser.newContext({ viewport, javaScriptEnabled: false });
    const page = await context.newPage();
    for (const path of ['', 'local/', 'sitemap/', 'archive/2026/11/', 'author/lin-xiao-wen/', 'feeds/']) {
      const response = await page.goto(url(path));
      assert.equal(response.status(), 200, path);
      await assertTraditional(page, path || 'home');
      assert.ok(await fitsWidth(page), `${path}: nothing wider than the ${width}`);
    }
    await page.goto(url('sitemap/'));
    const map = squash(await page.locator('main#main').textContent());
    for (const words of ['文章歸檔', '2026年11月 共 2 篇', '2026年10月 共 2 篇', '作者與攝影', '林曉文']) {
      assert.ok(map.includes(words), `the site map shows “${words}”: ${map}`);
    }
    await screenshot(page, `traditional-sitemap-${width}-no-js`);
    await page.goto(url(ARTICLE));
    await assertArticle(page, `article (${width}, no JS)`);
    await screenshot(page, `traditional-article-${width}-no-js`);
    await context.close();
  }
});

test('with JavaScript the app speaks Traditional Chinese too: home → article → writer', async () => {
  const { page, done } = await openPage(browser, PHONE);
  await page.goto(url(''));
  await appReady(page);
  await page.evaluate(() => { window.stillHere = true; });
  await page.locator(`main#main a.card-link[href$="/${ARTICLE}"]`).first().click();
  await page.waitForFunction(() => document.querySelector('main#main h1')?.textContent.includes('夜間渡輪'));
  await assertArticle(page, 'article (app)');
  await page.locator('p.credits a', { hasText: '林曉文' }).click();
  await page.waitForFunction(() => document.querySelector('main#main h1')?.textContent.trim() === '作者：林曉文');
  assert.equal(await page.locator('main#main li.card').count(), 2, 'both of her articles');
  const count = squash(await page.locator('main#main .listing-header .count').textContent());
  assert.equal(count, '共 2 篇');
  assert.equal(await page.evaluate(() => window.stillHere), true, 'no page load on the way');
  await screenshot(page, 'traditional-author-phone');
  await done();
});
