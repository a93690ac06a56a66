import type { LogstackModel } from '@logstack/spec';
import { SIDECAR_LAYOUT } from '@logstack/vector-config';
import { isLabel, type PipelineFields, type StreamFields } from './fields.js';
import { pipelineFields } from './pipeline.js';
import { eq, ne, selectClusterLogs, selectTaskLogs } from './selectors.js';

/** A placeholder in a library query, written `${name}` (the same syntax as a Grafana dashboard variable). */
export interface QueryParam {
  name: string;
  meaning: string;
  example: string;
}

/** One entry of the LogQL query library. */
export interface LibraryQuery {
  id: string;
  title: string;
  /** The question an operator asks that this query answers. */
  question: string;
  language: 'logql' | 'promql';
  query: string;
  params: QueryParam[];
  /** Which streams the query reads, so tests can check its names against what the pipeline sets. */
  streams: ('taskLogs' | 'clusterLogs')[];
  notes?: string;
}

export const PARAMS = {
  dag_id: { name: 'dag_id', meaning: 'DAG id', example: 'daily_sales' },
  task_id: { name: 'task_id', meaning: 'task id', example: 'load_orders' },
  run_id: { name: 'run_id', meaning: 'DAG run id', example: 'scheduled__2026-08-16T00:00:00+00:00' },
  try: { name: 'try', meaning: 'try number (attempt), from 1', example: '1' },
  map_index: { name: 'map_index', meaning: 'index of a mapped task instance', example: '3' },
  namespace: { name: 'namespace', meaning: 'Kubernetes namespace', example: 'airflow' },
  pod: { name: 'pod', meaning: 'pod name', example: 'daily-sales-load-orders-x1y2z3' },
  text: { name: 'text', meaning: 'text to look for', example: 'Connection refused' },
} as const satisfies Record<string, QueryParam>;

/** A Grafana-style placeholder, `${name}`. */
export const variable = (name: string) => `\${${name}}`;
const v = (name: keyof typeof PARAMS) => variable(name);

/** Airflow's levels are lower case (`error`); `critical` and `fatal` come from other loggers. */
export const ERROR_LEVELS = '(?i)(error|critical|fatal|exception)';

/**
 * Keeps error lines by the level field, a label or structured metadata (observabilityChecks make
 * sure it is one): the line itself is the message text, not JSON, so it cannot be parsed for it.
 */
export function errorFilter(): string {
  return `| level=~${JSON.stringify(ERROR_LEVELS)}`;
}

/** Every task-log stream, whatever DAG. */
export const allTaskLogs = (t: StreamFields) => selectTaskLogs(t, []);

/** The queries, built for the streams this spec's pipeline writes. */
export function queryLibrary(model: LogstackModel): LibraryQuery[] {
  return buildLibrary(pipelineFields(model));
}

export function buildLibrary(fields: PipelineFields): LibraryQuery[] {
  const t = fields.taskLogs;
  const attempt = [
    eq('dag_id', v('dag_id')),
    eq('task_id', v('task_id')),
    eq('run_id', v('run_id')),
    eq('attempt', v('try')),
  ];
  const { dag_id, task_id, run_id, try: tryNumber, map_index, namespace, pod, text } = PARAMS;
  const queries: LibraryQuery[] = [
    {
      id: 'task-attempt-logs',
      title: "A task attempt's logs",
      question: 'What did this task print on this try?',
      language: 'logql',
      query: selectTaskLogs(t, attempt),
      params: [dag_id, task_id, run_id, tryNumber],
      streams: ['taskLogs'],
      notes: 'Still there after the pod is gone. Drop the attempt filter to see every try.',
    },
    {
      id: 'mapped-task-instance',
      title: "One mapped task instance's logs",
      question: 'What did map index N of a mapped task print?',
      language: 'logql',
      query: selectTaskLogs(t, [...attempt.slice(0, 3), eq('map_index', v('map_index'))]),
      params: [dag_id, task_id, run_id, map_index],
      streams: ['taskLogs'],
    },
    {
      id: 'dag-run-logs',
      title: "A DAG run's logs, every task",
      question: 'What happened in this DAG run, in order?',
      language: 'logql',
      query: selectTaskLogs(t, [eq('dag_id', v('dag_id')), eq('run_id', v('run_id'))]),
      params: [dag_id, run_id],
      streams: ['taskLogs'],
    },
    {
      id: 'dag-run-errors',
      title: 'Errors across a DAG run',
      question: 'Which tasks of this run logged errors, and what?',
      language: 'logql',
      query: `${selectTaskLogs(t, [eq('dag_id', v('dag_id')), eq('run_id', v('run_id'))])} ${errorFilter()}`,
      params: [dag_id, run_id],
      streams: ['taskLogs'],
    },
    {
      id: 'tracebacks',
      title: 'Tracebacks',
      question: 'Which tasks raised an exception?',
      language: 'logql',
      query: `${allTaskLogs(t)} |~ "Traceback|error_detail"`,
      params: [],
      streams: ['taskLogs'],
      notes: 'Airflow 3 writes exceptions as structured fields (error_detail); Airflow 2 as Traceback lines.',
    },
    {
      id: 'errors-by-dag',
      title: 'Error lines per DAG',
      question: 'Which DAGs log the most errors right now?',
      language: 'logql',
      query: `sum by (dag_id) (count_over_time(${allTaskLogs(t)} ${errorFilter()} [5m]))`,
      params: [],
      streams: ['taskLogs'],
    },
    {
      id: 'noisiest-tasks',
      title: 'Slowest tasks by log volume',
      question: 'Which tasks of a DAG write the most log bytes (often the slow or stuck ones)?',
      language: 'logql',
      query: `topk(10, sum by (task_id) (bytes_over_time(${selectTaskLogs(t, [eq('dag_id', v('dag_id'))])} [24h])))`,
      params: [dag_id],
      streams: ['taskLogs'],
      notes: 'Log volume is a proxy: a task that loops on retries or waits in a sensor loop logs the most.',
    },
    {
      id: 'retried-tasks',
      title: 'Tasks that needed retries',
      question: 'Which tasks ran more than once today?',
      language: 'logql',
      query: `sum by (dag_id, task_id, attempt) (count_over_time(${selectTaskLogs(t, [ne('attempt', '1')])} [24h]))`,
      params: [],
      streams: ['taskLogs'],
    },
    {
      id: 'task-log-search',
      title: 'Search every task log',
      question: 'Where did this message appear?',
      language: 'logql',
      query: `${allTaskLogs(t)} |= "${v('text')}"`,
      params: [text],
      streams: ['taskLogs'],
    },
    {
      id: 'pod-task-logs',
      title: "A worker pod's task log files",
      question: 'What did the task in this pod write to its log file?',
      language: 'logql',
      query: selectTaskLogs(t, [eq('namespace', v('namespace')), eq('pod', v('pod'))]),
      params: [namespace, pod],
      streams: ['taskLogs'],
    },
    {
      id: 'ingestion-rate',
      title: 'Task log lines shipped per second, per DAG',
      question: 'Are task logs arriving, and from which DAGs?',
      language: 'logql',
      query: `sum by (dag_id) (rate(${allTaskLogs(t)} [5m]))`,
      params: [],
      streams: ['taskLogs'],
    },
    {
      id: 'ingestion-latency',
      title: 'Loki push latency (p99)',
      question: 'How long does Loki take to accept a batch of log lines?',
      language: 'promql',
      query:
        'histogram_quantile(0.99, sum by (le) (rate(loki_request_duration_seconds_bucket{route="loki_api_v1_push"}[5m])))',
      params: [],
      streams: [],
      notes:
        'End-to-end latency is this plus the sidecar batch timeout (loki.batch.timeoutMs); `logstack verify` measures it live. LogQL cannot: a line keeps only one timestamp.',
    },
  ];
  const c = fields.clusterLogs;
  if (c && isLabel(c, 'container')) {
    queries.push(
      {
        id: 'pod-stdout',
        title: "A pod's stdout and stderr",
        question: 'What did the containers of this pod print (kubectl logs, kept after the pod is gone)?',
        language: 'logql',
        query: selectClusterLogs(c, [eq('namespace', v('namespace')), eq('pod', v('pod'))]),
        params: [namespace, pod],
        streams: ['clusterLogs'],
      },
      // The scheduler's stdout is shipped only by an agent that takes every pod (see alerts.ts).
      ...(c.everyPod
        ? [
            {
              id: 'scheduler-dag-lines',
              title: 'Scheduler lines about a DAG',
              question: 'Why did my task not start? What did the scheduler say about this DAG?',
              language: 'logql' as const,
              query: `${selectClusterLogs(c, [eq('namespace', v('namespace')), eq('container', 'scheduler')])} |= "${v('dag_id')}"`,
              params: [namespace, dag_id],
              streams: ['clusterLogs' as const],
            },
          ]
        : []),
      {
        id: 'sidecar-errors',
        title: 'Task-log sidecar errors and retries',
        question: 'Is the log sidecar failing to send to Loki?',
        language: 'logql',
        query: `${selectClusterLogs(c, [eq('container', SIDECAR_LAYOUT.containerName)])} |~ " (ERROR|WARN) "`,
        params: [],
        streams: ['clusterLogs'],
        notes:
          'The sidecar\'s own stdout, shipped by the node agent; retries show as WARN lines with "Retrying after error".',
      },
    );
  }
  return queries;
}
