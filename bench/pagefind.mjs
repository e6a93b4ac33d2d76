// Pagefind on the same built site with the same queries, in Chromium: for each query a new
// browser context (nothing cached) opens the bench's page (`pagefind-bench/`, written by the
// xtask), which loads Pagefind's JS API, runs `pagefind.search(q)` and loads `data()` of the
// top ten results, as a results page would. Counted: every file below `pagefind/`, split
// into its engine (JS and wasm) and its index data; the top ten URLs, for recall.
// Usage: node bench/pagefind.mjs --queries queries.json --out result.json
import { launch, options, siteUrl, BASE_URL, writeJson } from './lib.mjs';
import { Recorder, readQueries, relative, total, within } from './search-bytes.mjs';

const opts = options({ queries: '', out: 'pagefind.json' });
const { queries } = await readQueries(opts.queries);
const isEngine = (path) => path.startsWith('pagefind/') && /\.(js|pagefind)$/.test(path);
const isData = (path) => path.startsWith('pagefind/') && !isEngine(path);

async function cold(browser, query) {
  const context = await browser.newContext();
  try {
    const recorder = new Recorder(context, BASE_URL);
    const page = await context.newPage();
    await page.goto(siteUrl('pagefind-bench/'));
    const search = page.evaluate((q) => window.benchSearch(q), query.q);
    const found = await within(60_000, `Pagefind, query ${query.q}`, search);
    const files = await recorder.take();
    return {
      engine: total(files, isEngine),
      data: total(files, isData),
      total: found.total,
      hits: found.urls.map((u) => relative(u, BASE_URL)),
    };
  } finally {
    await context.close();
  }
}

const browser = await launch();
const result = { cold: [] };
try {
  for (const query of queries) result.cold.push({ ...query, ...(await cold(browser, query)) });
} finally {
  await browser.close();
}
await writeJson(opts.out, result);
console.log(`pagefind: ${result.cold.length} cold queries`);
