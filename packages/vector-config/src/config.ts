import type { LogstackModel } from '@logstack/spec';
import { globLiteral, taskLogPathPattern } from './filename-template.js';
import { SIDECAR_LAYOUT } from './layout.js';
import { lokiSecretBackends, lokiSink } from './loki-sink.js';
import { taskLogVrl } from './vrl.js';

/**
 * How often the file source globs for new task log files and writes its checkpoints (the file
 * server's checkpoint writer runs on the same period). Short, because a task can end within a
 * second and the preStop drain reads the checkpoints; a pod has a handful of files to glob.
 */
export const GLOB_COOLDOWN_MS = 100;
/** Longest line read; longer lines are discarded by the file source, shorter ones cut by the VRL to fit Loki. */
export const MAX_LINE_BYTES = 1_048_576;
/** How long a text record waits for continuation lines (a traceback) before it is sent alone. */
export const MULTILINE_TIMEOUT_MS = 250;

// An Airflow 2 text record starts with "[<date>"; every other line continues the record before it.
const TEXT_RECORD_START = String.raw`^\[\d{4}-\d{2}-\d{2}`;

export type VectorConfig = Record<string, unknown>;

function fileSource(model: LogstackModel): Record<string, unknown> {
  const { folder, filenameTemplate, format } = model.airflow.logs;
  return {
    type: 'file',
    include: taskLogPathPattern(folder, filenameTemplate).globs,
    // Deferred tasks' triggerer logs (<task log>.trigger.<job id>.log) come from the triggerer pod.
    exclude: [`${globLiteral(folder.replace(/\/+$/, ''))}/**/*.trigger.*.log`],
    read_from: 'beginning',
    // Each attempt is a new small file on the pod's emptyDir and is never rotated; the inode names it
    // from the first byte, where a checksum would wait for a full first line and could collide.
    fingerprint: { strategy: 'device_and_inode' },
    glob_minimum_cooldown_ms: GLOB_COOLDOWN_MS,
    max_line_bytes: MAX_LINE_BYTES,
    ...(format === 'text'
      ? {
          multiline: {
            start_pattern: TEXT_RECORD_START,
            mode: 'halt_before',
            condition_pattern: TEXT_RECORD_START,
            timeout_ms: MULTILINE_TIMEOUT_MS,
          },
        }
      : {}),
  };
}

/** The task-log sidecar's Vector config as data (the same for YAML and TOML). */
export function taskLogVectorConfig(model: LogstackModel): VectorConfig {
  const L = SIDECAR_LAYOUT;
  const secret = lokiSecretBackends(model);
  return {
    data_dir: L.dataDir,
    api: { enabled: true, address: `${L.apiHost}:${model.sidecar.apiPort}` },
    ...(Object.keys(secret).length ? { secret } : {}),
    sources: {
      [L.sourceId]: fileSource(model),
      [L.metricsSourceId]: { type: 'internal_metrics', scrape_interval_secs: 1 },
    },
    transforms: {
      [L.transformId]: {
        type: 'remap',
        inputs: [L.sourceId],
        drop_on_error: false,
        source: taskLogVrl(model),
      },
    },
    sinks: {
      [L.sinkId]: lokiSink(model, L.transformId),
      [L.metricsSinkId]: {
        type: 'prometheus_exporter',
        inputs: [L.metricsSourceId],
        address: `${L.metricsHost}:${model.sidecar.metricsPort}`,
      },
    },
  };
}
