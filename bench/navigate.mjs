// Navigation timings: milliseconds from a click on an article card to the new article's h1
// painted, and from a click on "next page" to the new listing painted (JSON from localhost).
// Usage: node bench/navigate.mjs --count 50 --sections news,city --out result.json
import { launch, openPage, options, stats, visit, walk, writeJson } from './lib.mjs';

const opts = options({ count: 50, sections: '', out: 'navigate.json' });
const sections = opts.sections.split(',').filter(Boolean);
if (sections.length === 0) throw new Error('--sections names at least one section slug');

const browser = await launch();
const { page, errors, context } = await openPage(browser);
const samples = { article: [], listing: [], back: [], section: [] };
try {
  await visit(page, `${sections[0]}/`);
  // One article and one "next page" per listing page; a little extra for section switches.
  const steps = 3 * Math.ceil(opts.count * 1.15) + 3;
  await walk(page, sections, steps, 1, (kind, ms) => samples[kind].push(ms));
} finally {
  await context.close();
  await browser.close();
}
const result = {
  article: stats(samples.article),
  listing: stats(samples.listing),
  back: stats(samples.back),
  errors,
};
await writeJson(opts.out, result);
console.log(JSON.stringify(result));
if (samples.article.length < opts.count || samples.listing.length < opts.count) {
  throw new Error(`too few navigations: ${samples.article.length} articles, ${samples.listing.length} listings`);
}
if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join('; ')}`);
