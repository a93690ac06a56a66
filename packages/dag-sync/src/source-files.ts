import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { SpecIssue } from '@logstack/spec';

/** An error from the file system (it carries the failed system call), not a bug. */
export const isIoError = (err: unknown): err is NodeJS.ErrnoException =>
  err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string';

export const listDir = (path: string): string[] => readdirSync(path).sort();

/** False when nothing (or not a folder) is there; other errors (EACCES, ELOOP) are thrown. */
export function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (err) {
    if (['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) return false;
    throw err;
  }
}

/** The file's text, or undefined when it does not exist. A symbolic link to nothing is an error. */
export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const dangling = lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink();
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !dangling) return undefined;
    throw err;
  }
}

const REASONS: Record<string, string> = {
  EISDIR: 'is a folder, not a file',
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: permission denied',
  ENOENT: 'is a symbolic link to nothing',
  ELOOP: 'is a loop of symbolic links',
};

/** The problem of a file or folder that could not be read. */
export function unreadable(file: string, err: NodeJS.ErrnoException): SpecIssue {
  const reason = REASONS[err.code ?? ''] ?? `cannot be read: ${err.message}`;
  return {
    code: 'source.unreadable',
    file,
    pointer: '',
    message: `${reason} (${err.code ?? 'error'}); skipped, and DAGs generated from it before are kept`,
  };
}
