import type { AirflowClient } from './airflow.js';
import { type ExpectedLine, expectedLines } from './expected.js';
import type { LokiEntry } from './loki.js';
import { compareLines } from './run-lines.js';
import { type Attempt, attemptKey } from './types.js';

/**
 * Airflow's log of each ended attempt, the reference its Loki lines are compared with. Read once;
 * read again once when Loki holds lines it lacks, as a log read while the task's last lines were
 * still being written lacks them.
 */
export class ReferenceLogs {
  readonly byAttempt = new Map<string, ExpectedLine[]>();
  private readonly read = new Set<string>();
  private readonly reread = new Set<string>();

  constructor(
    private readonly airflow: AirflowClient,
    private readonly run: { dagId: string; runId: string },
  ) {}

  async update(attempts: Attempt[], groups: Map<string, LokiEntry[]>): Promise<void> {
    for (const a of attempts) {
      const k = attemptKey(a);
      const ref = this.byAttempt.get(k);
      const stale =
        ref !== undefined && !this.reread.has(k) && compareLines(ref, groups.get(k) ?? []).extra.length > 0;
      if (this.read.has(k) && !stale) continue;
      if (stale) this.reread.add(k);
      this.read.add(k);
      try {
        const { dagId, runId } = this.run;
        const lines = expectedLines(
          await this.airflow.taskLog(dagId, runId, a.taskId, a.tryNumber, a.mapIndex),
        );
        if (lines) this.byAttempt.set(k, lines);
      } catch {
        // No readable log in Airflow (pod gone, no remote logging): this attempt is checked for presence only.
      }
    }
  }
}
