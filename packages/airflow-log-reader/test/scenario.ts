import type { StoredLine } from './fake-loki.js';

export const NAMESPACE = 'data';
export const DAG_ID = 'etl_daily';
/** Airflow's manual run ids carry `+` and `:`; both must survive the query and the URL. */
export const RUN_ID = 'manual__2026-12-01T10:00:00+00:00';

export interface Try {
  taskId: string;
  mapIndex: number;
  try: number;
  state: string;
  start?: string;
  end?: string;
  hostname?: string;
  /** Lines the attempt wrote, oldest first. */
  lines: Expected[];
}

export interface Expected {
  ns: bigint;
  event: string;
  level: string;
  logger: string;
}

const LEVELS = ['info', 'warning', 'error', 'debug'];
const HOUR = 3_600_000;
const ms2ns = (ms: number) => BigInt(ms) * 1_000_000n;

/**
 * Lines of one attempt. `sameTs` consecutive lines share one timestamp (to the nanosecond), so
 * with 100-line pages a group straddles each page boundary.
 */
function attemptLines(tag: string, count: number, startMs: number, sameTs = 1): Expected[] {
  return Array.from({ length: count }, (_, i) => ({
    ns: ms2ns(startMs) + BigInt(Math.floor(i / sameTs)) * 1_000_000n + 123_000n,
    event: `${tag} line ${i}${i % 11 === 0 ? ' {"rows": 42}' : ''}`,
    level: LEVELS[i % LEVELS.length] ?? 'info',
    logger: i % 2 ? 'airflow.task' : 'airflow.task.operators',
  }));
}

export function buildScenario(now = Date.now()) {
  const runStart = now - 2 * HOUR;
  const iso = (ms: number) => new Date(ms).toISOString();
  const at = (minutes: number) => runStart + minutes * 60_000;
  const done = (
    taskId: string,
    mapIndex: number,
    tryN: number,
    from: number,
    lines: Expected[],
    state = 'success',
  ) => ({
    taskId,
    mapIndex,
    try: tryN,
    state,
    start: iso(from),
    end: iso(from + 5 * 60_000),
    lines,
  });
  const tries: Try[] = [
    done('extract', -1, 1, at(1), attemptLines('extract', 250, at(1) + 1000, 7)),
    done('load', 0, 1, at(10), attemptLines('load[0]', 120, at(10) + 1000)),
    done('load', 1, 1, at(10), attemptLines('load[1]', 120, at(10) + 1000)),
    done('flaky', -1, 1, at(20), attemptLines('flaky try 1', 30, at(20) + 1000), 'failed'),
    done('flaky', -1, 2, at(30), attemptLines('flaky try 2', 40, at(30) + 1000)),
    done('denied', -1, 1, at(40), attemptLines('denied', 5, at(40) + 1000)),
    done('throttled', -1, 1, at(40), attemptLines('throttled', 5, at(40) + 1000)),
    done('broken', -1, 1, at(40), attemptLines('broken', 5, at(40) + 1000)),
    done('endless', -1, 1, at(40), attemptLines('endless', 5, at(40) + 1000)),
    {
      taskId: 'live',
      mapIndex: -1,
      try: 1,
      state: 'running',
      start: iso(now - 60_000),
      hostname: '127.0.0.1',
      lines: attemptLines('live', 20, now - 50_000),
    },
  ];
  const stored: StoredLine[] = [];
  for (const t of tries)
    for (const l of t.lines)
      stored.push({
        ns: l.ns,
        labels: { namespace: NAMESPACE, dag_id: DAG_ID, component: 'task' },
        metadata: {
          task_id: t.taskId,
          run_id: RUN_ID,
          map_index: String(t.mapIndex),
          attempt: String(t.try),
          pod: `${DAG_ID}-${t.taskId}-abc`,
          node: 'node-1',
          logger: l.logger,
          level: l.level,
        },
        line: l.event,
      });
  // Lines the reader must never return: another run, another DAG, another namespace, pod stdout.
  const base = stored[0];
  if (!base) throw new Error('no stored line');
  for (const l of tries[0]?.lines.slice(0, 5) ?? []) {
    stored.push({
      ...base,
      ns: l.ns,
      metadata: { ...base.metadata, run_id: 'scheduled__2026-11-30T00:00:00+00:00' },
      line: 'other run',
    });
    stored.push({ ...base, ns: l.ns, labels: { ...base.labels, dag_id: 'other_dag' }, line: 'other dag' });
    stored.push({
      ...base,
      ns: l.ns,
      labels: { ...base.labels, namespace: 'elsewhere' },
      line: 'other namespace',
    });
    stored.push({ ...base, ns: l.ns, labels: { ...base.labels, component: 'pod' }, line: 'pod stdout copy' });
  }
  const scenario = {
    dagId: DAG_ID,
    runId: RUN_ID,
    runStart: iso(runStart),
    tries: tries.map(({ lines: _, ...t }) => t),
    reads: tries.map((t) => ({ taskId: t.taskId, mapIndex: t.mapIndex, try: t.try })),
  };
  return { tries, stored, scenario };
}

/** The attempt's log as Airflow 3 writes its file: one JSON object a line (what served logs return). */
export const fileLines = (lines: Expected[]) =>
  lines
    .map((l) =>
      JSON.stringify({
        timestamp: nsIso(l.ns),
        event: l.event,
        level: l.level,
        logger: l.logger,
      }),
    )
    .join('\n');

/** Nanoseconds to the ISO form Airflow's API gives (microseconds, UTC). */
export function nsIso(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const micros = Number((ns / 1000n) % 1_000_000n);
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`;
}
