// The post-link step of the release bundle, run by Trunk after wasm-bindgen and wasm-opt
// (Trunk.toml's post_build hook), on the staged `.wasm` and its JS glue:
//
// 1. The classes wasm-bindgen exports for JS callers go from the glue, and the wasm exports
//    only they called go from the module (`wasm-metadce`). The app's page script calls only
//    the glue's default export; the classes are wasm-streams' stream adapters, linked
//    through leptos's server functions, which this app never calls.
// 2. Import and export names are minified (`wasm-opt --minify-imports-and-exports-and-modules`):
//    wasm-bindgen names each import after its JS function plus a 16-digit hash, which
//    neither file can compress, and both files carry every name.
// 3. The glue is minified with terser.
// 4. Both files are renamed after a hash of what they now hold (Trunk hashed them before
//    this step), so a change of this step alone still gives new names that caches cannot
//    confuse with the old pair.
// 5. The start script that Trunk inlines in index.html (Trunk.toml's `pattern_script`) is
//    minified with terser too: every pre-rendered page carries it, and the builder hashes
//    it for the CSP from the shell as it is here.
//
// Every step is Binaryen's or terser's; this script only renames the glue's side to match.
// It refuses (and so fails the build) when the glue is not shaped as expected, rather than
// shipping a bundle whose halves disagree.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';

// terser's settings for the glue and the start script alike.
const TERSER = { compress: { passes: 2 }, mangle: true };

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules', '.bin');
const tool = (name, args) => execFileSync(path.join(bin, name), args, { encoding: 'utf8', maxBuffer: 1 << 26 });

function fail(why) {
  console.error(`tools/shrink.mjs: ${why}`);
  process.exit(1);
}

// The glue without its exported classes (and their finalizers), and the classes' names.
function dropClasses(js) {
  const names = [...js.matchAll(/^export class (\w+) \{$/gm)].map((m) => m[1]);
  for (const name of names) {
    const start = js.indexOf(`export class ${name} {\n`);
    const end = js.indexOf('\n}\n', start);
    js = js.slice(0, start) + js.slice(end + 3);
    js = js.replace(`if (Symbol.dispose) ${name}.prototype[Symbol.dispose] = ${name}.prototype.free;\n`, '');
    const finalizer = new RegExp(`^const ${name}Finalization = [^;]*;\\n`, 'm');
    if (!finalizer.test(js)) fail(`no finalizer found for the exported class ${name}`);
    js = js.replace(finalizer, '');
    if (new RegExp(`\\b${name}\\b`).test(js)) fail(`the glue still uses the exported class ${name}`);
  }
  return { js, names };
}

// The glue with the module's names renamed as Binaryen's `mapping` says, and the imports
// the module no longer has left out. `mapping` is `{ imports: [[module, name, new]],
// exports: [[name, new]] }`; the minified module's one import module is `module`.
function renameGlue(js, mapping, module) {
  const imports = new Map(mapping.imports.map(([, name, short]) => [name, short]));
  const exports = new Map(mapping.exports);
  const modules = new Set(mapping.imports.map(([m]) => m));
  // The import object: one entry per import, each from its line `        name: function`
  // to the next entry's.
  const start = js.indexOf('    const import0 = {\n');
  const end = js.indexOf('\n    };\n', start);
  if (start < 0 || end < 0) fail('no import object `import0` in the glue');
  const entries = js.slice(start, end).split(/^(?= {8}\w+: function)/m);
  const renamed = entries.map((entry, i) => {
    if (i === 0) return entry;
    const name = entry.match(/^ {8}(\w+):/)[1];
    const short = imports.get(name);
    return short === undefined ? '' : entry.replace(`${name}:`, `${JSON.stringify(short)}:`);
  });
  js = js.slice(0, start) + renamed.join('') + js.slice(end);
  for (const m of modules) {
    if (!js.includes(`${JSON.stringify(m)}: import0`)) fail(`no import object for module ${m}`);
    js = js.replace(`${JSON.stringify(m)}: import0`, `${JSON.stringify(module)}: import0`);
  }
  return js.replace(/\bwasm\.(\w+)/g, (use, name) => {
    const short = exports.get(name);
    if (short === undefined) fail(`the glue uses wasm.${name}, which the module does not export`);
    return `wasm[${JSON.stringify(short)}]`;
  });
}

// The export names the module has, and its imports as [module, name].
function interfaceOf(wasm) {
  const text = tool('wasm-dis', [wasm]);
  const exports = [...text.matchAll(/^ \(export "([^"]+)"/gm)].map((m) => m[1]);
  const imports = [...text.matchAll(/^ \(import "([^"]+)" "([^"]+)"/gm)].map((m) => [m[1], m[2]]);
  return { exports, imports };
}

async function shrink(dir) {
  const wasmName = fs.readdirSync(dir).find((f) => f.endsWith('_bg.wasm'));
  if (!wasmName) fail(`no *_bg.wasm in ${dir}`);
  const wasm = path.join(dir, wasmName);
  const glue = path.join(dir, wasmName.replace(/_bg\.wasm$/, '.js'));
  const before = [fs.statSync(wasm).size, fs.statSync(glue).size];

  const { js, names } = dropClasses(fs.readFileSync(glue, 'utf8'));
  // 1. Only the exports the glue still calls are roots; metadce removes the rest and what
  //    only they reached.
  const used = new Set([...js.matchAll(/\bwasm\.(\w+)/g)].map((m) => m[1]));
  const graph = [{ name: 'glue', root: true, reaches: [...used].map((e) => `export ${e}`) }];
  for (const e of interfaceOf(wasm).exports) graph.push({ name: `export ${e}`, export: e });
  const graphFile = `${wasm}.graph.json`;
  fs.writeFileSync(graphFile, JSON.stringify(graph));
  tool('wasm-metadce', [wasm, '--graph-file', graphFile, '-o', wasm]);
  fs.rmSync(graphFile);
  // 2. Optimised again, names minified. The imports only the removed code called go too.
  //    Flattening and re-looping the control flow before optimising for size again gives
  //    smaller code than -Oz, and a second round smaller still; a third does not
  //    (measured: BENCHMARKS.md, "The post-link step").
  const round = ['--flatten', '--rereloop', '-Os', '-Os'];
  const printed = tool('wasm-opt', [
    wasm, ...round, ...round,
    '--strip-producers', '--strip-target-features',
    '--minify-imports-and-exports-and-modules', '-o', wasm,
  ]);
  const mapping = JSON.parse(printed.slice(printed.indexOf('{'), printed.lastIndexOf('}') + 1));
  const imports = interfaceOf(wasm).imports;
  const modules = new Set(imports.map(([m]) => m));
  if (modules.size !== 1) fail(`the minified module imports from ${modules.size} modules`);
  const renamed = renameGlue(js, mapping, [...modules][0]);
  const given = new Set([...renamed.matchAll(/^ {8}"([^"]+)": function/gm)].map((m) => m[1]));
  const missing = imports.filter(([, name]) => !given.has(name));
  if (missing.length) fail(`the glue gives no function for the imports ${missing.join(' ')}`);
  // 3. The glue minified; its exports (`default`, `initSync`) keep their names.
  const out = await minify(renamed, { ...TERSER, module: true });
  fs.writeFileSync(glue, out.code);

  const after = [fs.statSync(wasm).size, fs.statSync(glue).size];
  const dropped = names.length ? `, dropped exported classes ${names.join(', ')}` : '';
  console.log(`shrink: wasm ${before[0]} → ${after[0]} B, glue ${before[1]} → ${after[1]} B${dropped}`);
  rehash(dir, wasm, glue);
  await minifyStartScript(path.join(dir, 'index.html'));
}

// The staged index.html with its inline scripts that run (no `src`, no data type) minified
// as the modules or classic scripts they are. Refuses output that would end the element
// early or open a comment inside it.
async function minifyStartScript(html) {
  const page = fs.readFileSync(html, 'utf8');
  const scripts = [...page.matchAll(/<script((?: [^>]*)?)>([\s\S]*?)<\/script>/g)]
    .filter(([, attrs, text]) => !/\ssrc=/.test(attrs) && !/type="(?!module")/.test(attrs) && text.trim());
  if (scripts.length === 0) fail(`${html} has no inline start script`);
  let out = page;
  let before = 0;
  let after = 0;
  for (const [whole, attrs, text] of scripts) {
    const module = /type="module"/.test(attrs);
    const { code } = await minify(text, { ...TERSER, module });
    if (/<\/script|<!--/i.test(code)) fail(`the minified start script holds </script or <!--`);
    out = out.replace(whole, () => `<script${attrs}>${code}</script>`);
    before += text.length;
    after += code.length;
  }
  fs.writeFileSync(html, out);
  console.log(`shrink: start script ${before} → ${after} B`);
}

// Renames the pair `NAME-HASH.js`, `NAME-HASH_bg.wasm` after a hash of both files' bytes,
// in the staged index.html too. Without Trunk's file hashes (`filehash = false`) the names
// stay.
function rehash(dir, wasm, glue) {
  const stem = path.basename(glue, '.js');
  // Trunk writes its hash without leading zeros: 12 to 16 digits, as the builder reads it
  // (`outputs::files::is_hashed`).
  const hashed = stem.match(/^(.*)-[0-9a-f]{12,16}$/);
  if (!hashed) return;
  const digest = createHash('sha256').update(fs.readFileSync(wasm)).update(fs.readFileSync(glue));
  const renamed = `${hashed[1]}-${digest.digest('hex').slice(0, 16)}`;
  fs.renameSync(wasm, path.join(dir, `${renamed}_bg.wasm`));
  fs.renameSync(glue, path.join(dir, `${renamed}.js`));
  const html = path.join(dir, 'index.html');
  const page = fs.readFileSync(html, 'utf8');
  if (!page.includes(stem)) fail(`${html} does not name ${stem}`);
  fs.writeFileSync(html, page.replaceAll(stem, renamed));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
  if (!dir) fail('give the staged bundle folder (Trunk sets TRUNK_STAGING_DIR)');
  if (process.env.TRUNK_PROFILE && process.env.TRUNK_PROFILE !== 'release') {
    console.log('shrink: not a release build, left as it is');
  } else {
    await shrink(dir);
  }
}
