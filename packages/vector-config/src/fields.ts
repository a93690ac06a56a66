import type { LogField, LogstackModel } from '@logstack/spec';

/** What the loki sink really sends: field labels, constant labels, structured metadata. */
export interface TaskLogStreamFields {
  labels: string[];
  staticLabels: Record<string, string>;
  structuredMetadata: string[];
}

export function taskLogStreamFields(model: LogstackModel): TaskLogStreamFields {
  return {
    labels: [...model.loki.labels],
    staticLabels: Object.fromEntries(
      Object.entries(model.loki.staticLabels).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ),
    structuredMetadata: [...model.loki.structuredMetadata],
  };
}

/** Fields with a fixed value in task-log events: the sidecar only sees task log files of the `base` container. */
export const CONSTANT_FIELD_VALUES = { component: 'task', container: 'base' } as const;

/** Every field the VRL program can set, in the order it sets them. */
export const ALL_LOG_FIELDS: readonly LogField[] = [
  'namespace',
  'dag_id',
  'component',
  'task_id',
  'run_id',
  'map_index',
  'attempt',
  'pod',
  'node',
  'logger',
  'level',
  'container',
  'filename',
];

/** Fields the shipped event must carry: each one a label or structured metadata. */
export function shippedFields(model: LogstackModel): LogField[] {
  const wanted = new Set<string>([...model.loki.labels, ...model.loki.structuredMetadata]);
  return ALL_LOG_FIELDS.filter((f) => wanted.has(f));
}
