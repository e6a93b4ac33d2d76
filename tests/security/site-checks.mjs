// The checks every built hostile site gets: each page with JavaScript off and on, client-side
// navigation to each page, and its feeds, site maps and JSON API. Registers node:test tests.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  filesIn, launch, liveInDom, sitePages, startSiteServer, trappedPage, whatRan,
} from './traps.mjs';

/** `SITE`: the built site's folder. Returns a getter for the server (its `url`). */
export function siteChecks(SITE, { minPages, minHtmlFields }) {
let browser;
let server;
before(async () => {
  browser = await launch();
  server = await startSiteServer(SITE);
  assert.ok(server.policy, 'the site has a Content-Security-Policy in _headers');
});
after(async () => { await browser?.close(); await server?.close(); });

const NOT_FOUND = 'no-such-page/';
const pages = () => [...sitePages(SITE), NOT_FOUND];
// Pages are checked by this many browser contexts side by side (the whole XSS collections
// build thousands of pages); every page is checked and every finding reported.
const WORKERS = Math.max(1, Number(process.env.SECURITY_WORKERS) || 2);

/** Runs `check(pages)` on WORKERS slices of `list`; every finding of every slice, in order. */
async function inSlices(list, check) {
  const slices = Array.from({ length: WORKERS }, (_, w) => list.filter((_, i) => i % WORKERS === w));
  return (await Promise.all(slices.map(check))).flat().sort();
}

/**
 * Fails on any finding; with SECURITY_REPORT set (a folder), writes every finding of the
 * check there first, one per line, since an assertion's diff shows only the first ones.
 */
function noFindings(name, found, pages) {
  const dir = process.env.SECURITY_REPORT;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.txt`), `${pages} pages, ${found.length} findings\n${found.join('\n')}\n`);
  }
  assert.deepEqual(found, [], `${found.length} findings on ${pages} pages`);
}

/** `label: error` for a page that could not even be checked, so the others still are. */
const failed = (label) => (e) => [`${label}: ${String(e.message || e).split('\n')[0]}`];

for (const js of [false, true]) {
  test(`every page of the hostile site runs no payload (JavaScript ${js ? 'on' : 'off'})`, async () => {
    const list = pages();
    assert.ok(list.length >= minPages, `the hostile site has its pages (${list.length})`);
    // One page per slice opens its pages in turn, so the app's wasm compiles once per slice.
    const found = await inSlices(list, async (slice) => {
      const out = [];
      let trap;
      for (const p of slice) {
        if (!trap) {
          trap = await trappedPage(browser, { js, serviceWorkers: 'block' });
          trap.setOrigin(new URL(server.url).origin);
        }
        out.push(...await trap.page.goto(server.url + p)
          .then(() => whatRan(trap, `/${p}`, { js }))
          .catch(async (e) => {
            // A page that could not be checked may have left its page stuck: start afresh.
            await trap.close();
            trap = undefined;
            return failed(`/${p}`)(e);
          }));
      }
      await trap?.close();
      return out;
    });
    noFindings(`pages-js-${js ? 'on' : 'off'}`, found, list.length);
  });
}

test('client-side navigation to every page (documents fetched as JSON) runs no payload', async () => {
  const list = pages();
  const found = await inSlices(list, async (slice) => {
    const trap = await trappedPage(browser, { js: true });
    trap.setOrigin(new URL(server.url).origin);
    await trap.page.goto(server.url);
    const out = await whatRan(trap, 'home', { js: true });
    for (const p of slice) {
      const want = new URL(server.url + p).pathname;
      out.push(...await navigate(trap.page, want, { reloads: p === NOT_FOUND })
        .then(() => whatRan(trap, `client-side /${p}`, { js: true }))
        .catch(failed(`client-side /${p}`)));
    }
    await trap.close();
    return out;
  });
  noFindings('client-side', found, list.length);
});

/** True for the error of a page call cut short by a new document loading. */
const destroyed = (e) => /context was destroyed|navigat/i.test(String(e.message));

/**
 * Follows a link to `want` (a path) inside the app and waits for the page to show. A path
 * that is no page of the app (`reloads`) shows the app's not-found view for a moment, then
 * the host's answer is loaded: wait for that document.
 */
async function navigate(page, want, { reloads = false } = {}) {
  const loaded = reloads && page.waitForEvent('load', { timeout: 60_000 });
  await page.evaluate((href) => {
    const a = document.createElement('a');
    a.href = href;
    document.querySelector('main#main').appendChild(a);
    a.click();
    a.remove();
  }, want).catch((e) => { if (!destroyed(e)) throw e; });
  if (loaded) await loaded;
  const settled = () => page.waitForFunction(
    (w) => location.pathname === w && !document.querySelector('.page-loading'),
    want,
  );
  await settled().catch(async (e) => {
    if (!destroyed(e)) throw e;
    await page.waitForLoadState('load');
    await settled();
  });
}

/** The scheme of `url` as a browser reads it in an `href` on this site (WHATWG URL, as in Node). */
function schemeOf(url) {
  try { return new URL(url, 'https://example.org/').protocol; } catch { return null; }
}

/** Parses feeds and HTML fragments in the browser, and checks each for live payloads. */
async function checkDocuments(page) {
  const problems = [];
  const htmlFields = [];
  for (const f of filesIn(SITE, ['.xml'])) {
    const xml = readFileSync(path.join(SITE, f), 'utf8');
    const result = await page.evaluate(({ xml }) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      if (doc.querySelector('parsererror')) return { error: doc.querySelector('parsererror').textContent.slice(0, 200) };
      const html = [];
      const links = [];
      for (const el of doc.getElementsByTagName('*')) {
        const name = el.localName;
        if (['description', 'encoded', 'content', 'summary', 'subtitle', 'rights'].includes(name)
            && (el.namespaceURI !== 'http://www.w3.org/2005/Atom' || el.getAttribute('type') === 'html')) {
          html.push(el.textContent);
        }
        if (['link', 'loc', 'guid', 'id', 'uri', 'logo', 'icon', 'url'].includes(name) && !el.children.length) links.push(el.textContent);
        if (el.hasAttribute('href')) links.push(el.getAttribute('href'));
        if (el.hasAttribute('src')) links.push(el.getAttribute('src'));
      }
      return { html, links };
    }, { xml });
    if (result.error) { problems.push(`${f} is not well-formed XML: ${result.error}`); continue; }
    result.html.forEach((h) => htmlFields.push({ where: f, html: h }));
    result.links.filter((l) => !/^(https?:\/\/|urn:|tag:)/.test(l.trim()) && l.trim() !== '')
      .forEach((l) => problems.push(`${f}: link ${l.slice(0, 80)}`));
  }
  for (const f of filesIn(SITE, ['.json'])) {
    const doc = JSON.parse(readFileSync(path.join(SITE, f), 'utf8'));
    const walk = (v, key) => {
      if (typeof v === 'string') {
        if (/html$/i.test(key)) htmlFields.push({ where: `${f} ${key}`, html: v });
        const urlKey = /^(url|src|href|link|base_url|external_url|home_page_url|feed_url|image|banner_image|avatar|icon|favicon)$/;
        if (urlKey.test(key) && /^(javascript|vbscript|data):$/.test(schemeOf(v))) problems.push(`${f} ${key}: ${v.slice(0, 80)}`);
      } else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
      else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => walk(x, k));
    };
    walk(doc, '');
  }
  for (const { where, html } of htmlFields) {
    const live = await page.evaluate(({ html, check }) => {
      const doc = new DOMParser().parseFromString(html, 'text/html');
      // eslint-disable-next-line no-eval
      return (0, eval)(`(${check})`)(doc);
    }, { html, check: liveInDom.toString() });
    live.forEach((l) => problems.push(`${where}: ${l}`));
  }
  return { problems, htmlFields: htmlFields.length };
}

test('feeds, site maps and the JSON API are well-formed and carry no live payload', async () => {
  const trap = await trappedPage(browser, { js: true });
  await trap.page.goto(`${server.url}robots.txt`);
  const { problems, htmlFields } = await checkDocuments(trap.page);
  assert.ok(htmlFields >= minHtmlFields, `HTML fields were checked (${htmlFields})`);
  noFindings('documents', problems, filesIn(SITE, ['.xml', '.json']).length);
  await trap.close();
});

return { server: () => server, browser: () => browser };
}
