import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `name` in `dir` so that readers only ever see a whole file: a temporary file beside it,
 * fsynced, then renamed over it. rename() replaces the folder entry itself, so, unlike
 * write-file-atomic (which resolves the target's real path first), it never writes through a
 * symbolic link to somewhere outside the folder.
 */
export function writeWholeFile(dir: string, name: string, content: string) {
  const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    try {
      writeFileSync(fd, content);
      fchmodSync(fd, 0o644);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(dir, name));
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
