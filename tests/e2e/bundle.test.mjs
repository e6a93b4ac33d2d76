// The app's wasm as served: the panic locations it carries name their files from the crate
// (`tachys-0.2.19/src/…`, `src/app.rs`), not from the folders of the machine that built it
// (`cargo xtask build` passes rustc `--remap-path-prefix`; xtask/src/build.rs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchWithRetry, siteUrl } from './browser.mjs';

test('the wasm names source files from their crate, not from the build machine\'s folders', async () => {
  const shell = await (await fetchWithRetry(siteUrl(''))).text();
  const name = shell.match(/module_or_path: '[^']*?([^'/]+\.wasm)'/)?.[1];
  assert.ok(name, 'the page names the app\'s wasm');
  const wasm = Buffer.from(await (await fetchWithRetry(siteUrl(name))).arrayBuffer()).toString('latin1');
  assert.match(wasm, /tachys-[0-9.]+\/src\/[a-z_/]+\.rs/, 'a dependency\'s file, named from its crate');
  for (const folder of ['/registry/src/', '/.cargo/', `${process.cwd()}/`]) {
    assert.ok(!wasm.includes(folder), `the wasm names ${folder}`);
  }
});
