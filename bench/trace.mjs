import { chromium } from 'playwright-core';
import { writeFileSync } from 'node:fs';
const url = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const ctx = await browser.newContext({ viewport: { width: 412, height: 823 } });
const page = await ctx.newPage();
const cdp = await ctx.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.wasm', 'blink.user_timing', 'toplevel'] });
await page.goto(url, { waitUntil: 'load' });
await page.waitForTimeout(4000);
const buf = await browser.stopTracing();
await browser.close();
const ev = JSON.parse(buf.toString()).traceEvents;
const main = ev.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain');
const tid = main.tid, pid = main.pid;
const tasks = ev.filter((e) => e.tid === tid && e.pid === pid && e.name === 'RunTask' && e.dur > 30000).sort((a, b) => a.ts - b.ts);
const t0 = ev.find((e) => e.name === 'navigationStart')?.ts ?? tasks[0]?.ts;
for (const t of tasks) {
  const kids = ev.filter((e) => e.tid === tid && e.pid === pid && e.ts >= t.ts && e.ts + (e.dur || 0) <= t.ts + t.dur && e.dur > 2000 && e !== t);
  const agg = {};
  for (const k of kids) { const key = k.name + (k.args?.data?.url ? ' ' + k.args.data.url.slice(-30) : '') + (k.args?.data?.functionName ? ' ' + k.args.data.functionName : ''); agg[key] = (agg[key] || 0) + k.dur; }
  console.log(`task at ${Math.round((t.ts - t0) / 1000)} ms, ${Math.round(t.dur / 1000)} ms:`, Object.entries(agg).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k}=${Math.round(v / 1000)}`).join(', '));
}
for (const e of ev.filter((e) => e.tid === tid && e.pid === pid && (e.name === 'Layout' || e.name === 'UpdateLayoutTree' || e.name === 'ParseHTML' || e.name === 'ResourceReceiveResponse' || e.name === 'ResourceFinish') )) {
  console.log(e.name, Math.round((e.ts - t0) / 1000), Math.round((e.dur || 0) / 1000), JSON.stringify(e.args?.beginData || e.args?.data || {}).slice(0, 200), JSON.stringify(e.args?.endData || {}).slice(0, 100));
}
