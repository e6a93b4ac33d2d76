// Lighthouse (the version in bench/package.json; mobile is its default form factor, with
// simulated throttling) on each named URL, RUNS times; the median of each figure.
// Usage: node bench/lighthouse.mjs --runs 3 --pages home=URL,article=URL --out result.json
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROME_ARGS, CHROMIUM, options, writeJson } from './lib.mjs';

const opts = options({ runs: 1, pages: '', out: 'lighthouse.json' });
const pages = opts.pages.split(',').filter(Boolean).map((pair) => pair.split(/=(.*)/s).slice(0, 2));
const cli = fileURLToPath(new URL('./node_modules/lighthouse/cli/index.js', import.meta.url));
const version = JSON.parse(
  readFileSync(new URL('./node_modules/lighthouse/package.json', import.meta.url), 'utf8'),
).version;

function once(url) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-lh-'));
  const out = join(dir, 'report.json');
  const run = spawnSync(
    process.execPath,
    [cli, url, '--output=json', `--output-path=${out}`, '--quiet', `--chrome-flags=${CHROME_ARGS.join(' ')}`],
    { env: { ...process.env, CHROME_PATH: CHROMIUM }, encoding: 'utf8', timeout: 180_000 },
  );
  if (run.status !== 0) {
    throw new Error(`lighthouse ${url} failed (${run.status ?? run.signal}): ${run.stderr.slice(-2000)}`);
  }
  const report = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  const score = (id) => Math.round((report.categories[id]?.score ?? NaN) * 100);
  const audit = (id) => report.audits[id]?.numericValue ?? NaN;
  if (report.runtimeError) throw new Error(`lighthouse ${url}: ${report.runtimeError.message}`);
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    best_practices: score('best-practices'),
    seo: score('seo'),
    fcp_ms: audit('first-contentful-paint'),
    lcp_ms: audit('largest-contentful-paint'),
    tbt_ms: audit('total-blocking-time'),
    cls: audit('cumulative-layout-shift'),
    speed_index_ms: audit('speed-index'),
    form_factor: report.configSettings.formFactor,
    // The two image audits are opportunities (score 1 when nothing can be saved).
    image_audits: Object.fromEntries(['uses-responsive-images', 'modern-image-formats'].map((id) => [id, {
      score: report.audits[id]?.score ?? NaN,
      savings_bytes: report.audits[id]?.details?.overallSavingsBytes ?? 0,
    }])),
    failed_audits: Object.values(report.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
      .map((a) => a.id),
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

const result = { lighthouse: version, runs: opts.runs, pages: {} };
for (const [name, url] of pages) {
  const runs = [];
  for (let i = 0; i < opts.runs; i += 1) runs.push(once(url));
  const summary = { url };
  for (const key of Object.keys(runs[0])) {
    summary[key] = typeof runs[0][key] === 'number' ? median(runs.map((r) => r[key])) : runs[0][key];
  }
  // An image audit passes only if it passed in every run: the worst run is reported.
  summary.image_audits = Object.fromEntries(Object.keys(runs[0].image_audits).map((id) => [
    id, runs.map((r) => r.image_audits[id]).sort((a, b) => a.score - b.score)[0],
  ]));
  result.pages[name] = summary;
  console.error(`lighthouse ${name}: ${JSON.stringify(summary)}`);
}
await writeJson(opts.out, result);
