// Hostile content in the embedded data: a site (tests/e2e/fixtures/hostile-site) whose titles,
// summaries, tag names, names and bodies hold `</script>`, `<!--`, `<script>`, U+2028, U+2029
// and quotes, served at HOSTILE_URL. The pages stay intact, the app takes over from the
// embedded data, and nothing runs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DESKTOP, appReady, launch, openPage } from '../browser.mjs';
import { htmlErrors } from '../vnu.mjs';

const HOSTILE_URL = process.env.HOSTILE_URL;
const url = (path = '') => new URL(path, HOSTILE_URL).href;
const squash = (text) => (text || '').replace(/\s+/g, ' ').trim();

let browser;
before(async () => {
  assert.ok(HOSTILE_URL, 'HOSTILE_URL names the served hostile-content site');
  browser = await launch();
});
after(async () => { await browser?.close(); });

async function doc(path) {
  const response = await fetch(url(`api/v1/${path}`));
  assert.equal(response.status, 200, path);
  return response.json();
}

/** Opens `path` with JavaScript on: no dialog, no script error, no API request. */
async function open(path) {
  const { page, done } = await openPage(browser, DESKTOP);
  const dialogs = [];
  const api = [];
  page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
  page.on('request', (r) => { if (r.url().includes('/api/v1/')) api.push(r.url()); });
  const response = await page.goto(url(path));
  assert.equal(response.status(), 200, path);
  const staticH1 = squash(await page.locator('main#main h1').first().textContent());
  await appReady(page);
  await page.waitForTimeout(300);
  const finish = async () => {
    assert.deepEqual(dialogs, [], 'no dialog fired');
    assert.deepEqual(api, [], 'the app read the embedded data (a parse failure would fetch)');
    await done();
  };
  return { page, staticH1, finish };
}

test('the hostile article is intact and taken over', async () => {
  const article = await doc('articles/script-title.json');
  const site = await doc('site.json');
  assert.ok(article.title.includes('</script>') && article.title.includes('\u2028'), 'fixture');
  const { page, staticH1, finish } = await open(`${article.section}/${article.slug}/`);
  assert.equal(staticH1, squash(article.title), 'static h1 reads the literal title');
  assert.equal(squash(await page.locator('main#main h1').textContent()), squash(article.title),
    'h1 after takeover');
  assert.equal(await page.title(), `${article.title} – ${site.title}`, 'document title');
  assert.equal(await page.locator('article.article').count(), 1);
  const body = await page.locator('article.article .body').textContent();
  // Raw `</script>` in Markdown is an HTML end tag (sanitised away); as code it is text.
  assert.ok(body.includes('that tries to end the data script, <!-- opens a comment'), body);
  assert.ok(body.includes('</script><script>alert("code")</script>'), 'code span kept as text');
  assert.ok(body.includes('U+2028 here: [\u2028]'), 'U+2028 kept in the body');
  assert.equal(await page.locator('article.article .body script').count(), 0, 'no script in body');
  assert.equal(await page.locator('[onclick]').count(), 0, 'no handler attributes');
  for (const tag of article.tags) {
    assert.equal(await page.getByText(tag.name, { exact: true }).count() >= 1, true, tag.name);
  }
  assert.equal(squash(await page.locator('footer .copyright').textContent()), squash(site.copyright));
  await finish();
});

test('the hostile home page is intact and taken over', async () => {
  const home = await doc('home.json');
  const site = await doc('site.json');
  const { page, staticH1, finish } = await open('');
  assert.ok(staticH1.length > 0);
  assert.equal(squash(await page.locator('header a.site-title').textContent()), squash(site.title));
  const titles = (await page.locator('main#main a.card-link').allTextContents()).map(squash);
  for (const item of [home.lead, ...home.latest].filter(Boolean)) {
    assert.ok(titles.includes(squash(item.title)), `card for ${item.slug}`);
  }
  await finish();
});

test('the hostile pages are valid HTML', async () => {
  const pages = ['', 'city/script-title/', 'city/other-story/', 'tag/quoted-tag/', 'sitemap/'];
  const documents = [];
  for (const path of pages) {
    const response = await fetch(url(path));
    assert.equal(response.status, 200, path);
    documents.push([path || 'home', await response.text()]);
  }
  const errors = await htmlErrors(documents);
  assert.deepEqual(errors, [], errors.join('\n'));
});
