import { randomBytes } from 'node:crypto';
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CliError, EXIT } from './exit-codes.js';

/** The lock file logstack keeps in an output folder while it writes or compares it. */
export const LOCK_FILE = '.logstack.lock';

export interface LockOptions {
  /** Longest wait for another run to finish, in milliseconds. */
  waitMs?: number;
  /** A lock older than this is stale whatever its holder says (a pid may have been reused). */
  staleMs?: number;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Runs `fn` while holding `dir`/.logstack.lock, so two runs on one folder take turns instead of
 * tripping over each other's temporary files. A lock left by a run that died (its pid is gone on
 * this host, or it is older than `staleMs`) is broken; otherwise the run waits up to `waitMs` and
 * then fails (exit 3) naming the holder. `dir` must exist.
 */
export function withFolderLock<T>(dir: string, fn: () => T, opts: LockOptions = {}): T {
  const lock = join(dir, LOCK_FILE);
  const token = `${process.pid} ${hostname()} ${randomBytes(6).toString('hex')}\n`;
  const deadline = Date.now() + (opts.waitMs ?? 120_000);
  for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
    if (tryCreate(lock, token)) break;
    const holder = readHolder(lock);
    if (holder && isStale(holder, opts.staleMs ?? 10 * 60_000)) breakStale(lock, holder.text);
    else if (Date.now() > deadline)
      throw new CliError(
        `${dir} is in use by another logstack run (${lock}: ${holder?.text.trim() ?? 'unreadable'}); wait for it, or remove ${lock} if no logstack is running`,
        EXIT.error,
      );
    else sleep(pause);
  }
  try {
    return fn();
  } finally {
    releaseIfOurs(lock, token);
  }
}

function tryCreate(lock: string, token: string): boolean {
  let fd: number;
  try {
    fd = openSync(lock, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, token);
  } finally {
    closeSync(fd);
  }
  return true;
}

interface Holder {
  text: string;
  pid: number;
  host: string;
  ageMs: number;
}

function readHolder(lock: string): Holder | undefined {
  try {
    const text = readFileSync(lock, 'utf8');
    const ageMs = Date.now() - statSync(lock).mtimeMs;
    const [pid = '', host = ''] = text.split(' ');
    return { text, pid: Number(pid), host, ageMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // released meanwhile
    throw err;
  }
}

function isStale(h: Holder, staleMs: number): boolean {
  if (h.ageMs > staleMs) return true;
  // A holder that has just created the file may not have written its token yet.
  if (!Number.isInteger(h.pid) || h.pid <= 0) return h.ageMs > 5_000;
  if (h.host !== hostname()) return false;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes a stale lock. rename() moves exactly one inode, so of two runs breaking the same stale
 * lock only one succeeds; should the moved file turn out to be a fresh lock taken meanwhile, it is
 * linked back (when the name is still free).
 */
function breakStale(lock: string, staleText: string) {
  const aside = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(lock, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    if (readFileSync(aside, 'utf8') !== staleText) linkSync(aside, lock);
  } catch {
    // The name was taken again: the new holder keeps it.
  } finally {
    unlinkSync(aside);
  }
}

function releaseIfOurs(lock: string, token: string) {
  try {
    if (readFileSync(lock, 'utf8') === token) unlinkSync(lock);
  } catch {
    // Already gone: nothing to release.
  }
}
