// Hostile content must not break the page around it: on every article and one page of every
// other type (home, section, listing page, tag, site map, search, saved, offline, not found),
// ids are unique with JavaScript off and after the app took over, content's ids stay in their
// own namespace (`c-`), the app takes over without a page error or a panic, and a client-side
// navigation from that page works. Registers node:test tests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sitePages, trappedPage } from './traps.mjs';

/** The kind of page at `p` (a path below the base, '' for home), from its shape. */
export function pageType(p) {
  const parts = p.split('/').filter(Boolean);
  if (parts.length === 0) return 'home';
  if (p === 'no-such-page/') return 'not found';
  if (parts.length === 1 && ['sitemap', 'search', 'saved', 'offline'].includes(parts[0])) return parts[0];
  if (parts[0] === 'tag') return parts.includes('page') ? 'tag listing page' : 'tag';
  if (parts[1] === 'page') return 'listing page';
  return parts.length === 1 ? 'section' : 'article';
}

/** Every article, and the first page of each other type. */
export function pagesToCheck(pages) {
  const seen = new Set();
  return pages.filter((p) => {
    const type = pageType(p);
    if (type === 'article') return true;
    if (seen.has(type)) return false;
    seen.add(type);
    return true;
  });
}

/** Runs in the page: ids used more than once, and content ids outside their namespace. */
function idProblems() {
  const counts = new Map();
  for (const el of document.querySelectorAll('[id]')) counts.set(el.id, (counts.get(el.id) || 0) + 1);
  const problems = [...counts].filter(([, n]) => n > 1).map(([id, n]) => `id "${id}" ×${n}`);
  for (const el of document.querySelectorAll('main .body [id]')) {
    if (!el.id.startsWith('c-')) problems.push(`content id "${el.id}" without the c- prefix`);
  }
  for (const id of ['app', 'main', 'announcer']) {
    if (!document.getElementById(id)) problems.push(`the app's #${id} is missing`);
  }
  return problems;
}

/** Registers the checks; `server()` and `browser()` are the shared site server and browser. */
export function pageIntegrity(SITE, { server, browser }) {
  const pages = () => pagesToCheck([...sitePages(SITE), 'no-such-page/']);

  test('every page type of the hostile site has unique ids, content ids only in their own namespace (JavaScript off)', async () => {
    const list = pages();
    const types = new Set(list.map(pageType));
    for (const type of ['home', 'section', 'listing page', 'article', 'tag', 'sitemap', 'search', 'saved', 'offline', 'not found']) {
      assert.ok(types.has(type), `the hostile site has a ${type} page`);
    }
    const trap = await trappedPage(browser(), { js: false });
    for (const p of list) {
      await trap.page.goto(server().url + p);
      assert.deepEqual(await trap.page.evaluate(idProblems), [], `/${p} (${pageType(p)})`);
    }
    await trap.close();
  });

  test('the app takes over every page type of the hostile site, keeps ids unique and navigates from it', async () => {
    for (const p of pages()) {
      const label = `/${p} (${pageType(p)})`;
      const trap = await trappedPage(browser(), { js: true });
      const { page, problems } = trap;
      await page.goto(server().url + p);
      await page.waitForSelector('html[data-app=ready]', { state: 'attached', timeout: 60_000 })
        .catch(() => problems.push('the app never took over'));
      assert.deepEqual(problems, [], `${label}: takeover`);
      assert.deepEqual(await page.evaluate(idProblems), [], `${label}: ids after takeover`);
      await navigateFrom(page, label);
      assert.deepEqual(problems, [], `${label}: after a client-side navigation`);
      assert.deepEqual(await page.evaluate(idProblems), [], `${label}: ids after navigating`);
      await trap.close();
    }
  });
}

/** Clicks a link of the header's section list to another page; the app must show it in place. */
async function navigateFrom(page, label) {
  const from = await page.evaluate(() => location.pathname);
  const links = page.locator('nav#site-nav a[href]');
  let target = null;
  for (let i = 0; i < await links.count(); i += 1) {
    const href = await links.nth(i).evaluate((a) => new URL(a.href).pathname);
    if (href !== from) { target = { link: links.nth(i), href }; break; }
  }
  assert.ok(target, `${label}: the header links to another section`);
  const before = await page.evaluate(() => document.querySelector('main#main h1')?.textContent ?? '');
  await page.evaluate(() => { window.__samePage = true; });
  await target.link.click();
  await page.waitForFunction((want) => location.pathname === want, target.href);
  // The app keeps the old page until the new one is in: wait for the new heading.
  await page.waitForFunction(
    (old) => !document.querySelector('.page-loading')
      && (document.querySelector('main#main h1')?.textContent ?? old) !== old,
    before,
  );
  assert.equal(await page.evaluate(() => window.__samePage), true, `${label}: the app navigated without reloading`);
  assert.ok((await page.locator('main#main li.card').count()) > 0, `${label}: the section's articles show`);
}
