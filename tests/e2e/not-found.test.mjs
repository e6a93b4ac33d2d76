// Journey: a reader follows a dead link.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, appReady, assertOneH1, launch, openPage, siteFacts, siteUrl,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// An article's own slug under a section it does not belong to; numbered listing pages the
// section does not have (none is 0, none is as new as its own URL).
for (const path of ['no-such-page-anywhere/', 'SECTION/no-such-article-slug/', 'OTHER/ARTICLE/',
  'SECTION/page/0/', 'SECTION/page/999/']) {
  test(`${path} answers 404 and shows the not-found view`, async () => {
    const { site, summaries } = await siteFacts();
    const article = summaries[0];
    const other = site.sections.find((s) => s.slug !== article.section);
    const url = siteUrl(path.replace('SECTION', site.sections[0].slug)
      .replace('OTHER', other.slug).replace('ARTICLE', article.slug));
    const { page, done } = await openPage(browser, DESKTOP);
    const response = await page.goto(url);
    assert.equal(response.status(), 404, 'the server answers 404');
    await appReady(page);
    const view = page.locator('.error-view.not-found');
    await view.waitFor();
    assert.equal(await view.getAttribute('role'), 'alert');
    assert.equal(await view.locator('h1').count(), 1);
    assert.equal(await view.locator('button.retry').count(), 0, 'retrying cannot find it');
    await assertOneH1(page);
    // The reader can still get home from here.
    await page.locator('header.site-header a.site-title').click();
    await page.waitForFunction(() => !document.querySelector('.error-view'));
    await done();
  });
}

test('an article under another section is not found after a client-side navigation either', { timeout: 120_000 }, async () => {
  const { site, summaries } = await siteFacts();
  const article = summaries[0];
  const other = site.sections.find((s) => s.slug !== article.section);
  // Without the service worker: this is the app's routing (offline.test.mjs covers the
  // worker's part of navigations). With it, this test timed out in one CI run (120 s, the
  // step unknown) and in the next, closing its context took over done()'s 30 s, after the
  // view had been checked; run alone here neither happened, and the cause is not known.
  const { page, done } = await openPage(browser, DESKTOP, { worker: false });
  await page.goto(siteUrl(''));
  await appReady(page);
  // A link the app follows itself, as it would follow one in an article's body.
  await page.evaluate((href) => {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = 'wrong section';
    document.querySelector('main#main').append(a);
    a.click();
  }, siteUrl(`${other.slug}/${article.slug}/`));
  // The app does not show the article there; it lets the host answer the address, and the
  // host's 404 page is taken over with the same not-found view.
  await page.locator('.error-view.not-found').waitFor();
  assert.equal(await page.locator('article h1').count(), 0, 'the article is not shown there');
  await done();
});
