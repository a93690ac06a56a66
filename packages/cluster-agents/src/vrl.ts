import type { LogstackModel } from '@logstack/spec';
import { AGENT_LAYOUT } from './layout.js';

/**
 * Fields the remap sets from a kubernetes_logs event, and where each comes from. For Airflow task
 * pods the annotation wins: Airflow writes full values there and cut, hashed, label-safe copies
 * into the labels (make_safe_label_value), so the label is only a fallback.
 */
export const TASK_IDENTITY_SOURCES = [
  { field: 'dag_id', annotation: 'dag_id', label: 'dag_id' },
  { field: 'task_id', annotation: 'task_id', label: 'task_id' },
  { field: 'run_id', annotation: 'run_id', label: 'run_id' },
  { field: 'attempt', annotation: 'try_number', label: 'try_number' },
  { field: 'map_index', annotation: 'map_index', label: 'map_index' },
] as const;

/** Identity an event must carry to be shipped (map_index exists only for mapped tasks). */
export const REQUIRED_IDENTITY = ['dag_id', 'task_id', 'run_id', 'attempt'] as const;

const vrlString = (s: string): string => JSON.stringify(s);

/** The remap program: identity and Kubernetes context as top-level fields, the line stays in .message. */
export function identityProgram(): string {
  const identity = TASK_IDENTITY_SOURCES.map(
    ({ field, annotation, label }) =>
      `.${field} = string(annotations.${annotation}) ?? string(labels.${label}) ?? null`,
  );
  return [
    'labels = object(.kubernetes.pod_labels) ?? {}',
    'annotations = object(.kubernetes.pod_annotations) ?? {}',
    ...identity,
    // Absent rather than null: the loki sink skips a label or metadata whose template finds nothing.
    ...TASK_IDENTITY_SOURCES.map(({ field }) => `if .${field} == null || .${field} == "" { del(.${field}) }`),
    '.namespace = string(.kubernetes.pod_namespace) ?? null',
    '.pod = string(.kubernetes.pod_name) ?? null',
    '.container = string(.kubernetes.container_name) ?? null',
    '.node = string(.kubernetes.pod_node_name) ?? null',
    'app = string(labels."app.kubernetes.io/name") ?? string(labels.app) ?? ""',
    'if app != "" { .app = app }',
    '',
  ].join('\n');
}

/**
 * The filter's condition: true keeps the event. Events without task identity are dropped; with
 * taskContainerStdout drop, so is the task container's stdout (a copy of the task log file).
 */
export function keepCondition(model: LogstackModel): string {
  const identity = REQUIRED_IDENTITY.map((f) => `is_string(.${f}) && .${f} != ""`);
  const { name, value } = AGENT_LAYOUT.taskPodLabel;
  const notTaskStdout =
    model.clusterAgent.taskContainerStdout === 'drop'
      ? [
          `!(.kubernetes.pod_labels.${name} == ${vrlString(value)} && .container == ${vrlString(AGENT_LAYOUT.taskContainer)})`,
        ]
      : [];
  return [...identity, ...notTaskStdout].join(' && ');
}
