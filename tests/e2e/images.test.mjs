// Journey: photos on a phone and on a desktop. The browser picks a small WebP variant on a
// 360 px phone at DPR 2 and a larger one on a 1280 px desktop; every image has its size, alt
// text and a lazy load (but the page's main one); the markup is the same before and after the
// app takes over; and nothing moves while images load, on every kind of page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DESKTOP, api, appReady, launch, openPage, screenshot, siteFacts, siteUrl,
} from './browser.mjs';

const PHONE_2X = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 };
const DESKTOP_1X = { viewport: DESKTOP, deviceScaleFactor: 1 };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A page with `device` (viewport and pixel ratio) that fails the test on page errors. */
async function open(device, javaScriptEnabled = true) {
  const context = await browser.newContext({ ...device, javaScriptEnabled });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    page,
    done: async () => {
      await context.close();
      assert.deepEqual(errors, [], 'the page reported errors');
    },
  };
}

/** The article whose lead photo is the widest with variants (so a phone has smaller
 * ones to choose from), with its API document. */
async function photoArticle() {
  const { summaries } = await siteFacts();
  const photos = summaries.filter((s) => s.thumbnail?.variants);
  assert.ok(photos.length > 0, 'the sample site has an article with a processed photo');
  const item = photos.reduce((a, b) => (b.thumbnail.width > a.thumbnail.width ? b : a));
  return { item, article: await api(`articles/${item.slug}.json`) };
}

/** Wait until every shown image in main has finished loading (a lazy image in a hidden
 * block, like the home page's section lists, is never fetched). */
async function imagesSettled(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('main img')]
    .filter((img) => img.currentSrc && img.getClientRects().length > 0)
    .every((img) => img.complete));
}

/** The width in a variant's file name: `…-720.webp` → 720. */
const variantWidth = (url) => Number((url.match(/-(\d+)\.[a-z]+$/) || [])[1]);

async function leadChoice(device) {
  const { item, article } = await photoArticle();
  const { page, done } = await open(device);
  await page.goto(siteUrl(`${item.section}/${item.slug}/`));
  await appReady(page);
  const lead = page.locator('main figure.lead img');
  await lead.evaluate((img) => img.decode());
  const currentSrc = await lead.evaluate((img) => img.currentSrc);
  const shown = await lead.evaluate((img) => img.getBoundingClientRect().width);
  await screenshot(page, `photo-article-${device.viewport.width}x${device.viewport.height}@${device.deviceScaleFactor}x`);
  await done();
  return { currentSrc, shown, image: article.lead.image };
}

test('a 360 px phone at DPR 2 loads a small WebP variant of the lead photo', async () => {
  const { currentSrc, shown, image } = await leadChoice(PHONE_2X);
  assert.match(currentSrc, /\/media\/_v\/[^/]+\.webp$/, 'a WebP variant');
  const width = variantWidth(currentSrc);
  const needed = shown * 2;
  const listed = image.variants.widths;
  // The browser takes the narrowest variant that covers the screen pixels (or the widest).
  const enough = listed.find((w) => w >= needed) ?? listed[listed.length - 1];
  assert.ok(width <= enough, `${currentSrc}: ${width} px for ${needed} screen pixels (${listed})`);
  assert.ok(width <= 1080, `${currentSrc}: a phone needs no more than 1080 px`);
  assert.ok(image.width > 1000 && width < image.width, `${currentSrc}: not the full-size file`);
});

test('a 1280 px desktop loads a variant as wide as the column', async () => {
  const phone = await leadChoice(PHONE_2X);
  const desktop = await leadChoice(DESKTOP_1X);
  assert.match(desktop.currentSrc, /\.webp$/);
  const width = variantWidth(desktop.currentSrc);
  assert.ok(width >= Math.min(desktop.shown, desktop.image.width) * 0.9, `${desktop.currentSrc} for ${desktop.shown} px`);
  assert.ok(desktop.shown > phone.shown, 'the column is wider on the desktop');
});

test('cards load their photo cut to 16:9, with and without the app; the article the whole photo', async () => {
  const { summaries } = await siteFacts();
  const cut = summaries.filter((s) => s.thumbnail?.card);
  assert.ok(cut.length > 0, 'the sample site has lead photos of another shape than 16:9');
  for (const javaScriptEnabled of [true, false]) {
    const { page, done } = await open(PHONE_2X, javaScriptEnabled);
    await page.goto(siteUrl(''));
    if (javaScriptEnabled) {
      await appReady(page);
      await shiftWhileLoading(page); // scrolls every card into view and waits for its photo
    } // without JavaScript Chromium loads lazy images at once, before `load`
    const shown = await page.evaluate(() => [...document.querySelectorAll('.card-thumb img')]
      .filter((img) => img.currentSrc && img.getClientRects().length > 0)
      .map((img) => ({ url: new URL(img.currentSrc).pathname, w: img.naturalWidth, h: img.naturalHeight })));
    let checked = 0;
    for (const { url, w, h } of shown) {
      const item = cut.find((s) => url.startsWith(`/${s.thumbnail.variants.path}-`));
      if (!item) continue;
      assert.ok(url.startsWith(`/${item.thumbnail.card.path}-`), `${url}: the card's cut variant`);
      assert.ok(Math.abs(w / h - 16 / 9) < 0.03, `${url}: ${w} × ${h} is 16:9`);
      checked += 1;
    }
    assert.ok(checked > 0, `home (JavaScript ${javaScriptEnabled ? 'on' : 'off'}) shows a cut photo: ${JSON.stringify(shown)}`);
    await done();
  }
  const { currentSrc } = await leadChoice(PHONE_2X);
  assert.doesNotMatch(currentSrc, /-crop-/, 'the article shows the whole lead photo');
});

/** Every image of main with the attributes that decide what is fetched and how. */
function imageMarkup(page) {
  return page.evaluate(() => [...document.querySelectorAll('main img')].map((img) => {
    const picture = img.parentElement?.localName === 'picture' ? img.parentElement : null;
    const sources = picture ? [...picture.querySelectorAll('source')] : [];
    const attrs = ['src', 'srcset', 'sizes', 'width', 'height', 'alt', 'loading'];
    return {
      img: Object.fromEntries(attrs.map((a) => [a, img.getAttribute(a)])),
      sources: sources.map((s) => ({ type: s.type, srcset: s.getAttribute('srcset'), sizes: s.getAttribute('sizes') })),
    };
  }));
}

test('photos have size, alt, srcset and sizes, and lazy loading but for the main one', async () => {
  const { item } = await photoArticle();
  for (const path of ['', `${item.section}/${item.slug}/`]) {
    const { page, done } = await open(PHONE_2X);
    await page.goto(siteUrl(path));
    await appReady(page);
    const images = await imageMarkup(page);
    assert.ok(images.length > 0, `/${path} shows images`);
    const eager = images.filter((i) => i.img.loading !== 'lazy');
    assert.equal(eager.length, 1, `/${path}: one image loads at once, the page's largest`);
    for (const { img, sources } of images) {
      assert.ok(Number(img.width) > 0 && Number(img.height) > 0, `${img.src}: width and height`);
      assert.notEqual(img.alt, null, `${img.src}: an alt attribute`);
      if (!/\/media\/_v\//.test(img.src)) continue;
      assert.ok(img.srcset && img.sizes, `${img.src}: srcset and sizes`);
      assert.deepEqual(sources.map((s) => s.type), ['image/webp'], `${img.src}: a WebP source`);
      assert.equal(sources[0].sizes, img.sizes);
    }
    await done();
  }
});

test('the app takes over photos without changing their markup', async () => {
  const { item } = await photoArticle();
  for (const path of ['', `${item.section}/${item.slug}/`]) {
    const still = await open(PHONE_2X, false);
    await still.page.goto(siteUrl(path));
    const staticMarkup = await imageMarkup(still.page);
    await still.done();
    const live = await open(PHONE_2X);
    await live.page.goto(siteUrl(path));
    await appReady(live.page);
    assert.deepEqual(await imageMarkup(live.page), staticMarkup, `/${path}`);
    await live.done();
  }
});

/** Layout shifts without recent input, summed as CLS counts them, after every image loaded. */
async function shiftWhileLoading(page) {
  await page.evaluate(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  // Bring every lazy image into view, so each one loads and would move the page if unsized.
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
      scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  await imagesSettled(page);
  return page.evaluate(() => window.__shift);
}

test('no page type moves while its images load, on a phone and on a desktop', async () => {
  const { site, summaries } = await siteFacts();
  const { item, article } = await photoArticle();
  const tag = article.tags[0]?.slug;
  const pages = {
    home: '',
    section: `${site.sections[0].slug}/`,
    article: `${item.section}/${item.slug}/`,
    'another article': `${summaries[summaries.length - 1].section}/${summaries[summaries.length - 1].slug}/`,
    tag: tag ? `tag/${tag}/` : 'sitemap/',
    sitemap: 'sitemap/',
    search: 'search/?q=%E7%8C%AB',
  };
  for (const device of [PHONE_2X, DESKTOP_1X]) {
    for (const [name, path] of Object.entries(pages)) {
      const { page, done } = await open(device);
      await page.goto(siteUrl(path));
      await appReady(page);
      const shift = await shiftWhileLoading(page);
      assert.equal(shift, 0, `${name} (/${path}) at ${device.viewport.width}px: layout shift`);
      await done();
    }
  }
});
