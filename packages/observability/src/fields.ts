/** Where the fields of one kind of Loki stream end up: stream labels or structured metadata. */
export interface StreamFields {
  /** Label names whose value comes from the event. */
  labels: readonly string[];
  /** Constant labels on every stream, name to value. */
  staticLabels: Readonly<Record<string, string>>;
  /** Structured-metadata names. */
  structuredMetadata: readonly string[];
}

/** The streams the pipeline writes that queries read: task logs from the sidecar, cluster logs from the node agent. */
export interface PipelineFields {
  taskLogs: StreamFields;
  /** Pod stdout from the node agent, told apart by its `job` label; absent with clusterAgent.type none. */
  clusterLogs?: StreamFields & { job: string; everyPod: boolean };
}

/** Task identity in the words of the spec's log fields (loki.labels / loki.structuredMetadata). */
export const TASK_IDENTITY = ['dag_id', 'task_id', 'run_id', 'attempt'] as const;
export type TaskIdentityField = (typeof TASK_IDENTITY)[number];

/** Every name a query may select or filter on for this kind of stream. */
export function labelNames(fields: StreamFields): string[] {
  return [...fields.labels, ...Object.keys(fields.staticLabels)];
}

/**
 * The value of `component` on task-log streams (packages/vector-config CONSTANT_FIELD_VALUES,
 * not exported there): the anchor when dag_id is not a label, so cluster streams stay out.
 */
export const TASK_COMPONENT = 'task';

export function isLabel(fields: StreamFields, name: string): boolean {
  return labelNames(fields).includes(name);
}

export function isMetadata(fields: StreamFields, name: string): boolean {
  return fields.structuredMetadata.includes(name);
}
