import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generators } from '../src/generators.js';
import { run } from '../src/main.js';
import { bufferOutput } from '../src/output.js';

export const repo = fileURLToPath(new URL('../../../', import.meta.url));
export const example = (name: string) => join(repo, 'examples', name, 'logstack.yaml');
export const tempDir = (prefix = 'logstack-') => mkdtempSync(join(tmpdir(), prefix));

/** Runs the CLI in-process and returns exit code and output. */
export async function cli(...argv: string[]) {
  const io = bufferOutput();
  const code = await run(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Replaces the real generators with fakes for the duration of `fn`, so CLI mechanics are tested alone. */
export async function withGenerators(fakes: typeof generators, fn: () => Promise<void>) {
  const saved = generators.splice(0, generators.length, ...fakes);
  try {
    await fn();
  } finally {
    generators.splice(0, generators.length, ...saved);
  }
}

/** A spec file `name` with `text` in a new temporary folder (or in `dir`). */
export function specFile(text: string, name = 'logstack.yaml', dir = tempDir()) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
