// Shared helpers for the browser benchmarks run by `cargo xtask bench`: Debian's Chromium
// driven by playwright-core against the site the xtask serves at BASE_URL.
import { writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.BASE_URL || 'http://127.0.0.1:8080/';
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Flags for Chromium as root on a machine without internet. */
export const CHROME_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** `--name value` pairs from the command line, with defaults. */
export function options(defaults) {
  const out = { ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in defaults)) throw new Error(`unknown option --${name}`);
    out[name] = typeof defaults[name] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
  }
  return out;
}

export async function writeJson(path, value) {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

export function launch(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROME_ARGS, ...extraArgs] });
}

export function siteUrl(path = '') {
  return new URL(path.replace(/^\//, ''), BASE_URL).href;
}

/**
 * Installed in every document: a capturing click listener that records when a click reached
 * the page, and `watch(kind)`, which resolves with the milliseconds from that click until the
 * page shows something new for `kind` (`article`: the h1's text; `listing`: the page status
 * and the first card), measured after the frame that shows it was painted.
 */
function pageProbe() {
  const bench = { click: 0, pending: null };
  window.__bench = bench;
  document.addEventListener('click', () => { bench.click = performance.now(); }, true);
  // The app's linear memory: the one memory its wasm exports (under a name the post-link
  // step shortened), taken from the instance as it starts, whichever script starts it.
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      return original.apply(this, args).then((result) => {
        const exports = Object.values((result.instance ?? result).exports);
        bench.wasmMemory = exports.find((value) => value instanceof WebAssembly.Memory);
        return result;
      });
    };
  }
  const text = (sel) => (document.querySelector(sel)?.textContent || '').replace(/\s+/g, ' ').trim();
  bench.key = (kind) => kind === 'article'
    ? text('main#main article h1') || text('main#main h1')
    : `${text('main#main .page-status')}|${document.querySelector('main#main a.card-link')?.getAttribute('href') || ''}`;
  bench.watch = (kind, timeoutMs) => {
    const before = bench.key(kind);
    const started = performance.now();
    bench.pending = new Promise((resolve, reject) => {
      const check = () => {
        const now = bench.key(kind);
        if (now && now !== before && bench.click > 0) {
          // A timer queued from rAF runs after that frame is painted.
          setTimeout(() => resolve(performance.now() - bench.click), 0);
        } else if (performance.now() - started > timeoutMs) {
          reject(new Error(`nothing new for ${kind} after ${timeoutMs} ms (still "${now}")`));
        } else {
          requestAnimationFrame(check);
        }
      };
      requestAnimationFrame(check);
    });
    bench.pending.catch(() => {});
  };
}

export async function openPage(browser, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(pageProbe);
  return { context, page, errors };
}

export async function visit(page, path) {
  await page.goto(siteUrl(path));
  await page.waitForSelector('html[data-app=ready]', { state: 'attached', timeout: 60_000 });
}

/** Click `locator` and return the milliseconds until the new `kind` of page was painted. */
export async function timedClick(page, locator, kind, timeoutMs = 15_000) {
  await page.evaluate(([k, t]) => window.__bench.watch(k, t), [kind, timeoutMs]);
  await locator.click();
  return page.evaluate(() => window.__bench.pending);
}

/** history.back() and wait until the `kind` of page changed (not timed). */
export async function back(page, kind) {
  await page.evaluate(([k]) => window.__bench.watch(k, 15_000), [kind]);
  await page.evaluate(() => { window.__bench.click = performance.now(); history.back(); });
  return page.evaluate(() => window.__bench.pending);
}

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (x) => Math.round(x * 10) / 10;
  return {
    count: sorted.length,
    median: round(at(0.5)),
    p95: round(at(0.95)),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
  };
}

/**
 * A walk through the site by clicks only: article card → back → next card …, and after
 * `perPage` articles the listing's "next page" (or, on a section's last page, the next
 * section in the header). Calls `onStep(kind, ms)` for each timed click.
 */
export async function walk(page, sections, steps, perPage, onStep) {
  let card = 0;
  let section = 0;
  for (let step = 0; step < steps; ) {
    const cards = page.locator('main#main a.card-link');
    const count = await cards.count();
    if (card < Math.min(perPage, count)) {
      await onStep('article', await timedClick(page, cards.nth(card), 'article'));
      await onStep('back', await back(page, 'listing'));
      card += 1;
      step += 2;
      continue;
    }
    card = 0;
    const next = page.locator('main#main nav.pagination a[rel=next]');
    if ((await next.count()) > 0) {
      await onStep('listing', await timedClick(page, next.first(), 'listing'));
    } else {
      section = (section + 1) % sections.length;
      const link = page.locator(`nav#site-nav a[href$="/${sections[section]}/"]`);
      await onStep('section', await timedClick(page, link.first(), 'listing'));
    }
    step += 1;
  }
}
