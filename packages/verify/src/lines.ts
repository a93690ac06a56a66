import type { TaskLogStreamFields } from '@logstack/vector-config';
import type { ExpectedLine } from './expected.js';
import { fieldOf } from './logql.js';
import type { LokiEntry } from './loki.js';
import { check, plural } from './result.js';
import { type Attempt, attemptKey, type CheckResult } from './types.js';

/** Loki adds service_name to every stream by itself (Loki 3 discover_service_name). */
const LOKI_ADDED_LABELS = new Set(['service_name']);
/** Compared characters of a line: the shipped line may carry extra JSON after the event or be cut. */
const COMPARED_CHARS = 200;

/** The attempt an entry belongs to, from its task_id, map_index and attempt fields. */
export function entryAttemptKey(e: LokiEntry): string {
  const mapIndex = Number(fieldOf(e, 'map_index') ?? '-1');
  return attemptKey({
    taskId: fieldOf(e, 'task_id') ?? '?',
    mapIndex,
    tryNumber: Number(fieldOf(e, 'attempt') ?? '0'),
  });
}

export function groupByAttempt(entries: LokiEntry[]): Map<string, LokiEntry[]> {
  const groups = new Map<string, LokiEntry[]>();
  for (const e of entries) {
    const k = entryAttemptKey(e);
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  return groups;
}

export function checkLokiFields(
  entries: LokiEntry[],
  fields: TaskLogStreamFields,
  query: string,
): CheckResult {
  if (!entries.length)
    return check('loki-fields', 'skip', 'no task-log lines of the run in Loki to look at', [
      `query: ${query}`,
    ]);
  const labels = [...fields.labels, ...Object.keys(fields.staticLabels)];
  const missing = new Map<string, number>();
  const extra = new Set<string>();
  for (const e of entries) {
    for (const l of labels)
      if (e.labels[l] === undefined) missing.set(`label ${l}`, (missing.get(`label ${l}`) ?? 0) + 1);
    for (const m of fields.structuredMetadata)
      if (e.metadata[m] === undefined)
        missing.set(`structured metadata ${m}`, (missing.get(`structured metadata ${m}`) ?? 0) + 1);
    for (const l of Object.keys(e.labels))
      if (!labels.includes(l) && !LOKI_ADDED_LABELS.has(l) && e.metadata[l] === undefined) extra.add(l);
  }
  const bad = [
    ...[...missing].map(([what, n]) => `${what} missing on ${plural(n, 'line')} of ${entries.length}`),
    ...[...extra].map(
      (l) =>
        `unexpected stream label ${l}: every value makes a new stream (the spec sends it as ${fields.structuredMetadata.includes(l as never) ? 'structured metadata' : 'nothing'})`,
    ),
  ];
  const want = `labels ${labels.join(', ')}; structured metadata ${fields.structuredMetadata.join(', ')}`;
  return bad.length
    ? check('loki-fields', 'fail', `lines do not carry what the spec ships (${want})`, bad)
    : check('loki-fields', 'pass', `all ${plural(entries.length, 'line')} carry ${want}`);
}

/** Loki lines of an attempt against the lines Airflow serves for it. */
export function compareLines(expected: ExpectedLine[], got: LokiEntry[]): { missing: ExpectedLine[] } {
  const byMicros = new Map<bigint, string[]>();
  for (const e of got) {
    const us = BigInt(e.ts) / 1000n;
    byMicros.set(us, [...(byMicros.get(us) ?? []), e.line]);
  }
  const missing: ExpectedLine[] = [];
  for (const x of expected) {
    const lines = byMicros.get(x.micros) ?? [];
    const head = x.event.slice(0, COMPARED_CHARS);
    const i = lines.findIndex((l) => l.startsWith(head));
    if (i < 0) missing.push(x);
    else lines.splice(i, 1);
  }
  return { missing };
}

/** Entries sent more than once: same nanosecond and same line. */
export function duplicates(got: LokiEntry[]): number {
  const seen = new Map<string, number>();
  for (const e of got) seen.set(`${e.ts} ${e.line}`, (seen.get(`${e.ts} ${e.line}`) ?? 0) + 1);
  return [...seen.values()].reduce((n, c) => n + c - 1, 0);
}

export interface RunLinesInput {
  attempts: Attempt[];
  groups: Map<string, LokiEntry[]>;
  /** Lines Airflow serves per attempt key; absent when Airflow was not asked or has no readable log. */
  expected: Map<string, ExpectedLine[]>;
  inProgress: number;
  source: string;
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
  const good: string[] = [];
  let compared = 0;
  for (const a of attempts) {
    const k = attemptKey(a);
    const got = groups.get(k) ?? [];
    const ref = expected.get(k);
    const dup = duplicates(got);
    if (!got.length) {
      bad.push(
        `${k}: no lines in Loki${a.pod ? ` (pod ${a.pod})` : ' (pod gone)'}; Airflow state ${a.state ?? '?'}`,
      );
      continue;
    }
    const problems: string[] = [];
    if (ref) {
      compared++;
      const { missing } = compareLines(ref, got);
      if (missing.length)
        problems.push(
          `${missing.length} of ${ref.length} lines Airflow serves are missing, first: ${missing
            .slice(0, 3)
            .map((m) => JSON.stringify(m.event.slice(0, 80)))
            .join(', ')}`,
        );
    }
    if (dup) problems.push(`${plural(dup, 'duplicated line')}`);
    if (problems.length) bad.push(`${k}: ${problems.join('; ')}`);
    else good.push(`${k}: ${plural(got.length, 'line')}${ref ? `, all ${ref.length} Airflow serves` : ''}`);
  }
  const known = new Set(attempts.map(attemptKey));
  const stray = [...groups.keys()].filter((k) => !known.has(k));
  const notes = [
    `attempts from ${input.source}; lines compared with Airflow's log for ${compared} of ${attempts.length}${compared < attempts.length ? ' (the others: presence and duplicates only)' : ''}`,
    ...(stray.length ? [`lines for attempts not in that list: ${stray.join(', ')}`] : []),
    ...(input.inProgress ? [`${plural(input.inProgress, 'attempt')} still in progress, not checked`] : []),
  ];
  return bad.length
    ? check(
        'run-lines',
        'fail',
        `${plural(bad.length, 'attempt')} of ${attempts.length} incomplete in Loki`,
        [...bad, ...notes, ...good],
      )
    : check(
        'run-lines',
        'pass',
        `all ${plural(attempts.length, 'attempt')} have their lines, none duplicated`,
        [...notes, ...good],
      );
}

/** Attempts whose task pod is gone: Loki must still return them (nothing else holds them then). */
export function checkAfterDeletion(
  attempts: Attempt[],
  groups: Map<string, LokiEntry[]>,
  livePods: Set<string>,
  airflowKnown: boolean,
): CheckResult {
  const gone = new Map<string, { pod?: string; lines: number }>();
  for (const a of attempts)
    if (!a.pod) gone.set(attemptKey(a), { lines: groups.get(attemptKey(a))?.length ?? 0 });
  for (const [k, es] of groups) {
    const pod = es[0] ? fieldOf(es[0], 'pod') : undefined;
    if (pod && !livePods.has(pod) && !gone.has(k)) gone.set(k, { pod, lines: es.length });
  }
  if (!gone.size)
    return check(
      'after-pod-deletion',
      'skip',
      'every attempt seen still has its pod (Airflow keeps pods when delete_worker_pods is off); run verify again after the pods are deleted',
    );
  const rows = [...gone].map(([k, g]) => `${k}${g.pod ? ` (pod ${g.pod})` : ''}: ${plural(g.lines, 'line')}`);
  const empty = [...gone]
    .filter(([, g]) => g.lines === 0)
    .map(([k]) => `${k}: pod gone and no lines in Loki`);
  const note = airflowKnown
    ? []
    : [
        'without --airflow-url only attempts Loki returns are seen: a deleted pod with no lines cannot be told from no pod',
      ];
  return empty.length
    ? check(
        'after-pod-deletion',
        'fail',
        `${plural(empty.length, 'attempt')} whose pod is gone return no lines`,
        [...empty, ...rows],
      )
    : check(
        'after-pod-deletion',
        'pass',
        `attempts whose pod is gone: all ${gone.size} still return their lines`,
        [...note, ...rows],
      );
}
