// Broadsheet's search in Chromium: the bytes each query fetched, cold (a new browser context
// per query: nothing cached, the search page opened with the query in its address) and warm
// (one session: a few queries first, then every query typed into the page's search box, which
// the app follows without a page load and answers from the index files it kept), and the top
// ten results of every cold query (for recall).
// Usage: node bench/search.mjs --queries queries.json --out result.json
import { launch, options, siteUrl, BASE_URL, writeJson } from './lib.mjs';
import { Recorder, readQueries, relative, total } from './search-bytes.mjs';

const opts = options({ queries: '', out: 'search.json' });
const { queries, warmup } = await readQueries(opts.queries);
const isData = (path) => path.startsWith('api/');
const isApp = (path) => /\.(wasm|js|css)$/.test(path);

/** Waits for the answer to `q` on the search page: the app's status line (`role="status"`),
 * written for this query. The pre-rendered page carries a status line too, the prompt, which
 * shows until the app takes over: that one is not an answer. */
async function answered(page, q) {
  await page.waitForFunction((query) => {
    const status = document.querySelector('main#main .search-status[role="status"]');
    return document.documentElement.dataset.app === 'ready' && status && !status.__benchOld
      && new URL(location.href).searchParams.get('q') === query;
  }, q, { timeout: 30_000 });
}

async function topTen(page) {
  const hrefs = await page.locator('ol.search-results li.search-hit a.card-link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  return hrefs.slice(0, 10).map((h) => relative(h, BASE_URL));
}

async function cold(browser, query) {
  const context = await browser.newContext({ serviceWorkers: 'block' }); // the search's bytes, not the worker's
  try {
    const recorder = new Recorder(context, BASE_URL);
    const page = await context.newPage();
    await page.goto(siteUrl(`search/?q=${encodeURIComponent(query.q)}`));
    await answered(page, query.q);
    const hits = await topTen(page);
    const files = await recorder.take();
    return { data: total(files, isData), app: total(files, isApp), hits };
  } finally {
    await context.close();
  }
}

async function typed(page, recorder, q) {
  await page.evaluate(() => {
    const status = document.querySelector('main#main .search-status');
    if (status) status.__benchOld = true;
  });
  await recorder.take();
  await page.locator('#search-page-q').fill(q);
  await page.locator('#search-page-q').press('Enter');
  await answered(page, q);
  return total(await recorder.take(), isData);
}

const browser = await launch();
const result = { cold: [], warm: [], stuck: [], errors: [] };
try {
  for (const query of queries) {
    result.cold.push({ ...query, ...(await cold(browser, query)) });
  }
  const context = await browser.newContext({ serviceWorkers: 'block' }); // the search's bytes, not the worker's
  const recorder = new Recorder(context, BASE_URL);
  const page = await context.newPage();
  page.on('pageerror', (e) => result.errors.push(e.message));
  await page.goto(siteUrl('search/'));
  await page.waitForSelector('html[data-app=ready]', { state: 'attached', timeout: 60_000 });
  for (const query of warmup) await typed(page, recorder, query.q);
  for (const query of queries) {
    try {
      result.warm.push({ ...query, data: await typed(page, recorder, query.q) });
    } catch (e) {
      // Kept, not thrown: the cold results stand, and the report says which query stuck.
      const status = await page.locator('main#main .search-status').first().textContent()
        .catch(() => null);
      result.stuck.push({ ...query, error: e.message.split('\n')[0], url: page.url(), status });
      // A fresh page (its kept files lost), so one stuck query does not stall the rest.
      await page.goto(siteUrl('search/'));
      await page.waitForSelector('html[data-app=ready]', { state: 'attached', timeout: 60_000 });
    }
  }
  await context.close();
} finally {
  await browser.close();
}
await writeJson(opts.out, result);
console.log(`search: ${result.cold.length} cold and ${result.warm.length} warm queries, ${result.stuck.length} stuck`);
if (result.errors.length > 0) throw new Error(`the page reported errors: ${result.errors.join('; ')}`);
