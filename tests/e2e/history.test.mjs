// Journey: back and forward restore the previous URL, content and scroll position.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  PHONE, api, h1Text, launch, openPage, sitePath, visit, waitForPath, waitForTitle,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const scrollY = (page) => page.evaluate(() => Math.round(window.scrollY));

async function scrollDown(page) {
  const room = await page.evaluate(
    () => document.documentElement.scrollHeight - window.innerHeight,
  );
  assert.ok(room > 200, `the page is tall enough to scroll (room: ${room}px)`);
  const target = Math.min(600, room - 50);
  await page.evaluate((y) => window.scrollTo(0, y), target);
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, target);
  // Give the app a moment to record the position, as a reader would pause.
  await page.waitForTimeout(300);
  return scrollY(page);
}

test('back and forward between home and an article', async () => {
  const { page, done } = await openPage(browser, PHONE);
  await visit(page, '');
  const homeTitle = await h1Text(page);
  const homeY = await scrollDown(page);

  // A card below the fold, so the click happens at the scrolled position.
  const cards = page.locator('main#main li.card a.card-link');
  const index = (await cards.count()) - 1;
  const path = sitePath(await cards.nth(index).getAttribute('href'));
  const article = await api(`articles/${path.split('/')[1]}.json`);

  await page.evaluate(() => { window.__noReload = 1; });
  await cards.nth(index).click();
  await waitForPath(page, path);
  await waitForTitle(page, article.title);
  assert.ok((await scrollY(page)) < 50, 'a new page opens at the top');
  const articleY = await scrollDown(page);

  await page.goBack();
  await waitForPath(page, '');
  await waitForTitle(page, homeTitle);
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 5, homeY, { timeout: 5_000 })
    .catch(() => {});
  assert.ok(Math.abs((await scrollY(page)) - homeY) <= 5, `back restores scroll (${homeY}px)`);

  await page.goForward();
  await waitForPath(page, path);
  await waitForTitle(page, article.title);
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 5, articleY, { timeout: 5_000 })
    .catch(() => {});
  assert.ok(Math.abs((await scrollY(page)) - articleY) <= 5, `forward restores scroll (${articleY}px)`);
  assert.equal(await page.evaluate(() => window.__noReload), 1, 'history moves without reloads');
  await done();
});
