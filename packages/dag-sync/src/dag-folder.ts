import { type BigIntStats, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dagFileName, readOwnership } from './render.js';
import { fileStamp, type StampCache } from './stamp-cache.js';

/** A *.py entry of the DAG folder: one logstack owns, or one it never writes or deletes. */
export type DagFolderEntry =
  | { owned: true; content: string; jobId: string; source: string; intact: boolean }
  | {
      owned: false;
      /** Why it is not ours, to follow "exists and ". */
      reason: string;
      /** Looks like logstack's (its name or header) or is no regular file: -v says why it is left alone. */
      notable: boolean;
    };

/**
 * The *.py entries at the top of the DAG folder. A file is owned only when it is a regular file
 * (never a symbolic link), carries logstack's header, and has the name of the job in that header.
 * With a cache, a file whose stamp is unchanged since the last pass is not read again; `onRead`
 * counts the files that were.
 */
export function readDagFolder(
  dagsDir: string,
  cache?: StampCache<DagFolderEntry>,
  onRead: () => void = () => {},
): Map<string, DagFolderEntry> {
  const out = new Map<string, DagFolderEntry>();
  let names: string[];
  try {
    names = readdirSync(dagsDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw err;
  }
  for (const name of names.sort()) {
    if (!name.endsWith('.py')) continue;
    const path = join(dagsDir, name);
    // Deleted by a concurrent sync in the meantime: nothing to decide.
    const stats = lstatSync(path, { bigint: true, throwIfNoEntry: false });
    if (!stats) continue;
    const stamp = fileStamp(stats);
    let entry = cache?.get(name, stamp);
    if (!entry) {
      onRead();
      entry = readEntry(path, name, stats);
      if (entry) cache?.set(name, stamp, entry);
    }
    if (entry) out.set(name, entry);
  }
  cache?.rotate();
  return out;
}

function readEntry(path: string, name: string, stats: BigIntStats): DagFolderEntry | undefined {
  if (!stats.isFile())
    return { owned: false, reason: `is ${kindOf(stats)}, not a regular file`, notable: true };
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EACCES' || code === 'EPERM')
      return { owned: false, reason: 'cannot be read, so was not written by logstack', notable: true };
    throw err;
  }
  return entryOf(name, content);
}

/** The state of a regular file `name` with `content` in the DAG folder. */
export function entryOf(name: string, content: string): DagFolderEntry {
  const own = readOwnership(content);
  if (!own)
    return { owned: false, reason: 'was not written by logstack', notable: name.startsWith('logstack_') };
  if (name !== dagFileName(own.jobId))
    return {
      owned: false,
      reason: `has logstack's header for job ${JSON.stringify(own.jobId)} but is not named ${dagFileName(own.jobId)}`,
      notable: true,
    };
  return { owned: true, content, ...own };
}

function kindOf(stats: BigIntStats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isDirectory()) return 'a folder';
  return 'a special file';
}
