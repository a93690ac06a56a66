import type { LogField, LogstackModel } from '@logstack/spec';
import { ALL_LOG_FIELDS, CONSTANT_FIELD_VALUES } from './fields.js';
import { taskLogPathPattern } from './filename-template.js';
import { SIDECAR_LAYOUT } from './layout.js';

/** Loki refuses lines over its max_line_size (256KB by default) and Vector drops a refused batch: cut well before. */
export const MAX_MESSAGE_BYTES = 240_000;
/** Characters kept when a message is cut; at most 4 bytes each, so the cut line stays under the limit. */
const TRUNCATED_CHARS = 60_000;

/** Airflow 3 JSON keys that become event fields (or Loki's entry timestamp) and leave the line. */
const JSON_KEYS_OUT_OF_LINE = ['event', 'timestamp', 'level', 'logger', 'filename', 'lineno', 'chan'];

// JSON's escapes are VRL's; the values here (env names, a DNS label, constants) hold no braces.
const vrlString = (s: string): string => JSON.stringify(s);

const jsonLine = `line, line_err = parse_json(raw)
if line_err == null && is_object(line) && exists(line.event) {
  obj = object(line) ?? {}
  message = string(obj.event) ?? encode_json(obj.event)
  t, t_err = parse_timestamp(string(obj.timestamp) ?? "", "%+")
  if t_err == null { ts = t }
  level = downcase(string(obj.level) ?? "unknown")
  logger = string(obj.logger) ?? "unknown"
  if obj.filename != null {
    filename = string(obj.filename) ?? "unknown"
    if obj.lineno != null { filename = filename + ":" + (to_string(obj.lineno) ?? "") }
  }
  extra = obj
${JSON_KEYS_OUT_OF_LINE.map((k) => `  del(extra.${k})`).join('\n')}
  if length(extra) > 0 { message = message + " " + encode_json(extra) }
} else {
  parse_error = "not an Airflow JSON log line"
}`;

// Airflow 2's default log_format: [%(asctime)s] {%(filename)s:%(lineno)d} %(levelname)s - %(message)s.
// (?s): a traceback joined by the file source's multiline settings stays in the message.
const textLine = `m, m_err = parse_regex(raw, r'(?s)\\A\\[(?P<ts>[^\\]]+)\\] \\{(?P<src>[^}]*)\\} (?P<level>[A-Za-z]+) - (?P<msg>.*)\\z')
if m_err == null {
  message = string(m.msg) ?? raw
  level = downcase(string(m.level) ?? "unknown")
  filename = string(m.src) ?? "unknown"
  t, t_err = parse_timestamp(string(m.ts) ?? "", "%Y-%m-%dT%H:%M:%S%.f%z")
  if t_err != null { t, t_err = parse_timestamp(string(m.ts) ?? "", "%Y-%m-%d %H:%M:%S,%3f") }
  if t_err == null { ts = t }
} else {
  parse_error = "not an Airflow text log line"
}`;

function fieldExpression(field: LogField, model: LogstackModel): string {
  const env = SIDECAR_LAYOUT.env;
  switch (field) {
    case 'namespace':
      return `get_env_var(${vrlString(env.podNamespace)}) ?? ${vrlString(model.airflow.namespace)}`;
    case 'pod':
      // The file source's host field is the pod's hostname, which is the pod name.
      return `get_env_var(${vrlString(env.podName)}) ?? string(.host) ?? "unknown"`;
    case 'node':
      return `get_env_var(${vrlString(env.nodeName)}) ?? "unknown"`;
    case 'component':
    case 'container':
      return vrlString(CONSTANT_FIELD_VALUES[field]);
    default:
      return field;
  }
}

/**
 * The remap program: task identity from the file path, timestamp, level, message and logger from
 * the line. A line it cannot parse is kept whole with level "unknown" and a parse_error field.
 * The event is rebuilt with the message, the timestamp and every log field; the sink picks labels
 * and structured metadata from them and sends only the message as the line.
 */
export function taskLogVrl(model: LogstackModel): string {
  const { folder, format, filenameTemplate } = model.airflow.logs;
  const pattern = taskLogPathPattern(folder, filenameTemplate);
  const has = (f: string) => (pattern.fields as string[]).includes(f);
  const idText = (f: string) => (has(f) ? `decode_percent(string(id.${f}) ?? "unknown")` : '"unknown"');
  return `raw = string(.message) ?? ""
ts = .timestamp
parse_error = null
message = raw
level = "unknown"
logger = "unknown"
filename = "unknown"

id, id_err = parse_regex(string(.file) ?? "", r'${pattern.regex}')
if id_err != null { parse_error = "path does not match the log filename template" }
dag_id = ${idText('dag_id')}
run_id = ${idText('run_id')}
task_id = ${idText('task_id')}
map_index = -1
${has('map_index') ? 'if id.map_index != null { map_index = to_int(id.map_index) ?? -1 }\n' : ''}attempt = ${has('attempt') ? 'to_int(id.attempt) ?? 0' : '0'}

${format === 'json' ? jsonLine : textLine}

truncated = false
if length(message) > ${MAX_MESSAGE_BYTES} {
  message = truncate(message, ${TRUNCATED_CHARS}) + " [cut by the log sidecar]"
  truncated = true
}

. = {
${['"message": message', '"timestamp": ts', ...ALL_LOG_FIELDS.map((f) => `${vrlString(f)}: ${fieldExpression(f, model)}`)].map((e) => `  ${e}`).join(',\n')}
}
if parse_error != null { .parse_error = parse_error }
if truncated { .truncated = true }
`;
}
