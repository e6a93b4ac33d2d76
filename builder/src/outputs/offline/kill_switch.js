// Broadsheet's kill-switch worker, written by `broadsheet build` when site.toml says
// `[app] offline = false` (builder/src/outputs/offline). It replaces whatever worker a reader has and switches offline
// support off: it deletes this site's caches except what the reader saved, and has no
// fetch handler, so every request goes to the network as if no worker were installed.
// It takes over at once (skipWaiting): serving nothing, it cannot mix versions. It does
// not unregister itself, because the pages would register `sw.js` again and again.
'use strict';

const CONFIG = __CONFIG__;

const BASE = CONFIG.base;
const SAVED = `bs-saved@${BASE}`;

self.addEventListener('install', (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(retire());
});

async function retire() {
  const names = await caches.keys();
  const ours = names.filter((name) => isThisSites(name) && name !== SAVED);
  await Promise.all(ours.map((name) => caches.delete(name)));
  if (self.registration.navigationPreload) {
    await self.registration.navigationPreload.disable().catch(() => {});
  }
  await self.clients.claim();
}

function isThisSites(name) {
  const at = name.indexOf('@');
  return name.startsWith('bs-') && at >= 0 && name.slice(at + 1) === BASE;
}
