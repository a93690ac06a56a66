import type { StructuredLogMessage, TaskInstance } from './airflow.js';
import type { Attempt } from './types.js';

/** Task instance states whose current try ran, so its log exists (a skip raised by the task ran too). */
const RAN = new Set(['success', 'failed', 'up_for_retry', 'up_for_reschedule', 'skipped']);

/**
 * The attempts Airflow reports for a run. The list API gives the latest try of each task instance;
 * tries before it ran by definition (try_number grows only when a try is scheduled again).
 */
export function attemptsFromAirflow(tis: TaskInstance[]): { ended: Attempt[]; inProgress: Attempt[] } {
  const ended: Attempt[] = [];
  const inProgress: Attempt[] = [];
  for (const ti of tis) {
    for (let t = 1; t < ti.try_number; t++)
      ended.push({
        taskId: ti.task_id,
        mapIndex: ti.map_index,
        tryNumber: t,
        state: 'earlier try',
        sources: ['airflow'],
      });
    if (ti.try_number < 1) continue;
    const a: Attempt = {
      taskId: ti.task_id,
      mapIndex: ti.map_index,
      tryNumber: ti.try_number,
      state: ti.state ?? 'none',
      sources: ['airflow'],
    };
    const endedAt = ti.end_date ? Date.parse(ti.end_date) : undefined;
    if (endedAt !== undefined) a.endedAt = endedAt;
    if (ti.state && RAN.has(ti.state) && ti.start_date) ended.push(a);
    else if (
      ti.state === 'running' ||
      ti.state === 'queued' ||
      ti.state === 'scheduled' ||
      ti.state === 'deferred' ||
      ti.state === 'restarting'
    )
      inProgress.push(a);
  }
  return { ended, inProgress };
}

/** Microseconds since the epoch of an RFC 3339 time with up to nanosecond digits. */
export function isoToMicros(iso: string): bigint | undefined {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(.*)$/.exec(iso);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3] || 'Z'}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1000n + BigInt((m[2] ?? '').slice(0, 6).padEnd(6, '0'));
}

/** One line Airflow says the attempt wrote: its time and the start of the shipped line. */
export interface ExpectedLine {
  /**
   * Undefined when Airflow serves the line without a timestamp: the sidecar stamps such a line with
   * the time it read it, so it is matched by text only, and never reported missing.
   */
  micros?: bigint;
  event: string;
}

/**
 * Lines of an attempt's log as Airflow serves them, without what Airflow's reader adds itself
 * (the "::group::" source-details block). Undefined when Airflow has no readable log: a list of
 * strings (unparsed) or nothing with a timestamp.
 */
export function expectedLines(content: StructuredLogMessage[] | string[]): ExpectedLine[] | undefined {
  const out: ExpectedLine[] = [];
  let inGroup = false;
  for (const m of content) {
    if (typeof m === 'string') return undefined;
    if (m.event.startsWith('::group::')) inGroup = true;
    else if (m.event.startsWith('::endgroup::')) inGroup = false;
    else if (!inGroup) {
      const micros = m.timestamp ? isoToMicros(m.timestamp) : undefined;
      out.push(micros === undefined ? { event: m.event } : { micros, event: m.event });
    }
  }
  return out.some((x) => x.micros !== undefined) ? out : undefined;
}
