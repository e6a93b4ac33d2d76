// Journey: the app arrives without the page's data: a page that lost its embedded data is
// still taken over (from the JSON API), without a panic.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, appReady, h1Text, launch, openPage, siteFacts, siteUrl,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a page whose embedded data is missing is taken over from the JSON API without a panic', async () => {
  const { summaries } = await siteFacts();
  const path = `${summaries[0].section}/${summaries[0].slug}/`;
  const { page, errors, done } = await openPage(browser, DESKTOP, { worker: false });
  await page.route(siteUrl(path), async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    const stripped = html.replace(/<script type="application\/json" id="bs-data">[\s\S]*?<\/script>/, '');
    assert.notEqual(stripped, html, 'the page embedded its data');
    await route.fulfill({ response, body: stripped });
  });
  const apiRequests = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/')) apiRequests.push(r.url()); });
  await page.goto(siteUrl(path));
  await appReady(page);
  assert.deepEqual(errors, []);
  assert.ok(apiRequests.some((u) => u.endsWith('/site.json')), 'the app read site.json instead');
  assert.equal(await h1Text(page), summaries[0].title.replace(/\s+/g, ' ').trim());
  await done();
});
