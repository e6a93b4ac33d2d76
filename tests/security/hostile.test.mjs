// The hostile fixture site (tests/security/hostile + feeds imported from tests/security/feeds),
// built by `cargo xtask test` into SECURITY_SITE: every page, with JavaScript on and off, runs no
// payload under the site's CSP; its feeds, site map and JSON API carry none either.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageIntegrity } from './page-integrity.mjs';
import { siteChecks } from './site-checks.mjs';
import { trappedPage, whatRan } from './traps.mjs';

const SITE = process.env.SECURITY_SITE;
assert.ok(SITE, 'SECURITY_SITE names the built hostile site (cargo xtask test sets it)');
const site = siteChecks(SITE, { minPages: 20, minHtmlFields: 20 });
const server = () => site.server();
const browser = () => site.browser();
pageIntegrity(SITE, { server, browser });

test('the article with every body payload still reads, with its safe parts kept', async () => {
  const trap = await trappedPage(browser(), { js: false });
  await trap.page.goto(`${server().url}city/body-payloads/`);
  const text = await trap.page.locator('main#main').textContent();
  assert.match(text, /Plain paragraph first/);
  assert.match(text, /Last readable paragraph: the body survived\./);
  assert.match(text, /Body <script>window.__xss=1<\/script> payloads/, 'the title shows as text');
  assert.equal(await trap.page.locator('a[href="https://example.org/ok"]').count(), 1, 'a safe link survives');
  // Inert in a browser behind a Unicode space, but feed readers read URLs their own ways:
  // the sanitiser drops every script scheme, however it is spelled.
  const scripted = await trap.page.$$eval('main a[href], main img[src]', (els) => els
    .map((e) => e.getAttribute('href') ?? e.getAttribute('src'))
    .filter((v) => /script:/i.test(v.replace(/[\s\u200b-\u200f\u2060\ufeff\u180e]|&#x?[0-9a-f]+;?/gi, ''))));
  assert.deepEqual(scripted, []);
  await trap.close();
});


test('the traps report what a payload does, page after page in one context', async () => {
  for (const js of [true, false]) {
    const trap = await trappedPage(browser(), { js, serviceWorkers: 'block' });
    for (const round of [1, 2]) {
      await trap.page.setContent(`<html data-app="ready"><body>
        <img src="https://evil.example/${round}.png" onerror="window.__xss=${round}">
        <script>window.__xss = ${round}</script></body></html>`);
      const found = (await whatRan(trap, `round ${round}`, { js })).join('\n');
      const expected = [
        `round ${round} (JavaScript ${js ? 'on' : 'off'}): request to payload host https://evil.example/${round}.png`,
        `<img onerror="window.__xss=${round}">`,
        '<script > in BODY',
        ...(js ? [`window.__xss = ${round}`] : []),
      ];
      for (const e of expected) assert.ok(found.includes(e), `${e} is reported in:\n${found}`);
    }
    await trap.close();
  }
});
