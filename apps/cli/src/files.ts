import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Artifact } from '@logstack/artifact';
import writeFileAtomic from 'write-file-atomic';
import { CliError, EXIT } from './exit-codes.js';

/** The spec's text and the label that goes into headers. */
export function readSpecFile(path: string): { label: string; text: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read spec ${path}: ${(err as Error).message}`, EXIT.invalid);
  }
  return { label: specLabel(path), text };
}

/**
 * How headers name the spec: its path from the root of the git repository holding it ('/'
 * separators), or its file name outside any repository. Never relative to the working directory,
 * so the same spec gives the same bytes wherever the command runs.
 */
export function specLabel(path: string): string {
  const abs = resolve(path);
  for (let dir = dirname(abs); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return relative(dir, abs).split(sep).join('/');
    if (dirname(dir) === dir) return basename(abs);
  }
}

/** The file at `path`, or undefined when there is none. */
export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes artifacts under `dir`. All content exists before the first write, and each file is
 * written to a temporary file and renamed, so a failure never leaves a half-written file.
 * Files whose bytes are unchanged are not touched. Returns the paths that changed.
 */
export function writeArtifacts(dir: string, artifacts: Artifact[]): string[] {
  const changed: string[] = [];
  for (const a of artifacts) {
    const target = join(dir, a.path);
    if (readIfExists(target) === a.content) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileAtomic.sync(target, a.content, { mode: 0o644 });
    changed.push(a.path);
  }
  return changed;
}
