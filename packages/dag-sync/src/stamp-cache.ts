import type { BigIntStats } from 'node:fs';

/**
 * What identifies a file's version without reading it: device, inode, size and the modification
 * and change times in nanoseconds (an atomic rename gives a new inode, an edit a new mtime).
 */
export const fileStamp = (s: BigIntStats): string => `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;

/**
 * Values worked out from a file, reused while its stamp is unchanged. Each pass (`rotate`) keeps
 * only the entries that pass looked up or set, so memory follows the files that exist, never the
 * number of cycles run.
 */
export class StampCache<T> {
  private last = new Map<string, { stamp: string; value: T }>();
  private next = new Map<string, { stamp: string; value: T }>();

  get(key: string, stamp: string): T | undefined {
    // This pass's entry first: it may have been set after a write, replacing last pass's.
    const hit = this.next.get(key) ?? this.last.get(key);
    if (hit?.stamp !== stamp) return undefined;
    this.next.set(key, hit);
    return hit.value;
  }

  set(key: string, stamp: string, value: T): void {
    this.next.set(key, { stamp, value });
  }

  forget(key: string): void {
    this.last.delete(key);
    this.next.delete(key);
  }

  /** Ends a pass: entries it did not touch are dropped. */
  rotate(): void {
    this.last = this.next;
    this.next = new Map();
  }

  get size(): number {
    return this.last.size;
  }
}
