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

/** Remember the scroll position at the moment of the next click (clicking may scroll first). */
const recordClickY = (page) => page.evaluate(() => {
  document.addEventListener('click', () => { window.__clickY = Math.round(window.scrollY); },
    { capture: true, once: true });
});

async function expectScroll(page, want, what) {
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 5, want, { timeout: 5_000 })
    .catch(() => {});
  const got = await scrollY(page);
  assert.ok(Math.abs(got - want) <= 5, `${what} restores the scroll position: want ${want}px, got ${got}px`);
}

test('back and forward between home and an article', async () => {
  const { page, done } = await openPage(browser, PHONE);
  await visit(page, '');
  const homeTitle = await h1Text(page);
  await scrollDown(page);

  // A card in the middle of the list, clicked where the reader scrolled to.
  const cards = page.locator('main#main li.card a.card-link');
  const card = cards.nth(Math.floor((await cards.count()) / 2));
  const path = sitePath(await card.getAttribute('href'));
  const article = await api(`articles/${path.split('/')[1]}.json`);

  await page.evaluate(() => { window.__noReload = 1; });
  await recordClickY(page);
  await card.click();
  await waitForPath(page, path);
  await waitForTitle(page, article.title);
  const homeY = await page.evaluate(() => window.__clickY);
  assert.ok(homeY > 100, `the home page was scrolled when the card was clicked (${homeY}px)`);
  assert.ok((await scrollY(page)) < 50, 'a new page opens at the top');
  const articleY = await scrollDown(page);

  await page.goBack();
  await waitForPath(page, '');
  await waitForTitle(page, homeTitle);
  await expectScroll(page, homeY, 'back');

  await page.goForward();
  await waitForPath(page, path);
  await waitForTitle(page, article.title);
  await expectScroll(page, articleY, 'forward');
  assert.equal(await page.evaluate(() => window.__noReload), 1, 'history moves without reloads');
  await done();
});
