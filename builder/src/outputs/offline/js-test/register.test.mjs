// Behaviour of the generated inline register script in a fake page.
// Run by `cargo test` (builder/src/outputs/offline/js_tests.rs) (BS_FIXTURES names the script).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { FakePage } from './fake-page.mjs';

const FIXTURES = process.env.BS_FIXTURES;
const script = FIXTURES ? JSON.parse(readFileSync(FIXTURES, 'utf8')).register.script : null;
const skip = FIXTURES ? false : 'BS_FIXTURES not set: run `cargo test -p broadsheet offline`';

test('registers sw.js with the base path as scope, after load', { skip }, async () => {
  const page = new FakePage(script);
  assert.deepEqual(page.registered, [], 'not before load');
  await page.load();
  assert.deepEqual(page.registered, [{ url: '/news/sw.js', options: { scope: '/news/' } }]);
});

test('html.offline follows the connection', { skip }, async () => {
  const page = new FakePage(script, { onLine: false });
  assert.equal(page.root.classList.contains('offline'), true);
  page.navigator.onLine = true;
  page.emit('online');
  assert.equal(page.root.classList.contains('offline'), false);
  page.navigator.onLine = false;
  page.emit('offline');
  assert.equal(page.root.classList.contains('offline'), true);
});

test('without service workers only the connection is shown', { skip }, async () => {
  const page = new FakePage(script, { serviceWorker: false, onLine: false });
  await page.load();
  assert.equal(page.root.classList.contains('offline'), true);
  assert.deepEqual(page.registered, []);
});

test('a first install shows nothing and does not reload', { skip }, async () => {
  const page = new FakePage(script);
  await page.load();
  page.registration.found().become('installed');
  page.container.controller = {};
  page.container.emit('controllerchange');
  page.runTimers();
  assert.equal(page.notice(), null);
  assert.equal(page.reloads, 0);
});

test('a new version is offered; Reload asks it to take over, then reloads once', { skip }, async () => {
  const page = new FakePage(script, { controlled: true });
  await page.load();
  const worker = page.registration.found();
  assert.equal(page.notice(), null, 'nothing while it installs');
  worker.become('installed');
  const notice = page.notice();
  assert.equal(notice.getAttribute('role'), 'status');
  assert.equal(notice.style.position, 'fixed');
  page.runTimers();
  assert.match(notice.text, /A new version of this site is available\./);
  page.button('Reload').click();
  assert.deepEqual(worker.messages, [{ type: 'skip-waiting' }]);
  assert.equal(page.reloads, 0, 'waits for the new worker');
  page.container.emit('controllerchange');
  page.container.emit('controllerchange');
  assert.equal(page.reloads, 1);
});

test('a worker already waiting at load is offered; Not now closes the notice', { skip }, async () => {
  const page = new FakePage(script, { controlled: true, waiting: true });
  await page.load();
  page.runTimers();
  assert.ok(page.notice());
  page.button('Not now').click();
  assert.equal(page.notice(), null);
  assert.deepEqual(page.registration.waiting.messages, []);
  page.registration.found().become('installed');
  assert.equal(page.notice(), null, 'one notice per page');
});

test('another tab switched versions: this one offers a plain reload', { skip }, async () => {
  const page = new FakePage(script, { controlled: true });
  await page.load();
  page.container.emit('controllerchange');
  assert.equal(page.reloads, 0, 'no reload the reader did not ask for');
  page.runTimers();
  page.button('Reload').click();
  assert.equal(page.reloads, 1);
});

test('returning to the tab checks for an update, at most once a minute', { skip }, async () => {
  const page = new FakePage(script, { controlled: true });
  await page.load();
  page.document.emit('visibilitychange');
  assert.equal(page.registration.updates, 0, 'not within a minute of loading');
  page.now += 61_000;
  page.document.emit('visibilitychange');
  page.document.emit('visibilitychange');
  assert.equal(page.registration.updates, 1);
});
