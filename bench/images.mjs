// Image bytes a reader fetches: each page is opened on a 360 px phone at DPR 2 and on a
// 1280 px desktop at DPR 1, scrolled to the end (so lazy images load as they would for a
// reader who reads the whole page), and the bytes of every image response are summed.
// Two sites are compared: BEFORE (images as they were added) and AFTER (the variants).
// Usage: BEFORE=URL AFTER=URL node bench/images.mjs --pages home=PATH,article=PATH --out result.json
import { launch, options, writeJson } from './lib.mjs';

const opts = options({ pages: '', out: 'images.json' });
const pages = opts.pages.split(',').filter(Boolean).map((pair) => pair.split(/=(.*)/s).slice(0, 2));
const sites = { before: process.env.BEFORE, after: process.env.AFTER };
if (!sites.before || !sites.after) throw new Error('set BEFORE and AFTER to the two sites');
const devices = {
  phone: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
};

/** Image bytes (response bodies as sent) and files fetched for one page on one device. */
async function fetched(browser, url, device) {
  // Without the offline worker: once it controls the page, the images it fetches for the
  // page reach Playwright without a body size, and the page's sum would lose them (it did:
  // the article's body photo counted on some runs and not on others). The worker fetches
  // the same files, so the bytes are the page's either way.
  const context = await browser.newContext({ ...device, serviceWorkers: 'block' });
  const page = await context.newPage();
  const responses = [];
  let pending = 0;
  page.on('request', (request) => {
    if (request.resourceType() === 'image') pending += 1;
  });
  const settled = (request) => {
    if (request.resourceType() === 'image') pending -= 1;
  };
  page.on('requestfinished', settled);
  page.on('requestfailed', settled);
  page.on('response', (response) => {
    if (response.request().resourceType() === 'image') responses.push(response);
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(async () => {
    for (let y = 0; y <= document.body.scrollHeight; y += innerHeight / 2) {
      scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  // Lazy images in hidden blocks (the home page's section lists) are never fetched.
  await page.waitForFunction(() => [...document.images]
    .filter((img) => img.currentSrc && img.getClientRects().length > 0)
    .every((img) => img.complete));
  // Not 'networkidle': the app's own requests (prefetching) may keep the network busy. The
  // image requests alone must have settled and stayed settled for half a second.
  for (let quiet = 0, waited = 0; quiet < 5; waited += 1) {
    if (waited > 150) throw new Error(`${url}: ${pending} image requests still open after 15 s`);
    quiet = pending === 0 ? quiet + 1 : 0;
    await page.waitForTimeout(100);
  }
  const files = [];
  for (const response of responses) {
    const sizes = await response.request().sizes();
    if (sizes.responseBodySize < 0) throw new Error(`${url}: no body size for ${response.url()}`);
    files.push({ url: response.url(), bytes: sizes.responseBodySize });
  }
  await context.close();
  return { bytes: files.reduce((sum, f) => sum + f.bytes, 0), files };
}

const browser = await launch();
const result = {};
try {
  for (const [name, path] of pages) {
    for (const [deviceName, device] of Object.entries(devices)) {
      const key = `${name} ${deviceName}`;
      result[key] = {};
      for (const [label, base] of Object.entries(sites)) {
        result[key][label] = await fetched(browser, new URL(path, base).href, device);
      }
      console.error(`images ${key}: ${result[key].before.bytes} → ${result[key].after.bytes} bytes`);
    }
  }
} finally {
  await browser.close();
}
await writeJson(opts.out, result);
