import type { LogstackModel } from '@logstack/spec';

/** Loki's byte sizes (ingestion_rate_mb, per_stream_rate_limit) are MiB. */
export const MIB = 2 ** 20;
const SECONDS_PER_DAY = 86_400;

/**
 * Bytes one field adds to each entry as structured metadata (its name plus a typical value), which
 * Loki counts towards the rate limits together with the line. Typical values: an Airflow 3 run_id
 * such as `scheduled__2026-11-25T00:00:00+00:00`, a KubernetesExecutor pod name, a node name.
 */
const METADATA_BYTES: Record<string, number> = {
  namespace: 9 + 20,
  dag_id: 6 + 40,
  component: 9 + 9,
  task_id: 7 + 30,
  run_id: 6 + 40,
  map_index: 9 + 2,
  attempt: 7 + 1,
  pod: 3 + 60,
  node: 4 + 40,
  logger: 6 + 40,
  level: 5 + 5,
  container: 9 + 16,
  filename: 8 + 24,
};

/** What the expected volume comes to, every figure with how it was obtained. */
export interface ResolvedVolume {
  /** False when the spec gives no volume at all: sizing stays at the small defaults, limits at Loki's. */
  given: boolean;
  gbPerDay: number;
  peakLinesPerSecond: number;
  peakConcurrency?: number;
  linesPerSecondPerTask?: number;
  lineBytes: number;
  /** Structured metadata bytes per entry, from loki.structuredMetadata. */
  metadataBytes: number;
  /** lineBytes + metadataBytes: what Loki counts per entry. */
  entryBytes: number;
  peakBytesPerSecond: number;
  /** The busiest stream's peak: one DAG's running tasks share a stream when dag_id is a label. */
  hottestStreamBytesPerSecond: number;
  hottestStreamBasis: string;
  dags?: number;
  /** How each figure was obtained, in the order derived (for explain). */
  basis: string[];
}

export type VolumeInput = LogstackModel['loki']['scale']['volume'];

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/**
 * Resolves the spec's volume (loki.scale.volume), with any figure in `override` taking precedence
 * (explain's flags). gbPerDay and the peak are linked by peakToAverage when only one is known.
 */
export function resolveVolume(model: LogstackModel, override: Partial<VolumeInput> = {}): ResolvedVolume {
  const v: VolumeInput = { ...model.loki.scale.volume, ...override };
  const lineBytes = v.lineBytes;
  const metadataBytes = model.loki.structuredMetadata.reduce((n, f) => n + (METADATA_BYTES[f] ?? 32), 0);
  const entryBytes = lineBytes + metadataBytes;
  const basis: string[] = [];
  const perTask = v.linesPerSecondPerTask;
  let peakLines = v.peakLinesPerSecond;
  if (peakLines !== undefined) basis.push(`peak ${peakLines} lines/s (given)`);
  else if (v.peakConcurrency !== undefined && perTask !== undefined) {
    peakLines = Math.ceil(v.peakConcurrency * perTask);
    basis.push(`peak ${peakLines} lines/s = ${v.peakConcurrency} tasks x ${perTask} lines/s`);
  }
  let gbPerDay = v.gbPerDay;
  if (gbPerDay !== undefined) basis.push(`${gbPerDay} GB/day (given)`);
  if (gbPerDay === undefined && peakLines !== undefined) {
    gbPerDay = round((peakLines * entryBytes * SECONDS_PER_DAY) / v.peakToAverage / 1e9);
    basis.push(`${gbPerDay} GB/day = peak / ${v.peakToAverage} (peakToAverage) over a day`);
  }
  if (peakLines === undefined && gbPerDay !== undefined) {
    peakLines = Math.ceil(((gbPerDay * 1e9) / SECONDS_PER_DAY / entryBytes) * v.peakToAverage);
    basis.push(`peak ${peakLines} lines/s = the daily average x ${v.peakToAverage} (peakToAverage)`);
  }
  const given = peakLines !== undefined;
  peakLines ??= 0;
  gbPerDay ??= 0;
  const peakBytes = peakLines * entryBytes;
  const hottest = hottestStream(model, v, peakLines, entryBytes);
  return {
    given,
    gbPerDay,
    peakLinesPerSecond: peakLines,
    ...(v.peakConcurrency !== undefined ? { peakConcurrency: v.peakConcurrency } : {}),
    ...(perTask !== undefined ? { linesPerSecondPerTask: perTask } : {}),
    lineBytes,
    metadataBytes,
    entryBytes,
    peakBytesPerSecond: peakBytes,
    hottestStreamBytesPerSecond: hottest.bytes,
    hottestStreamBasis: hottest.basis,
    ...(v.dags !== undefined ? { dags: v.dags } : {}),
    basis,
  };
}

function hottestStream(
  model: LogstackModel,
  v: VolumeInput,
  peakLines: number,
  entryBytes: number,
): { bytes: number; basis: string } {
  const total = peakLines * entryBytes;
  if (!model.loki.labels.includes('dag_id'))
    return { bytes: total, basis: 'dag_id is not a label: one stream may carry the whole peak' };
  const perTask = v.linesPerSecondPerTask ?? (v.peakConcurrency ? peakLines / v.peakConcurrency : undefined);
  if (perTask === undefined)
    return { bytes: total, basis: 'no per-task rate given: one DAG may carry the whole peak' };
  const lines = Math.min(peakLines, v.maxActiveTasksPerDag * perTask);
  return {
    bytes: lines * entryBytes,
    basis: `one DAG's stream: at most ${v.maxActiveTasksPerDag} running tasks (maxActiveTasksPerDag) x ${round(perTask)} lines/s`,
  };
}

export const toMib = (bytes: number) => bytes / MIB;
