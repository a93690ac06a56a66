import type { TaskLogStreamFields } from '@logstack/vector-config';
import { groupBy } from './group.js';
import { fieldOf } from './logql.js';
import type { LokiEntry } from './loki.js';
import { check, plural } from './result.js';
import { type Attempt, attemptKey, type CheckResult } from './types.js';

/** Loki adds service_name to every stream by itself (Loki 3 discover_service_name). */
const LOKI_ADDED_LABELS = new Set(['service_name']);

/** The attempt an entry belongs to, from its task_id, map_index and attempt fields. */
export function entryAttemptKey(e: LokiEntry): string {
  const mapIndex = Number(fieldOf(e, 'map_index') ?? '-1');
  return attemptKey({
    taskId: fieldOf(e, 'task_id') ?? '?',
    mapIndex,
    tryNumber: Number(fieldOf(e, 'attempt') ?? '0'),
  });
}

export const groupByAttempt = (entries: LokiEntry[]): Map<string, LokiEntry[]> =>
  groupBy(entries, entryAttemptKey);

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
