import type { TaskLogStreamFields } from '@logstack/vector-config';

/** A LogQL string literal (Go syntax; JSON's escapes are a subset of it). */
export const logqlString = (s: string) => JSON.stringify(s);

/** Reads a field wherever the spec put it: a stream label or structured metadata. */
export const fieldOf = (
  e: { labels: Record<string, string>; metadata: Record<string, string> },
  name: string,
) => e.metadata[name] ?? e.labels[name];

/**
 * The LogQL that selects the task-log lines of one DAG run: fields that are labels go in the
 * stream selector, fields sent as structured metadata in label filters (no parser needed).
 */
export function runQuery(
  fields: TaskLogStreamFields,
  values: { namespace: string; dagId: string; runId: string },
): string {
  const wanted: Array<[string, string]> = [
    ['namespace', values.namespace],
    ['dag_id', values.dagId],
    ['component', 'task'],
    ['run_id', values.runId],
  ];
  const matchers = Object.entries(fields.staticLabels).map(([k, v]) => `${k}=${logqlString(v)}`);
  const filters: string[] = [];
  for (const [name, value] of wanted) {
    if (fields.labels.includes(name)) matchers.push(`${name}=${logqlString(value)}`);
    else if (fields.structuredMetadata.includes(name)) filters.push(`${name}=${logqlString(value)}`);
    else if (name === 'run_id' || name === 'dag_id')
      throw new Error(
        `the spec ships ${name} neither as a label nor as structured metadata: a run's lines cannot be told apart`,
      );
  }
  if (!matchers.length)
    throw new Error(
      'the spec has no stream label verify can select task logs by (namespace, dag_id, component or a static label)',
    );
  return `{${matchers.join(', ')}}${filters.map((f) => ` | ${f}`).join('')}`;
}

/** Stream selector of the task-log streams of a namespace (for the series API). */
export function taskSelector(fields: TaskLogStreamFields, namespace: string): string {
  const m = Object.entries(fields.staticLabels).map(([k, v]) => `${k}=${logqlString(v)}`);
  if (fields.labels.includes('namespace')) m.push(`namespace=${logqlString(namespace)}`);
  if (fields.labels.includes('component')) m.push('component="task"');
  if (!m.length)
    throw new Error(
      'the spec has no stream label that tells task logs apart (namespace, component or a static label)',
    );
  return `{${m.join(', ')}}`;
}
