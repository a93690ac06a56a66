import { accessSync, constants, mkdirSync, readFileSync, type Stats, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Artifact } from '@logstack/artifact';
import writeFileAtomic from 'write-file-atomic';
import { CliError, EXIT } from './exit-codes.js';

/** The spec's text; an unreadable spec is invalid input (2). */
export function readSpecFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read spec ${path}: ${(err as Error).message}`, EXIT.invalid);
  }
}

/**
 * How headers name the spec: its path from the folder holding the generated file ('/' separators).
 * Neither the working directory nor a surrounding git repository changes it, so the same spec and
 * output folder give the same bytes in a checkout, a tarball or a container.
 */
export function specLabel(specPath: string, folder: string): string {
  return relative(resolve(folder), resolve(specPath)).split(sep).join('/');
}

/** A filesystem error as the user should see it: exit 3, naming the path. */
export function fsError(path: string, err: unknown): CliError {
  const e = err as NodeJS.ErrnoException;
  const why =
    e.code === 'EISDIR'
      ? 'it is a folder, not a file'
      : e.code === 'ENOTDIR'
        ? 'a part of the path is a file, not a folder'
        : e.message;
  return new CliError(`cannot use ${path}: ${why}`, EXIT.error);
}

/** The file at `path`, or undefined when there is none (nor a folder on the way to it). */
export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fsError(path, err);
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw fsError(path, err);
  }
}

/** Fails (exit 3) when `dir` exists but is not a folder. */
export function assertNotAFile(dir: string): void {
  const s = statOrUndefined(dir);
  if (s && !s.isDirectory()) throw new CliError(`${dir} is a file, not a folder`, EXIT.error);
}

/** Why `target` cannot be written (atomically, creating its folders), or undefined when it can. */
function writeProblem(target: string): string | undefined {
  if (statOrUndefined(target)?.isDirectory()) return `${target} is a folder, not a file`;
  let dir = dirname(target);
  let existing = statOrUndefined(dir);
  while (!existing) {
    dir = dirname(dir);
    existing = statOrUndefined(dir);
  }
  if (!existing.isDirectory()) return `${dir} is a file, not a folder`;
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    return `${dir} is not writable`;
  }
  return undefined;
}

/**
 * Writes artifacts under `dir`. Every target is checked before the first write, so a target that
 * cannot be written fails the command (exit 3) with nothing written; each file is written to a
 * temporary file and renamed, so no file is ever half-written. Files whose bytes are unchanged
 * are not touched. Returns the paths that changed.
 */
export function writeArtifacts(dir: string, artifacts: Artifact[]): string[] {
  const problems = [...new Set(artifacts.flatMap((a) => writeProblem(join(dir, a.path)) ?? []))];
  if (problems.length)
    throw new CliError(`cannot write into ${dir}, nothing written:\n  ${problems.join('\n  ')}`, EXIT.error);
  const changed = artifacts.filter((a) => readIfExists(join(dir, a.path)) !== a.content);
  for (const a of changed) {
    const target = join(dir, a.path);
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileAtomic.sync(target, a.content, { mode: 0o644 });
    } catch (err) {
      throw fsError(target, err);
    }
  }
  return changed.map((a) => a.path);
}
