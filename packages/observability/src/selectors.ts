import { isLabel, isMetadata, labelNames, type StreamFields, TASK_COMPONENT } from './fields.js';

/** One field pinned by a query: `=` for an exact value, `=~` / `!=` for patterns and exclusions. */
export interface Pin {
  field: string;
  op: '=' | '=~' | '!=' | '!~';
  value: string;
  /** Written as a backtick raw string: regex escapes such as `\+` are not LogQL string escapes. */
  raw?: boolean;
}

export const eq = (field: string, value: string): Pin => ({ field, op: '=', value });
export const re = (field: string, value: string): Pin => ({ field, op: '=~', value });
export const ne = (field: string, value: string): Pin => ({ field, op: '!=', value });
/**
 * Lines whose field contains a dashboard variable's text, taken literally: Grafana's `:regex`
 * format escapes it (an Airflow run id has `+`), an empty box matches every value.
 */
export const containsVariable = (field: string, name: string): Pin => ({
  field,
  op: '=~',
  value: `.*\${${name}:regex}.*`,
  raw: true,
});

const matcher = (p: Pin) => `${p.field}${p.op}${p.raw ? `\`${p.value}\`` : JSON.stringify(p.value)}`;

/**
 * A stream selector and label filters for the given pins: labels go into the selector (they pick
 * streams, cheap), structured metadata into filters after it. Loki needs one selector matcher that
 * cannot match the empty value, so streams without a pinned label get `<first label>=~".+"`.
 * A pin on a field the streams do not carry is an error: the query would silently match nothing.
 */
export function select(fields: StreamFields, pins: Pin[], prefer = 'dag_id'): string {
  const inSelector = pins.filter((p) => isLabel(fields, p.field));
  const filters = pins.filter((p) => !isLabel(fields, p.field));
  for (const p of filters)
    if (!isMetadata(fields, p.field))
      throw new Error(`"${p.field}" is neither a label nor structured metadata of these streams`);
  // A pinned value (a literal or a dashboard variable) never selects the empty value; exclusions can.
  if (!inSelector.some((p) => p.op === '=' || p.op === '=~')) {
    const names = labelNames(fields);
    const anchor = names.includes(prefer) ? prefer : names[0];
    if (anchor === undefined) throw new Error('these streams have no labels to select them by');
    const fixed = fields.staticLabels[anchor];
    inSelector.unshift(fixed === undefined ? re(anchor, '.+') : eq(anchor, fixed));
  }
  const selector = `{${inSelector.map(matcher).join(', ')}}`;
  return [selector, ...filters.map((p) => `| ${matcher(p)}`)].join(' ');
}

/**
 * Task-log streams only: a matcher that pod stdout streams cannot satisfy (dag_id as a label, else
 * component="task") is always part of the selector.
 */
export function selectTaskLogs(fields: StreamFields, pins: Pin[]): string {
  const taskOnly = isLabel(fields, 'dag_id')
    ? 'dag_id'
    : isLabel(fields, 'component')
      ? 'component'
      : undefined;
  if (!taskOnly || pins.some((p) => p.field === taskOnly && (p.op === '=' || p.op === '=~')))
    return select(fields, pins);
  const anchor = taskOnly === 'dag_id' ? re('dag_id', '.+') : eq('component', TASK_COMPONENT);
  return select(fields, [anchor, ...pins]);
}

/** The node agent's pod stdout only: pinned to its `job` label, so task-log streams stay out. */
export function selectClusterLogs(fields: StreamFields & { job: string }, pins: Pin[]): string {
  const job = isLabel(fields, 'job') ? [eq('job', fields.job)] : [];
  return select(fields, [...pins, ...job], 'namespace');
}
