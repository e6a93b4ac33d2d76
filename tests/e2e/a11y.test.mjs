// Journey: after a client-side navigation a screen-reader user hears where they are,
// keyboard focus starts at the new page's heading, and the document head follows the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, visit, siteFacts, waitForTitle, siteUrl, DESKTOP } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a click moves focus to the new heading, announces it and updates the head', async () => {
  const { page, done } = await openPage(browser, DESKTOP);
  const { site, summaries } = await siteFacts();
  await visit(page, '');
  const item = summaries[0];
  const href = `${item.section}/${item.slug}/`;
  await page.locator(`main#main a.card-link[href$="/${href}"]`).first().click();
  await waitForTitle(page, item.title);
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  const state = await page.evaluate(() => ({
    focused: document.activeElement.textContent.trim(),
    announced: document.getElementById('announcer')?.textContent || '',
    title: document.title,
    canonical: document.querySelector('link[rel=canonical]')?.href,
    description: document.querySelector('meta[name=description]')?.content,
  }));
  assert.equal(state.focused, item.title.trim());
  assert.ok(state.announced.includes(item.title), `announced: ${state.announced}`);
  assert.ok(state.title.startsWith(item.title) && state.title.endsWith(site.title), state.title);
  assert.equal(new URL(state.canonical).pathname, new URL(siteUrl(href)).pathname);
  assert.equal(state.description, item.summary);
  await done();
});

test('after client-side navigations the head is what the static page of the address has', async () => {
  const { page, done } = await openPage(browser, DESKTOP);
  const { summaries } = await siteFacts();
  // An article with a picture (og:image, article:*, a NewsArticle), then its section
  // (none of those), then home.
  const item = summaries.find((s) => s.thumbnail) || summaries[0];
  await visit(page, `${item.section}/${item.slug}/`);
  const headOf = () => page.evaluate(async () => {
    const tags = (head) => [...head.querySelectorAll(
      'title, meta[name], meta[property], link[rel=canonical], script[type="application/ld+json"]',
    )].map((el) => {
      if (el.tagName === 'TITLE') return `title: ${el.textContent}`;
      if (el.tagName === 'LINK') return `canonical: ${el.getAttribute('href')}`;
      if (el.tagName === 'SCRIPT') return `json-ld: ${el.textContent}`;
      return `${el.getAttribute('name') || el.getAttribute('property')}: ${el.getAttribute('content')}`;
    }).sort();
    const html = await (await fetch(location.href)).text();
    return { live: tags(document.head), static: tags(new DOMParser().parseFromString(html, 'text/html').head) };
  });
  for (const link of [`nav.breadcrumb a[href$="/${item.section}/"]`, 'header.site-header a.site-title']) {
    const before = await page.evaluate(() => document.title);
    await page.locator(link).first().click();
    await page.waitForFunction((t) => document.title !== t, before);
    const head = await headOf();
    assert.deepEqual(head.live, head.static, `the head after following ${link}`);
  }
  await done();
});

test('the skip link takes keyboard users to the main content', async () => {
  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, '');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash === '#main');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  await done();
});
