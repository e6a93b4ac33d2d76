// Journey: the app arrives late, or without the page's data. A keyboard reader who tabbed
// into the static page and scrolled before the wasm arrived keeps the focused link and the
// scroll position through the takeover; a page that lost its embedded data is still taken
// over (from the JSON API), without a panic. And the app is not even requested before the
// page's largest paint is on screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, PHONE, appReady, h1Text, holdBack, launch, openPage, siteFacts, siteUrl,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The focused element: its href, text and place among the links with that href. */
function focused() {
  const el = document.activeElement;
  const href = el.getAttribute('href');
  const same = [...document.querySelectorAll('a[href]')].filter((a) => a.getAttribute('href') === href);
  return {
    tag: el.tagName,
    href,
    text: el.textContent.trim(),
    nth: same.indexOf(el),
    inMain: !!el.closest('main#main'),
    fromStaticPage: el.dataset.staticPage === 'yes',
  };
}

test('a keyboard reader who tabbed in before the app started keeps focus and scroll position', async () => {
  const { page, done } = await openPage(browser, DESKTOP, { worker: false });
  // The wasm held back (the page script loads it after `load`).
  const release = await holdBack(page, '**/*.wasm');
  await page.goto(siteUrl(''));
  // Tab into the main content, then two links further, the way a keyboard reader would.
  let inMain = 0;
  for (let presses = 0; presses < 80 && inMain < 3; presses += 1) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(focused)).inMain) inMain += 1;
  }
  const before = await page.evaluate(focused);
  assert.equal(before.tag, 'A', 'a link of the main content has focus');
  assert.ok(before.inMain, 'the focused link is in the main content');
  await page.evaluate(() => {
    document.activeElement.dataset.staticPage = 'yes';
    window.scrollTo(0, document.documentElement.scrollHeight / 3);
  });
  const y = await page.evaluate(() => window.scrollY);
  assert.ok(y > 100, `the page scrolled (${y})`);
  assert.equal(await page.locator('html[data-app=ready]').count(), 0, 'the app has not started yet');

  release();
  await appReady(page);
  await page.waitForTimeout(300);
  const afterTakeover = await page.evaluate(focused);
  assert.equal(afterTakeover.fromStaticPage, false, 'focus is on the app\'s element, not the static one');
  assert.deepEqual({ ...afterTakeover, fromStaticPage: true }, { ...before, fromStaticPage: true }, 'the same link has focus');
  assert.equal(await page.evaluate(() => window.scrollY), y, 'the scroll position is kept');
  // Focus stayed for real: the next Tab goes on from that link, not from the top.
  await page.keyboard.press('Tab');
  assert.ok((await page.evaluate(focused)).inMain, 'the next Tab stays in the main content');
  await done();
});

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

test('the wasm is requested only after the page\'s largest paint is on screen (home, an article with a photo)', async () => {
  // Measured as Lighthouse does: its simulation counts every request started before the
  // largest contentful paint as part of it. Unthrottled, the paint after `load` and the
  // app's start race; the old start (one frame after `load`) lost on most loads.
  const { home } = await siteFacts();
  assert.ok(home.lead.thumbnail, 'the lead article has a photo');
  const paths = ['', `${home.lead.section}/${home.lead.slug}/`];
  for (const path of paths) {
    for (let load = 0; load < 5; load += 1) {
      const { page, done } = await openPage(browser, PHONE);
      await page.addInitScript(() => {
        window.__paints = [];
        new PerformanceObserver((list) => window.__paints.push(...list.getEntries().map((e) => e.startTime)))
          .observe({ type: 'largest-contentful-paint', buffered: true });
      });
      await page.goto(siteUrl(path));
      await appReady(page);
      const { paints, wasm } = await page.evaluate(() => ({
        paints: window.__paints,
        wasm: performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.startTime,
      }));
      assert.ok(paints.length > 0 && wasm !== undefined, `/${path}: a largest paint and the wasm's request`);
      assert.ok(Math.max(...paints) <= wasm, `/${path}, load ${load + 1}: the largest paint at ${paints.at(-1)} ms, the wasm requested at ${wasm} ms`);
      await done();
    }
  }
});
