import type { LokiEntry } from './loki.js';

/**
 * Each attempt's line count in Loki over the looks of --wait, and since when it has been unchanged.
 * Without Airflow's log of an attempt this is all there is to tell its last line arrived: a count
 * that stays put longer than the sidecar takes to send a batch.
 */
export class LineCountHistory {
  private readonly seen = new Map<string, { count: number; since: number }>();

  record(at: number, groups: Map<string, LokiEntry[]>): void {
    for (const [k, entries] of groups) {
      const last = this.seen.get(k);
      if (!last || last.count !== entries.length) this.seen.set(k, { count: entries.length, since: at });
    }
  }

  /** The look that first returned the current count: when the last line arrived, to the poll. */
  reachedAt(key: string): number | undefined {
    return this.seen.get(key)?.since;
  }

  unchangedMs(key: string, at: number): number {
    const since = this.seen.get(key)?.since;
    return since === undefined ? 0 : at - since;
  }
}
