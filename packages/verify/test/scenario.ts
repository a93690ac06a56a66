import { readFileSync } from 'node:fs';

/** Recorded API objects, shaped by the fixtures; tests change them through the scenario below. */
export const fixture = <T = Record<string, unknown>>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;

/** The parts of recorded objects that tests change; the rest of each object stays as recorded. */
export interface RecordedEnv {
  name: string;
  value?: string;
  valueFrom?: unknown;
}
export interface RecordedContainer {
  name: string;
  env: RecordedEnv[];
  restartPolicy?: string;
  [field: string]: unknown;
}
export interface RecordedStatus {
  name: string;
  restartCount: number;
  ready: boolean;
  started: boolean;
  lastState: Record<string, Record<string, unknown>>;
  state: Record<string, Record<string, unknown>>;
  [field: string]: unknown;
}
export interface RecordedPod {
  metadata: {
    name: string;
    annotations: Record<string, string>;
    labels: Record<string, string>;
    creationTimestamp: string;
    [field: string]: unknown;
  };
  spec: { containers: RecordedContainer[]; initContainers: RecordedContainer[]; [field: string]: unknown };
  status: {
    phase: string;
    startTime: string;
    containerStatuses: RecordedStatus[];
    initContainerStatuses: RecordedStatus[];
    [field: string]: unknown;
  };
}
export interface RecordedList<T> {
  items: T[];
  [field: string]: unknown;
}
export interface RecordedPodMetrics {
  metadata: { name: string; [field: string]: unknown };
  containers: Array<{ name: string; usage: { cpu: string; memory: string } }>;
  [field: string]: unknown;
}
export interface RecordedRules {
  status: string;
  data: {
    groups: Array<{
      name: string;
      rules: Array<{ name: string; [field: string]: unknown }>;
      [field: string]: unknown;
    }>;
  };
}
export interface RecordedConfigMap {
  metadata: { name: string; labels: Record<string, string>; [field: string]: unknown };
  data: Record<string, string>;
  [field: string]: unknown;
}

/** The first item of a recorded list, which the fixture always has. */
export function first<T>(items: T[]): T {
  const x = items[0];
  if (x === undefined) throw new Error('recorded list is empty');
  return x;
}

export const NS = 'airflow';
export const DAG = 'etl_orders';
export const RUN = 'manual__2026-08-16T17:43:00.123456+00:00';

export interface AttemptSpec {
  taskId: string;
  mapIndex?: number;
  tryNumber: number;
  /** Airflow's state of this try (an earlier try's state is what the next one replaced). */
  state: 'success' | 'failed' | 'up_for_retry';
  lines: number;
  /** Start of the task, ms since the epoch; it runs durationMs. */
  startMs: number;
  durationMs?: number;
  /** The pod still exists (Airflow's delete_worker_pods off, or a failed task kept). */
  podKept: boolean;
  /** Lines reach Loki this long after they are written. */
  ingestDelayMs?: number;
}

export interface LokiEntrySpec {
  ns: bigint;
  line: string;
  labels: Record<string, string>;
  metadata: Record<string, string>;
}

const iso = (ms: number, micros = 0) =>
  new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_, m) => `.${m}${String(micros).padStart(3, '0')}Z`);
const isoSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export const podNameOf = (a: AttemptSpec) =>
  `etl-orders-${a.taskId.replace(/_/g, '-')}${a.mapIndex !== undefined && a.mapIndex >= 0 ? `-${a.mapIndex}` : ''}-t${a.tryNumber}`;
const endOf = (a: AttemptSpec) => a.startMs + (a.durationMs ?? 3000);
/** The i-th line: written 100 ms apart after the start, with a microsecond part as Airflow writes it. */
const lineTime = (a: AttemptSpec, i: number) => ({ ms: a.startMs + 200 + i * 100, micros: 123 + i });
const event = (a: AttemptSpec, i: number) =>
  `${a.taskId} try ${a.tryNumber}${a.mapIndex !== undefined ? ` map ${a.mapIndex}` : ''}: line ${i + 1}`;

/** What Airflow serves from the attempt's log file (GET .../logs/{try}, JSON): a source block, then the lines. */
export function airflowLog(a: AttemptSpec, now: number) {
  const content: Array<Record<string, unknown>> = [
    {
      event: '::group::Log message source details',
      // The reader of airflow.uiLogs serves every ended attempt from Loki (packages/airflow-log-reader).
      sources: [
        `logstack Loki reader: http://loki.${NS}.svc:3100 {namespace="${NS}", component="task", dag_id="${DAG}"} | task_id="${a.taskId}"`,
      ],
    },
    { event: '::endgroup::' },
  ];
  for (let i = 0; i < a.lines; i++) {
    const t = lineTime(a, i);
    if (t.ms > now) break;
    content.push({
      timestamp: iso(t.ms, t.micros),
      level: 'info',
      event: event(a, i),
      logger: 'airflow.task',
      filename: 'etl.py',
      lineno: 10 + i,
    });
  }
  return { content, continuation_token: null };
}

/**
 * What Airflow 3 serves once it cannot read the log (pod gone with its emptyDir, no remote
 * logging): the source-details group with the reason among the sources, and no line.
 */
export function unreadableAirflowLog(a: AttemptSpec) {
  return {
    content: [
      {
        event: '::group::Log message source details',
        sources: [
          `Could not read served logs: HTTPConnectionPool(host='${podNameOf(a)}', port=8793): Max retries exceeded with url: /log/dag_id=${DAG}/run_id=${RUN}/task_id=${a.taskId}/attempt=${a.tryNumber}.log (Caused by NameResolutionError("Failed to resolve '${podNameOf(a)}'"))`,
        ],
      },
      { event: '::endgroup::' },
    ],
    continuation_token: null,
  };
}

/** What the sidecar sent to Loki for the attempt, in the default spec's labels and metadata. */
export function lokiEntries(a: AttemptSpec, now: number): LokiEntrySpec[] {
  const out: LokiEntrySpec[] = [];
  for (let i = 0; i < a.lines; i++) {
    const t = lineTime(a, i);
    if (t.ms + (a.ingestDelayMs ?? 0) > now) break;
    out.push({
      ns: BigInt(t.ms) * 1_000_000n + BigInt(t.micros) * 1000n,
      line: event(a, i),
      labels: { namespace: NS, dag_id: DAG, component: 'task', service_name: 'task' },
      metadata: {
        task_id: a.taskId,
        run_id: RUN,
        map_index: String(a.mapIndex ?? -1),
        attempt: String(a.tryNumber),
        pod: podNameOf(a),
        node: 'k8s-2',
        logger: 'airflow.task',
        level: 'info',
      },
    });
  }
  return out;
}

/** The recorded task pod, made into this attempt's pod as the API server shows it at `now`. */
export function taskPod(a: AttemptSpec, now: number) {
  const pod = fixture<RecordedPod>('task-pod.json');
  const name = podNameOf(a);
  const ended = now >= endOf(a);
  pod.metadata.name = name;
  pod.metadata.annotations = { dag_id: DAG, run_id: RUN, task_id: a.taskId, try_number: String(a.tryNumber) };
  pod.metadata.labels.task_id = a.taskId;
  pod.metadata.labels.try_number = String(a.tryNumber);
  if (a.mapIndex !== undefined && a.mapIndex >= 0) {
    pod.metadata.annotations.map_index = String(a.mapIndex);
    pod.metadata.labels.map_index = String(a.mapIndex);
  }
  pod.metadata.creationTimestamp = isoSeconds(a.startMs - 2000);
  pod.status.startTime = isoSeconds(a.startMs - 2000);
  const base = first(pod.status.containerStatuses);
  const side = first(pod.status.initContainerStatuses);
  if (ended) {
    const failed = a.state !== 'success';
    pod.status.phase = failed ? 'Failed' : 'Succeeded';
    base.state = {
      terminated: {
        ...base.state.terminated,
        exitCode: failed ? 1 : 0,
        reason: failed ? 'Error' : 'Completed',
        startedAt: isoSeconds(a.startMs),
        finishedAt: isoSeconds(endOf(a)),
      },
    };
    side.state = {
      terminated: {
        ...side.state.terminated,
        startedAt: isoSeconds(a.startMs - 1000),
        finishedAt: isoSeconds(endOf(a) + 1000),
      },
    };
  } else {
    pod.status.phase = 'Running';
    base.state = { running: { startedAt: isoSeconds(a.startMs) } };
    base.ready = true;
    base.started = true;
    side.state = { running: { startedAt: isoSeconds(a.startMs - 1000) } };
    side.ready = true;
    side.started = true;
  }
  return pod;
}

/** Airflow's task instances: the latest try of each (task, map index). */
export function taskInstances(attempts: AttemptSpec[], now: number) {
  const latest = new Map<string, AttemptSpec>();
  for (const a of attempts) {
    const k = `${a.taskId}/${a.mapIndex ?? -1}`;
    if ((latest.get(k)?.tryNumber ?? 0) < a.tryNumber) latest.set(k, a);
  }
  const tis = [...latest.values()].map((a) => {
    const ended = now >= endOf(a);
    return {
      id: `0198${a.taskId.length}c2e-7f1a-7b3c-9d4e-${String(a.tryNumber).padStart(12, '0')}`,
      task_id: a.taskId,
      dag_id: DAG,
      dag_run_id: RUN,
      map_index: a.mapIndex ?? -1,
      logical_date: '2026-08-16T17:43:00.123456Z',
      run_after: '2026-08-16T17:43:00.123456Z',
      start_date: iso(a.startMs, 10),
      end_date: ended ? iso(endOf(a), 20) : null,
      duration: ended ? (a.durationMs ?? 3000) / 1000 : null,
      state: ended ? a.state : 'running',
      try_number: a.tryNumber,
      max_tries: 2,
      task_display_name: a.taskId,
      dag_display_name: DAG,
      hostname: podNameOf(a),
      unixname: 'airflow',
      pool: 'default_pool',
      pool_slots: 1,
      queue: 'default',
      priority_weight: 3,
      operator: 'PythonOperator',
      operator_name: 'PythonOperator',
      queued_when: iso(a.startMs - 3000),
      scheduled_when: iso(a.startMs - 3500),
      pid: 17,
      executor: null,
      executor_config: '{}',
      note: null,
      rendered_map_index: null,
      rendered_fields: {},
      trigger: null,
      triggerer_job: null,
      dag_version: null,
    };
  });
  return { task_instances: tis, total_entries: tis.length };
}

export function dagRun(attempts: AttemptSpec[], now: number) {
  const start = Math.min(...attempts.map((a) => a.startMs)) - 1000;
  const end = Math.max(...attempts.map(endOf));
  const done = now >= end;
  const failed = taskInstances(attempts, now).task_instances.some((t) => t.state === 'failed');
  return {
    dag_run_id: RUN,
    dag_id: DAG,
    logical_date: '2026-08-16T17:43:00.123456Z',
    queued_at: iso(start - 500),
    start_date: iso(start),
    end_date: done ? iso(end + 500) : null,
    duration: done ? (end - start) / 1000 : null,
    data_interval_start: null,
    data_interval_end: null,
    run_after: '2026-08-16T17:43:00.123456Z',
    last_scheduling_decision: iso(end),
    run_type: 'manual',
    state: done ? (failed ? 'failed' : 'success') : 'running',
    triggered_by: 'rest_api',
    conf: {},
    note: null,
    dag_versions: [],
    bundle_version: null,
    dag_display_name: DAG,
  };
}

/** A run of four attempts that ended minutes ago: a retried task, a mapped task, one pod deleted. */
export function passingRun(t0 = Date.now() - 10 * 60_000): AttemptSpec[] {
  return [
    { taskId: 'extract', tryNumber: 1, state: 'success', lines: 5, startMs: t0, podKept: true },
    {
      taskId: 'transform',
      mapIndex: 0,
      tryNumber: 1,
      state: 'success',
      lines: 3,
      startMs: t0 + 10_000,
      podKept: true,
    },
    { taskId: 'load', tryNumber: 1, state: 'up_for_retry', lines: 4, startMs: t0 + 20_000, podKept: false },
    { taskId: 'load', tryNumber: 2, state: 'success', lines: 6, startMs: t0 + 40_000, podKept: true },
  ];
}
