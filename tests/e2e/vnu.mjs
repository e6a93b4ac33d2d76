// The W3C Nu Html Checker (npm vnu-jar, run offline on the machine's Java 17+).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const VNU_JAR = String(createRequire(import.meta.url)('vnu-jar'));

/**
 * Validates HTML documents given as [name, html] pairs. Returns the validator's error lines
 * (empty when every document is valid), each naming its document.
 */
export async function htmlErrors(documents) {
  const dir = await mkdtemp(join(tmpdir(), 'broadsheet-vnu-'));
  try {
    const files = [];
    for (const [name, html] of documents) {
      const file = join(dir, `${name.replace(/[^a-z0-9-]+/gi, '_')}.html`);
      await writeFile(file, html);
      files.push(file);
    }
    try {
      await run('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'text', ...files], {
        maxBuffer: 16 * 1024 * 1024,
      });
      return [];
    } catch (error) {
      if (error.code === 'ENOENT') throw new Error('java not found: vnu.jar needs Java 11 or later');
      const out = `${error.stdout}${error.stderr}`.trim();
      if (!out) throw error;
      return out.split('\n').map((line) => line.replace(`file:${dir}/`, ''));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
