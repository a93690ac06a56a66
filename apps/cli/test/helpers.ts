import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
