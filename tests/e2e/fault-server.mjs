// A static server for the security and fault tests: serves a built site folder like a plain
// static host (folder URLs → index.html, missing → 404.html with 404), sends the site's
// Content-Security-Policy header from `_headers` as a real host would, and injects faults
// per path on demand (`server.fault(match, kind)`), so a test can break one API document.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built site the fault, manners and offline tests serve: dist/, or FAULT_SITE. */
export const BUILT_SITE = process.env.FAULT_SITE || fileURLToPath(new URL('../../dist/', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp', '.gif': 'image/gif', '.ico': 'image/x-icon',
};

/** The CSP line of `_headers` (Netlify/Cloudflare syntax), if the site has one. */
function cspFromHeaders(root) {
  const file = path.join(root, '_headers');
  if (!existsSync(file)) return null;
  const line = readFileSync(file, 'utf8').split('\n').find((l) => /^\s+Content-Security-Policy:/i.test(l));
  return line ? line.split(':').slice(1).join(':').trim() : null;
}

/** The site's base path (`/` or `/news/`) from its site.json, so sub-path builds serve too. */
function basePath(root) {
  try {
    const site = JSON.parse(readFileSync(path.join(root, 'api/v1/site.json'), 'utf8'));
    return new URL(site.base_url).pathname;
  } catch {
    return '/';
  }
}

/** How long `503` asks a client to wait (`Retry-After`), and `503-date` as an HTTP date. */
export const RETRY_AFTER_S = 2;
export const RETRY_AFTER_DATE_S = 4;

/**
 * Answers for the fault kinds of the matrix. `hang` never answers (until the server closes);
 * `503` asks to come back in RETRY_AFTER_S seconds, `503-date` at a date RETRY_AFTER_DATE_S
 * seconds ahead. (`slow`, the right answer 1.5 s late, is served by the server itself.)
 */
async function sendFault(res, kind) {
  switch (kind) {
    case '404': res.writeHead(404, { 'content-type': 'text/plain' }); return res.end('not here');
    case '500': res.writeHead(500, { 'content-type': 'text/plain' }); return res.end('boom');
    case '503': res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': String(RETRY_AFTER_S) }); return res.end('later');
    case '503-date': {
      const at = new Date(Date.now() + RETRY_AFTER_DATE_S * 1000).toUTCString();
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': at });
      return res.end('later');
    }
    case 'hang': return; // the socket stays open; the client's timeout (or abort) ends it
    case 'truncated': res.writeHead(200, { 'content-type': 'application/json' }); return res.end('{"title":"Cut o');
    case 'wrong-shape': res.writeHead(200, { 'content-type': 'application/json' }); return res.end('{"title":42,"items":"nope","sections":{"a":1}}');
    case 'empty': res.writeHead(200, { 'content-type': 'application/json' }); return res.end('');
    case 'html': res.writeHead(200, { 'content-type': 'text/html' }); return res.end('<!DOCTYPE html><html><body><h1>Gateway login</h1></body></html>');
    case 'huge': {
      // 10 MB of valid JSON text that is not a document of the API.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = `"${'x'.repeat(1024 * 1024 - 3)}",`;
      res.write('[');
      for (let i = 0; i < 10; i += 1) res.write(chunk);
      return res.end('0]');
    }
    case 'reset': return res.socket.destroy();
    default: throw new Error(`unknown fault ${kind}`);
  }
}

/**
 * Starts serving `root` on 127.0.0.1 (a free port). Returns { url, base, fault, lift, clear, hits, close }.
 * `fault(match, kind)`: requests whose path (below the base) matches the string or RegExp get
 * the fault. `hits(match)`: how many requests matched so far.
 */
export async function startSiteServer(root, { csp = true } = {}) {
  const policy = csp ? cspFromHeaders(root) : null;
  const base = basePath(root);
  const faults = [];
  const log = [];
  const sockets = new Set();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    let rel = decodeURIComponent(url.pathname);
    log.push(rel);
    const hit = faults.find((f) => (typeof f.match === 'string' ? rel.endsWith(f.match) : f.match.test(rel)));
    if (hit?.kind === 'slow') await new Promise((resolve) => { setTimeout(resolve, 1500); });
    else if (hit) return sendFault(res, hit.kind);
    if (!rel.startsWith(base)) rel = '/__outside__';
    rel = rel.slice(base.length);
    const file = path.resolve(root, `./${rel}`);
    if (!file.startsWith(path.resolve(root))) { res.writeHead(403); return res.end(); }
    let target = file;
    try {
      const s = await stat(file);
      if (s.isDirectory()) {
        if (!url.pathname.endsWith('/')) { res.writeHead(301, { location: `${url.pathname}/` }); return res.end(); }
        target = path.join(file, 'index.html');
      }
      const body = await readFile(target);
      const headers = { 'content-type': TYPES[path.extname(target)] || 'application/octet-stream' };
      if (policy && target.endsWith('.html')) headers['content-security-policy'] = policy;
      res.writeHead(200, headers);
      return res.end(body);
    } catch {
      const notFound = path.join(root, '404.html');
      const headers = { 'content-type': 'text/html; charset=utf-8' };
      if (policy) headers['content-security-policy'] = policy;
      res.writeHead(404, headers);
      return res.end(existsSync(notFound) ? await readFile(notFound) : 'not found');
    }
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    url: `${origin}${base}`,
    base,
    policy,
    fault(match, kind) { faults.unshift({ match, kind }); },
    /** Lifts the faults set for `match` alone (others, e.g. of parallel tests, stay). */
    lift(match) {
      for (let i = faults.length - 1; i >= 0; i -= 1) if (String(faults[i].match) === String(match)) faults.splice(i, 1);
    },
    clear() { faults.length = 0; },
    hits(match) { return log.filter((p) => (typeof match === 'string' ? p.endsWith(match) : match.test(p))).length; },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
