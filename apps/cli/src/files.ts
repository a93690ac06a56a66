import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Artifact } from '@logstack/artifact';
import { CliError, EXIT } from './exit-codes.js';
import { LOCK_FILE, withFolderLock } from './folder-lock.js';
import { generatedFromLabel } from './stale.js';

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

/** Who may own the files at artifact paths: files generated from the spec `label`, or anyone with `force`. */
export interface Owner {
  label: string;
  force: boolean;
}

/** Suffix of the temporary file each write renames into place. */
const TEMP_SUFFIX = '.logstack-tmp';

/** The lock file and the temporary files of a run in progress: never artifacts, stale or foreign. */
export const isRunFile = (name: string) => name === LOCK_FILE || name.endsWith(TEMP_SUFFIX);

/**
 * Runs `fn` on the output folder `dir` (created when missing) while holding its lock, so two runs
 * into one folder take turns. Fails (exit 3) when `dir` is a file or cannot be created.
 */
export function inOutputFolder<T>(dir: string, fn: () => T): T {
  const existing = statOrUndefined(dir);
  if (existing && !existing.isDirectory())
    throw new CliError(
      `cannot write into ${dir}, nothing written:\n  ${dir} is a file, not a folder`,
      EXIT.error,
    );
  if (!existing) {
    const problem = unwritableParent(dir);
    if (problem) throw new CliError(`cannot write into ${dir}, nothing written:\n  ${problem}`, EXIT.error);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw fsError(dir, err);
    }
  }
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    throw new CliError(`cannot write into ${dir}, nothing written:\n  ${dir} is not writable`, EXIT.error);
  }
  return withFolderLock(dir, fn);
}

/**
 * Runs `fn` holding the folder's lock when there is a folder to lock and it can be written; a
 * read-only checkout is compared without one.
 */
export function readingOutputFolder<T>(dir: string, fn: () => T): T {
  assertNotAFile(dir);
  if (!statOrUndefined(dir)) return fn();
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch {
    return fn();
  }
  return withFolderLock(dir, fn);
}

/** The deepest existing folder on the way to `path` when it cannot take new entries. */
function unwritableParent(path: string): string | undefined {
  let dir = dirname(path);
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

/** What stands at an artifact path: something that can never be written, or a file someone else owns. */
type Obstacle = { kind: 'problem' | 'conflict'; message: string };

/**
 * Why the artifact `path` under `dir` cannot be written. Every folder below `dir` on the way and
 * the target itself are looked at without following links: logstack never writes through a
 * symbolic link, at any depth. An existing regular file is taken over only when it already holds
 * the artifact's bytes, carries the header of `owner`'s spec (every artifact does), or
 * `owner.force` is set.
 */
function obstacle(dir: string, path: string, content: string, owner?: Owner): Obstacle | undefined {
  const parts = path.split('/');
  let at = dir;
  for (const [i, part] of parts.entries()) {
    at = join(at, part);
    const s = lstatOrUndefined(at);
    if (!s) {
      const unwritable = unwritableParent(at);
      return unwritable ? { kind: 'problem', message: unwritable } : undefined;
    }
    const last = i === parts.length - 1;
    if (s.isSymbolicLink())
      return {
        kind: 'problem',
        message: `${at} is a symbolic link; logstack never writes through links: remove the link or choose another output folder`,
      };
    if (!last && !s.isDirectory()) return { kind: 'problem', message: `${at} is a file, not a folder` };
    if (last && s.isDirectory()) return { kind: 'problem', message: `${at} is a folder, not a file` };
    if (last && !s.isFile())
      return { kind: 'problem', message: `${at} is a special file, not a regular file` };
  }
  const unwritable = unwritableParent(at);
  if (unwritable) return { kind: 'problem', message: unwritable };
  if (!owner || owner.force) return undefined;
  const isJson = path.endsWith('.json');
  const text = readIfExists(at) ?? '';
  // Bytes it would write anyway: nothing is taken over.
  if (text === content) return undefined;
  const label = generatedFromLabel(text, isJson);
  if (label === owner.label) return undefined;
  return {
    kind: 'conflict',
    message:
      label === undefined
        ? `${at} exists and was not written by logstack (it has no logstack header)`
        : `${at} was generated from ${label}, not from ${owner.label}`,
  };
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw fsError(path, err);
  }
}

/**
 * Writes artifacts under `dir` (call inside `inOutputFolder`). Every target is checked before the
 * first write: a target that cannot be written, or a file that is not logstack's for `owner`'s
 * spec, fails the command (exit 3) naming every such path, with nothing written. Each file is
 * written to a temporary file beside it and renamed, so no file is ever half-written and a link
 * is never followed. Files whose bytes are unchanged are not touched. Returns the paths that changed.
 */
export function writeArtifacts(dir: string, artifacts: Artifact[], owner?: Owner): string[] {
  const found = artifacts.flatMap((a) => obstacle(dir, a.path, a.content, owner) ?? []);
  const messages = [...new Set(found.map((o) => o.message))];
  if (messages.length) {
    const conflicts = found.filter((o) => o.kind === 'conflict').length;
    const hint = conflicts
      ? `\n${conflicts} file${conflicts === 1 ? ' is' : 's are'} not logstack's for this spec: move ${conflicts === 1 ? 'it' : 'them'} away, or run again with --force to replace ${conflicts === 1 ? 'it' : 'them'}`
      : '';
    throw new CliError(
      `cannot write into ${dir}, nothing written:\n  ${messages.join('\n  ')}${hint}`,
      EXIT.error,
    );
  }
  const changed = artifacts.filter((a) => readIfExists(join(dir, a.path)) !== a.content);
  for (const a of changed) {
    const target = join(dir, a.path);
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeWholeFile(target, a.content);
    } catch (err) {
      throw fsError(target, err);
    }
  }
  return changed.map((a) => a.path);
}

/**
 * A temporary file beside `target`, fsynced, then renamed over it: readers see the old or the new
 * file, never half of one. rename() replaces the folder entry itself, so unlike write-file-atomic
 * (which resolves the target's real path first) it never writes through a link.
 */
function writeWholeFile(target: string, content: string) {
  const tmp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`,
  );
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    try {
      writeFileSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
