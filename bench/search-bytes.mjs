// What a browser context fetched, from its network events (the page's and its workers':
// Pagefind searches in a web worker, whose fetches the page's Resource Timing never sees):
// per file the bytes that came over the wire (the response's Content-Length: the brotli copy
// when the server sent one) and the bytes after decoding (the body the page got). Response
// headers are not counted. Shared by search.mjs (Broadsheet) and pagefind.mjs.
import { readFile } from 'node:fs/promises';

/** Records every request of `context` until it finished, as paths below `base`. */
export class Recorder {
  constructor(context, base) {
    this.base = base;
    this.inFlight = new Map();
    this.done = [];
    context.on('request', (request) => {
      this.inFlight.set(request, new Promise((resolve) => {
        const settle = (measured) => {
          this.inFlight.delete(request);
          this.done.push(measured);
          resolve();
        };
        request.response()
          .then((response) => response && response.finished().then(() => this.measure(request, response)))
          .then((m) => settle(m || { path: this.path(request), wire: 0, raw: 0, failed: true }))
          .catch(() => settle({ path: this.path(request), wire: 0, raw: 0, failed: true }));
      }));
    });
  }

  path(request) {
    const url = request.url();
    return url.startsWith(this.base) ? url.slice(this.base.length).split('?')[0] : url;
  }

  async measure(request, response) {
    const body = await response.body();
    const length = Number(response.headers()['content-length']);
    const wire = Number.isFinite(length) ? length : (await request.sizes()).responseBodySize;
    return { path: this.path(request), wire, raw: body.length };
  }

  /** The files fetched since the last call, once every request started so far settled. */
  async take() {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()]);
    const files = this.done;
    this.done = [];
    return files;
  }
}

/** Sums of `wire` and `raw` over the files `pick` selects, and their paths. */
export function total(files, pick) {
  const chosen = files.filter((f) => pick(f.path));
  return {
    wire: chosen.reduce((n, f) => n + f.wire, 0),
    raw: chosen.reduce((n, f) => n + f.raw, 0),
    files: chosen.map((f) => f.path),
  };
}

/** The queries file the xtask wrote: `{queries: [{kind, q, target}], warmup: [...]}`. */
export async function readQueries(path) {
  return JSON.parse(await readFile(path, 'utf8'));
}

/** A site-relative path (`news/a-story/`) of an href or URL. */
export function relative(href, base) {
  const url = new URL(href, base);
  const root = new URL(base).pathname;
  return url.pathname.startsWith(root) ? url.pathname.slice(root.length) : url.pathname;
}

/** `promise`, or an error naming `what` after `ms` (a stuck query fails the run). */
export function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
