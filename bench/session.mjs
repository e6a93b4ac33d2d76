// Long session: NAVS client-side navigations by clicks (article, back, article, back, …,
// next page; a section's last page moves on to the next section), with the JS heap after a
// forced GC and the DOM node count at the start, every 100 navigations and at the end;
// the session runs under the site's service worker, and its caches' entries are counted
// at the end against the bounds in the worker's CONFIG.
// Usage: node bench/session.mjs --navs 500 --sections news,city --out result.json
import { launch, openPage, options, visit, walk, writeJson } from './lib.mjs';
import { controllerConfig } from '../tests/e2e/worker-config.mjs';

const opts = options({ navs: 500, sections: '', out: 'session.json' });
const sections = opts.sections.split(',').filter(Boolean);
if (sections.length === 0) throw new Error('--sections names at least one section slug');

async function sample(page, navs) {
  return page.evaluate(async (n) => {
    window.gc();
    await new Promise((r) => setTimeout(r, 50));
    window.gc();
    return {
      navs: n,
      heap_bytes: performance.memory.usedJSHeapSize,
      wasm_memory_bytes: window.__bench.wasmMemory?.buffer.byteLength ?? null,
      dom_nodes: document.getElementsByTagName('*').length,
      history_length: history.length,
    };
  }, navs);
}

const browser = await launch(['--enable-precise-memory-info', '--js-flags=--expose-gc']);
const { page, errors, context } = await openPage(browser);
const samples = [];
const timings = [];
const started = Date.now();
let sameDocument = false;
let caches = null;
try {
  await visit(page, `${sections[0]}/`);
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
  // Lost if any click caused a full page load instead of a client-side navigation.
  await page.evaluate(() => { window.__sameDocument = true; });
  samples.push(await sample(page, 0));
  let done = 0;
  for (let chunk = 0; done < opts.navs; chunk += 1) {
    const steps = Math.min(100, opts.navs - done);
    await walk(page, sections, steps, 3, (_kind, ms) => { timings.push(ms); });
    done += steps;
    samples.push(await sample(page, done));
  }
  sameDocument = await page.evaluate(() => window.__sameDocument === true);
  const entries = await page.evaluate(async () => {
    const counts = {};
    for (const name of await self.caches.keys()) {
      const kind = name.match(/^bs-([a-z]+)/)?.[1];
      if (kind) counts[kind] = (counts[kind] || 0) + (await (await self.caches.open(name)).keys()).length;
    }
    return counts;
  });
  caches = { entries, bounds: (await controllerConfig(page)).bounds };
} finally {
  await context.close();
  await browser.close();
}
const first = samples[0];
const last = samples[samples.length - 1];
const result = {
  navigations: timings.length,
  seconds: Math.round((Date.now() - started) / 100) / 10,
  start: first,
  end: last,
  samples,
  heap_growth_bytes: last.heap_bytes - first.heap_bytes,
  dom_growth_nodes: last.dom_nodes - first.dom_nodes,
  wasm_growth_bytes: last.wasm_memory_bytes - first.wasm_memory_bytes,
  same_document: sameDocument,
  caches,
  errors,
};
await writeJson(opts.out, result);
console.log(JSON.stringify({ ...result, samples: undefined }));
if (!sameDocument) throw new Error('a click loaded a whole new document: not a client-side navigation');
if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join('; ')}`);
