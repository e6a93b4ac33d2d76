// Journey: a reader follows a dead link.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, appReady, assertOneH1, launch, openPage, siteFacts, siteUrl,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const path of ['no-such-page-anywhere/', 'SECTION/no-such-article-slug/']) {
  test(`${path} answers 404 and shows the not-found view`, async () => {
    const { site } = await siteFacts();
    const url = siteUrl(path.replace('SECTION', site.sections[0].slug));
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
