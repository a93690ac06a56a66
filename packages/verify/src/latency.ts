import { check, plural } from './result.js';
import type { CheckResult, LatencyFigures } from './types.js';

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export function latencyFigures(samplesMs: number[]): LatencyFigures | undefined {
  if (!samplesMs.length) return undefined;
  const s = [...samplesMs].sort((a, b) => a - b);
  return {
    samples: s.length,
    p50Ms: percentile(s, 50),
    p95Ms: percentile(s, 95),
    p99Ms: percentile(s, 99),
    maxMs: s[s.length - 1] as number,
  };
}

export interface LatencyInput {
  samplesMs: number[];
  /** Attempts that ended before verify's first look: their latency is unknown (only bounded above). */
  endedBefore: number;
  pollMs: number;
  /** How long a count without a reference log had to stay unchanged to count as all the lines. */
  settleMs: number;
  /** Fail when p95 is above this; 0: report only. */
  maxP95Ms: number;
}

export function checkLatency(input: LatencyInput): { result: CheckResult; figures?: LatencyFigures } {
  const figures = latencyFigures(input.samplesMs);
  if (!figures)
    return {
      result: check(
        'latency',
        'skip',
        `no attempt ended while verify watched${input.endedBefore ? ` (${plural(input.endedBefore, 'attempt')} had ended before it started)` : ''}: run verify with --wait while the DAG run is running`,
      ),
    };
  const ms = (n: number) => `${Math.round(n)} ms`;
  const text = `p50 ${ms(figures.p50Ms)}, p95 ${ms(figures.p95Ms)}, p99 ${ms(figures.p99Ms)} over ${plural(figures.samples, 'attempt')}`;
  const evidence = [
    `from the task's end (Airflow end_date, else the task container's finishedAt, whole seconds) to the first query that returned all its lines: every line Airflow serves or, without Airflow's log, the count that then stayed unchanged for ${ms(input.settleMs)}; resolution: the poll interval, ${ms(input.pollMs)}`,
    `max ${ms(figures.maxMs)}`,
  ];
  const failed = input.maxP95Ms > 0 && figures.p95Ms > input.maxP95Ms;
  return {
    figures,
    result: check(
      'latency',
      failed ? 'fail' : 'pass',
      failed ? `${text}: p95 above ${ms(input.maxP95Ms)}` : text,
      evidence,
    ),
  };
}
