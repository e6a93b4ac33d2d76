// Language: <html lang> is the site's language on every page; an article in another language
// says so on its <article>, in the static page and after the app takes over.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, api, launch, openPage, sectionWithPages, siteFacts, siteUrl, visit,
} from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function articles() {
  const { summaries } = await siteFacts();
  const seen = new Map();
  for (const s of summaries) {
    if (!seen.has(s.slug)) seen.set(s.slug, { ...s, doc: await api(`articles/${s.slug}.json`) });
  }
  return [...seen.values()];
}

test('<html lang> is the site language on every page type, without JavaScript', async () => {
  const { site } = await siteFacts();
  const { olderPath } = await sectionWithPages();
  const { tags } = await api('sitemap.json');
  const [first] = await articles();
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const path of ['', olderPath, `tag/${tags[0].slug}/`,
    `${first.section}/${first.slug}/`, 'sitemap/', 'no-such-page/']) {
    await page.goto(siteUrl(path));
    assert.equal(await page.getAttribute('html', 'lang'), site.language, path);
  }
  await context.close();
});

test('articles in another language carry lang on <article>, others do not', async () => {
  const { site } = await siteFacts();
  const all = await articles();
  const foreign = all.filter((a) => a.doc.language && a.doc.language !== site.language);
  const native = all.filter((a) => !a.doc.language);
  assert.ok(foreign.length > 0, 'the sample content has an article in another language');
  assert.ok(native.length > 0, 'and one in the site language');

  const context = await browser.newContext({ javaScriptEnabled: false });
  const staticPage = await context.newPage();
  for (const a of [foreign[0], native[0]]) {
    await staticPage.goto(siteUrl(`${a.section}/${a.slug}/`));
    assert.equal(await staticPage.getAttribute('article.article', 'lang'), a.doc.language ?? null,
      `static ${a.slug}`);
  }
  await context.close();

  const { page, done } = await openPage(browser, DESKTOP);
  await visit(page, `${foreign[0].section}/${foreign[0].slug}/`);
  assert.equal(await page.getAttribute('article.article', 'lang'), foreign[0].doc.language);
  assert.equal(await page.getAttribute('html', 'lang'), site.language);
  await done();
});
