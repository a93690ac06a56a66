import type { ExpectedLine } from './expected.js';
import { groupBy } from './group.js';
import type { LokiEntry } from './loki.js';
import { check, plural } from './result.js';
import { type Attempt, attemptKey, type CheckResult } from './types.js';

/** Compared characters of a line: the shipped line may carry extra JSON after the event or be cut. */
const COMPARED_CHARS = 200;
/** Lines quoted per finding. */
const QUOTED = 3;

const head = (event: string) => event.slice(0, COMPARED_CHARS);

/** Loki's nanosecond timestamp as RFC 3339 to the microsecond, as Airflow writes it. */
export function nsToIso(ns: string): string {
  const micros = BigInt(ns) / 1000n;
  const ms = new Date(Number(micros / 1000n)).toISOString();
  return ms.replace(/Z$/, `${String(micros % 1000n).padStart(3, '0')}Z`);
}

const quote = (e: LokiEntry) => `${JSON.stringify(e.line.slice(0, 80))} at ${nsToIso(e.ts)}`;

export interface LineComparison {
  /** Lines Airflow serves that Loki does not hold. */
  missing: ExpectedLine[];
  /** Loki entries left over once every line Airflow serves took its match: sent twice, or foreign. */
  extra: LokiEntry[];
}

/** Loki lines of an attempt against the lines Airflow serves for it, one Loki entry per line. */
export function compareLines(expected: ExpectedLine[], got: LokiEntry[]): LineComparison {
  const byMicros = groupBy(got, (e) => BigInt(e.ts) / 1000n);
  const matched = new Set<LokiEntry>();
  const missing: ExpectedLine[] = [];
  const untimed: string[] = [];
  for (const x of expected) {
    if (x.micros === undefined) {
      untimed.push(head(x.event));
      continue;
    }
    const e = byMicros.get(x.micros)?.find((c) => !matched.has(c) && c.line.startsWith(head(x.event)));
    if (e) matched.add(e);
    else missing.push(x);
  }
  const extra: LokiEntry[] = [];
  for (const e of got) {
    if (matched.has(e)) continue;
    const i = untimed.findIndex((h) => e.line.startsWith(h));
    if (i >= 0) untimed.splice(i, 1);
    else extra.push(e);
  }
  return { missing, extra };
}

/**
 * Without a reference: entries of one attempt with the same line and the same structured metadata,
 * grouped. Loki itself drops an entry whose timestamp and line repeat one in the stream
 * (grafana/loki#1519), so copies that survive differ in timestamp or stream. A task may log the
 * same text twice on purpose, hence "likely".
 */
export function likelyDuplicates(got: LokiEntry[]): LokiEntry[][] {
  const groups = groupBy(got, (e) => {
    const meta = Object.entries(e.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return JSON.stringify([e.line, meta]);
  });
  return [...groups.values()].filter((g) => g.length > 1);
}

function referenceProblems(ref: ExpectedLine[], got: LokiEntry[]): string[] {
  const { missing, extra } = compareLines(ref, got);
  const heads = ref.map((x) => head(x.event)).filter(Boolean);
  const resent = extra.filter((e) => heads.some((h) => e.line.startsWith(h)));
  const foreign = extra.filter((e) => !resent.includes(e));
  const problems: string[] = [];
  if (missing.length)
    problems.push(
      `${missing.length} of ${ref.length} lines Airflow serves are missing, first: ${missing
        .slice(0, QUOTED)
        .map((m) => JSON.stringify(m.event.slice(0, 80)))
        .join(', ')}`,
    );
  if (resent.length)
    problems.push(
      `${plural(resent.length, 'duplicated line')} (a line Airflow serves once is in Loki again): ${resent.slice(0, QUOTED).map(quote).join(', ')}`,
    );
  if (foreign.length)
    problems.push(
      `${plural(foreign.length, 'line')} in Loki that Airflow's log does not have: ${foreign.slice(0, QUOTED).map(quote).join(', ')}`,
    );
  return problems;
}

export interface RunLinesInput {
  attempts: Attempt[];
  groups: Map<string, LokiEntry[]>;
  /** Lines Airflow serves per attempt key; absent when Airflow was not asked or has no readable log. */
  expected: Map<string, ExpectedLine[]>;
  inProgress: number;
  source: string;
  /** Whether Airflow was asked for the attempts' logs (--airflow-url). */
  airflowAsked: boolean;
  /** With --wait: per attempt, how long its line count in Loki had been unchanged at the last look. */
  unchangedMs?: Map<string, number>;
  /** How long a count must stay unchanged to count as settled. */
  settleMs?: number;
}

function presenceOnly(k: string, got: LokiEntry[], dups: LokiEntry[][], input: RunLinesInput): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const unchanged = input.unchangedMs?.get(k);
  const settle =
    unchanged === undefined || input.settleMs === undefined
      ? ''
      : unchanged >= input.settleMs
        ? `; count unchanged for ${seconds(unchanged)}`
        : `; count still changing when the wait ended (unchanged for ${seconds(unchanged)} of the ${seconds(input.settleMs)} needed)`;
  const copies = dups.reduce((n, g) => n + g.length - 1, 0);
  const dupText = dups.length
    ? `; ${plural(copies, 'likely duplicate')}: ${dups
        .slice(0, QUOTED)
        .map(
          (g) =>
            `${JSON.stringify(g[0]?.line.slice(0, 80))} ${g.length}x at ${g.map((e) => nsToIso(e.ts)).join(', ')}`,
        )
        .join('; ')}`
    : '';
  return `${k}: presence only: ${plural(got.length, 'line')}, no reference to compare${settle}${dupText}`;
}

export function checkRunLines(input: RunLinesInput): CheckResult {
  const { attempts, groups, expected } = input;
  if (!attempts.length)
    return check(
      'run-lines',
      'skip',
      `no ended task attempt of the run known (${input.source}${input.inProgress ? `; ${input.inProgress} in progress` : ''})`,
    );
  const bad: string[] = [];
  const complete: string[] = [];
  const unproven: string[] = [];
  let withLikelyDuplicates = 0;
  let compared = 0;
  for (const a of attempts) {
    const k = attemptKey(a);
    const got = groups.get(k) ?? [];
    const ref = expected.get(k);
    if (!got.length) {
      bad.push(
        `${k}: no lines in Loki${a.pod ? ` (pod ${a.pod})` : ' (pod gone)'}; Airflow state ${a.state ?? '?'}`,
      );
      continue;
    }
    if (!ref) {
      const dups = likelyDuplicates(got);
      unproven.push(presenceOnly(k, got, dups, input));
      if (dups.length) withLikelyDuplicates++;
      continue;
    }
    compared++;
    const problems = referenceProblems(ref, got);
    if (problems.length) bad.push(`${k}: ${problems.join('; ')}`);
    else complete.push(`${k}: ${plural(got.length, 'line')}, all ${ref.length} Airflow serves`);
  }
  const known = new Set(attempts.map(attemptKey));
  const stray = [...groups.keys()].filter((k) => !known.has(k));
  const notes = [
    `attempts from ${input.source}; lines compared with Airflow's log for ${compared} of ${attempts.length}${unproven.length ? ' (the others: presence and likely duplicates only)' : ''}`,
    ...(stray.length ? [`lines for attempts not in that list: ${stray.join(', ')}`] : []),
    ...(input.inProgress ? [`${plural(input.inProgress, 'attempt')} still in progress, not checked`] : []),
  ];
  const n = attempts.length;
  if (bad.length)
    return check(
      'run-lines',
      'fail',
      `${plural(bad.length, 'attempt')} of ${n} incomplete or with extra lines in Loki`,
      [...bad, ...notes, ...unproven, ...complete],
    );
  if (unproven.length) {
    const noLog = input.airflowAsked ? 'Airflow served no log' : 'without --airflow-url there is no log';
    const summary = [
      `completeness not proven for ${unproven.length} of ${plural(n, 'attempt')}: ${noLog} to compare their lines with (presence only)`,
      ...(complete.length
        ? [`the other ${complete.length} ${complete.length === 1 ? 'has' : 'have'} every line Airflow serves`]
        : []),
      ...(withLikelyDuplicates
        ? [`${plural(withLikelyDuplicates, 'attempt')} with likely duplicated lines`]
        : []),
    ];
    return check('run-lines', 'skip', summary.join('; '), [...unproven, ...notes, ...complete]);
  }
  return check(
    'run-lines',
    'pass',
    `all ${plural(n, 'attempt')} have every line Airflow serves, none missing, none extra`,
    [...notes, ...complete],
  );
}
