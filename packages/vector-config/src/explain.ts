import { cpuMillis, HIGH_CARDINALITY_FIELDS, type LogstackModel, memoryBytes } from '@logstack/spec';
import { CONSTANT_FIELD_VALUES, taskLogStreamFields } from './fields.js';

/** Loki's default limits_config.max_global_streams_per_user: active streams one tenant may have. */
export const LOKI_DEFAULT_STREAM_LIMIT = 5000;

/** Levels the sidecar ships: Airflow's five plus "unknown" for lines it could not parse. */
const LEVELS = ['debug', 'info', 'warning', 'error', 'critical', 'unknown'];

/** Values assumed for fields the spec cannot count, unless the caller passes labelValues. */
const ASSUMED_VALUES: Record<string, number> = { logger: 20, node: 10 };

export interface ExplainInput {
  dags: number;
  dailyRuns: number;
  peakConcurrency?: number;
  /** Known value counts of label fields, overriding the assumptions (for example node: 12). */
  labelValues?: Record<string, number>;
}

export interface LabelCardinality {
  name: string;
  kind: 'field' | 'static';
  values: number;
  basis: string;
  assumed: boolean;
}

export interface Resources {
  cpuMillis: number;
  memoryBytes: number;
}

export interface TaskLogCost {
  dags: number;
  dailyRuns: number;
  labels: LabelCardinality[];
  /** Distinct label sets: the product of the label value counts. */
  streams: number;
  lokiStreamLimit: number;
  /** Task runs per stream and day, on average: Loki's lines of one run land in one stream. */
  runsPerStreamPerDay: number;
  structuredMetadata: string[];
  /** Log files the sidecars tail per day: one per task try. */
  logFilesPerDay: number;
  line: { content: string; dropped: string[] };
  sidecar: {
    requests: Resources;
    limits: Resources;
    peakConcurrency?: number;
    atPeak?: { requests: Resources; limits: Resources };
  };
}

function fieldCardinality(
  field: string,
  input: ExplainInput,
  model: LogstackModel,
): Omit<LabelCardinality, 'kind'> {
  const given = input.labelValues?.[field];
  if (given !== undefined) return { name: field, values: given, basis: 'given', assumed: false };
  if (field === 'namespace')
    return { name: field, values: 1, basis: `the namespace ${model.airflow.namespace}`, assumed: false };
  if (field === 'dag_id') return { name: field, values: input.dags, basis: '--dags', assumed: false };
  if (field === 'component' || field === 'container')
    return { name: field, values: 1, basis: `always "${CONSTANT_FIELD_VALUES[field]}"`, assumed: false };
  if (field === 'level')
    return { name: field, values: LEVELS.length, basis: LEVELS.join(', '), assumed: false };
  if ((HIGH_CARDINALITY_FIELDS as readonly string[]).includes(field))
    return { name: field, values: input.dailyRuns, basis: 'one per task run (upper bound)', assumed: true };
  const assumed = ASSUMED_VALUES[field] ?? 1;
  return { name: field, values: assumed, basis: `assumed; pass --label-values ${field}=N`, assumed: true };
}

const times = (r: Resources, n: number): Resources => ({
  cpuMillis: r.cpuMillis * n,
  memoryBytes: r.memoryBytes * n,
});

/** What a spec costs in Loki streams and sidecar resources for a DAG count and daily task runs. */
export function explainTaskLogCost(model: LogstackModel, input: ExplainInput): TaskLogCost {
  const fields = taskLogStreamFields(model);
  const labels: LabelCardinality[] = [
    ...fields.labels.map((f) => ({ kind: 'field' as const, ...fieldCardinality(f, input, model) })),
    ...Object.entries(fields.staticLabels).map(([name, value]) => ({
      name,
      kind: 'static' as const,
      values: 1,
      basis: `always "${value}"`,
      assumed: false,
    })),
  ];
  const streams = labels.reduce((n, l) => n * l.values, 1);
  const { requests, limits } = model.sidecar.resources;
  const req = { cpuMillis: cpuMillis(requests.cpu), memoryBytes: memoryBytes(requests.memory) };
  const lim = { cpuMillis: cpuMillis(limits.cpu), memoryBytes: memoryBytes(limits.memory) };
  const peak = input.peakConcurrency;
  return {
    dags: input.dags,
    dailyRuns: input.dailyRuns,
    labels,
    streams,
    lokiStreamLimit: LOKI_DEFAULT_STREAM_LIMIT,
    runsPerStreamPerDay: streams > 0 ? input.dailyRuns / streams : 0,
    structuredMetadata: fields.structuredMetadata,
    logFilesPerDay: input.dailyRuns,
    line:
      model.airflow.logs.format === 'json'
        ? {
            content:
              'the JSON line’s "event" text, then any other keys (error_detail, custom fields) as compact JSON',
            dropped: [
              'timestamp (sent as the Loki entry timestamp)',
              'level and logger (event fields: labels or structured metadata when listed)',
              'filename and lineno (the filename field, "file.py:99")',
              'chan (stdout/stderr of captured output)',
            ],
          }
        : {
            content: 'the text after "LEVEL - ", with continuation lines (tracebacks) of the same record',
            dropped: [
              'the "[timestamp] {file.py:99} LEVEL - " prefix (entry timestamp, level and filename fields)',
            ],
          },
    sidecar: {
      requests: req,
      limits: lim,
      ...(peak !== undefined
        ? { peakConcurrency: peak, atPeak: { requests: times(req, peak), limits: times(lim, peak) } }
        : {}),
    },
  };
}
