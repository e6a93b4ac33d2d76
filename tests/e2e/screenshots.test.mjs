// Screenshots of the home page and an article on a phone and a desktop, for people to look at:
// target/screenshots/{home,article}-{390x844,1280x800}.png
import { after, before, test } from 'node:test';
import {
  DESKTOP, PHONE, firstCard, launch, openPage, screenshot, visit, waitForTitle,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const viewport of [PHONE, DESKTOP]) {
  const size = `${viewport.width}x${viewport.height}`;
  test(`screenshots of home and an article at ${size}`, async () => {
    const { page, done } = await openPage(browser, viewport);
    await visit(page, '');
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, `home-${size}`);
    const { path, article } = await firstCard(page);
    await visit(page, path);
    await waitForTitle(page, article.title);
    await page.evaluate(() => document.fonts.ready);
    await screenshot(page, `article-${size}`);
    await done();
  });
}
