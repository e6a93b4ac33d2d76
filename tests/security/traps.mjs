// Traps for hostile content in Chromium: a page whose payloads would set `window.__xss`, open a
// dialog, trip the Content-Security-Policy, navigate away or fetch from evil.example fails.
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import { launch as launchChromium } from '../e2e/browser.mjs';

export { startSiteServer } from '../e2e/fault-server.mjs';

/**
 * Chromium that resolves no host but 127.0.0.1: whatever a payload tries to load from
 * elsewhere fails at once. (Not Playwright routing, which would also turn off the HTTP cache,
 * so every page would compile the app's wasm afresh.)
 */
export function launch() {
  return launchChromium({ args: ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'] });
}

/**
 * The policy keeping an image out (`img-src` allows https: only, and feeds carry plain
 * http: images): the CSP working, and images cannot run code, so not a finding.
 */
const BLOCKED_IMAGE = /^Loading the image '[^']*' violates the following Content Security Policy directive: "img-src /;

/** Runs in every page before its own scripts: collects CSP violation reports. */
function installTraps() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    if (e.effectiveDirective === 'img-src') return; // see BLOCKED_IMAGE
    window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
  });
}

/**
 * A page in a fresh context with JavaScript on or off, and the list `problems` its traps fill.
 * Requests leaving 127.0.0.1 are recorded when they go to a payload host (`launch` makes them
 * fail). The page can open many pages of a site in turn: `whatRan` takes each one's findings.
 * `serviceWorkers: 'block'` keeps every page coming from the host rather than a worker's cache.
 */
export async function trappedPage(browser, { js, serviceWorkers = 'allow' }) {
  const context = await browser.newContext({ javaScriptEnabled: js, serviceWorkers });
  await context.addInitScript(installTraps);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.setDefaultNavigationTimeout(60_000);
  const problems = [];
  let origin = null;
  page.on('dialog', async (d) => { problems.push(`dialog ${d.type()}: ${d.message()}`); await d.dismiss().catch(() => {}); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|panicked/i.test(text) && !BLOCKED_IMAGE.test(text)) problems.push(`console ${m.type()}: ${text}`);
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && origin && !frame.url().startsWith(origin)) {
      problems.push(`navigated away to ${frame.url()}`);
    }
  });
  context.on('request', (request) => {
    const u = new URL(request.url());
    if (/evil|xss|attacker|jsdelivr|html5sec/i.test(u.hostname) || u.protocol === 'javascript:') {
      problems.push(`request to payload host ${u.href}`);
    }
  });
  return {
    page,
    problems,
    setOrigin(o) { origin = o; },
    close: () => context.close(),
  };
}

/**
 * Everything in `root` (a Document or Element) that could run or load something it should not:
 * event-handler attributes, script-like URLs, frames, plugins, <base>, refresh, forms, styles
 * that load resources, and scripts other than the app's own. Runs in the page.
 */
export function liveInDom(root) {
  const found = [];
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'codebase', 'cite', 'srcset', 'ping', 'lowsrc', 'dynsrc'];
  const doc = root.ownerDocument || root;
  // The scheme exactly as the browser reads the URL (its parser strips leading and trailing
  // C0 controls and spaces, and tabs and newlines anywhere); relative URLs get the base's.
  const base = typeof location !== 'undefined' ? location.href : 'https://fragment.invalid/';
  const scheme = (v) => { try { return new URL(v, base).protocol; } catch { return null; } };
  const urls = (n, v) => (n === 'srcset' ? v.split(',').map((c) => c.trim().split(/\s+/)[0]) : [v]);
  for (const el of root.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    for (const a of Array.from(el.attributes)) {
      const n = a.name.toLowerCase();
      if (n.startsWith('on')) found.push(`<${tag} ${n}="${a.value.slice(0, 60)}">`);
      if (n === 'srcdoc') found.push(`<${tag} srcdoc>`);
      for (const u of urlAttrs.includes(n) ? urls(n, a.value) : []) {
        const p = scheme(u);
        if (p === 'javascript:' || p === 'vbscript:') found.push(`<${tag} ${n}="${a.value.slice(0, 60)}">`);
        else if (p === 'data:' && !(tag === 'img' && n === 'src')) found.push(`<${tag} ${n}=data:…>`);
      }
      if (n === 'style' && /url\(|expression|@import|behavior|binding/i.test(a.value)) found.push(`<${tag} style="${a.value.slice(0, 60)}">`);
    }
    // The site's own search forms (header, search page, not-found view): a GET to this
    // origin's search page, holding only a search box and its button. Anything else in a
    // form, or a form going elsewhere, is still reported.
    const form = el.closest('form');
    const ownSearch = form && form.getAttribute('role') === 'search'
      && (form.getAttribute('method') || 'get').toLowerCase() === 'get'
      && typeof location !== 'undefined'
      && new URL(form.getAttribute('action') || '', location.href).origin === location.origin
      && /\/search\/$/.test(new URL(form.getAttribute('action') || '', location.href).pathname)
      && (tag === 'form' || tag === 'select' || (tag === 'input' && ['search', 'hidden'].includes(el.type)));
    if (!ownSearch && ['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'form', 'input', 'textarea', 'select', 'isindex', 'portal', 'style'].includes(tag)) {
      found.push(`<${tag}>`);
    }
    if (tag === 'meta' && el.hasAttribute('http-equiv') && !/^content-security-policy$/i.test(el.getAttribute('http-equiv'))) {
      found.push(`<meta http-equiv="${el.getAttribute('http-equiv')}">`);
    }
    if (tag === 'link' && /stylesheet|import|preload|prefetch/i.test(el.getAttribute('rel') || '')) {
      const href = new URL(el.getAttribute('href') || '', doc.baseURI || location.href);
      if (typeof location !== 'undefined' && href.origin !== location.origin) found.push(`<link rel=${el.getAttribute('rel')} href=${href}>`);
    }
    if (tag === 'script') {
      const type = (el.getAttribute('type') || '').toLowerCase();
      const data = type === 'application/json' || type === 'application/ld+json';
      const appModule = type === 'module' && el.parentElement === doc.head && !el.hasAttribute('src');
      const appScript = el.hasAttribute('src') && typeof location !== 'undefined'
        && new URL(el.getAttribute('src'), location.href).origin === location.origin && el.parentElement === doc.head;
      if (!(data || appModule || appScript)) found.push(`<script ${type}> in ${el.parentElement?.tagName}`);
    }
  }
  return found;
}

/** Waits for a page to settle, then fails on any trap that fired or any live payload in its DOM. */
export async function assertNothingRan(trap, label, opts) {
  assert.deepEqual(await whatRan(trap, label, opts), []);
}

/**
 * Waits for a page to settle; what ran or could run there, one line each (`label` first),
 * and clears the trap's list for the next page.
 */
export async function whatRan(trap, label, { js }) {
  const { page, problems } = trap;
  if (js) {
    await page.waitForSelector('html[data-app=ready]', { state: 'attached', timeout: 60_000 }).catch(() => {
      problems.push('the app never became ready');
    });
  }
  await page.waitForTimeout(150); // timers and image errors a payload could use
  const state = await page.evaluate(() => ({
    xss: window.__xss ?? (window.parent && window.parent.__xss) ?? null,
    csp: (window.__cspViolations || []).splice(0),
    iframes: document.querySelectorAll('iframe').length,
  }));
  const live = await page.evaluate(`(${liveInDom})(document)`);
  const found = [
    ...(state.xss === null ? [] : [`window.__xss = ${state.xss}`]),
    ...(js ? state.csp.map((c) => `CSP: ${c}`) : []),
    ...problems.splice(0),
    ...live,
  ];
  return found.map((f) => `${label} (JavaScript ${js ? 'on' : 'off'}): ${f}`);
}

/** Every pre-rendered page of the site in `dir` as a path below its base ('' for the home page). */
export function sitePages(dir) {
  const pages = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === 'index.html') pages.push(path.relative(dir, d).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return pages.map((p) => (p ? `${p}/` : '')).sort();
}

/** Every file below `dir` with one of `exts`, relative. */
export function filesIn(dir, exts) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (exts.some((e) => name.endsWith(e))) out.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}
