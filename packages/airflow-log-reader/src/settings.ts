import { LOKI_DATASOURCE_UID } from '@logstack/observability';
import type { LogstackModel } from '@logstack/spec';
import { lokiEndpoint, SIDECAR_LAYOUT, taskLogStreamFields } from '@logstack/vector-config';
import { READER_LAYOUT } from './layout.js';

/** The attempt's identity, as Airflow's task instance gives it and the sidecar ships it. */
export const ATTEMPT_FIELDS = ['dag_id', 'task_id', 'run_id', 'map_index', 'attempt'] as const;
export type AttemptField = (typeof ATTEMPT_FIELDS)[number];

/** Fields of a Loki line that Airflow's StructuredLogMessage shows, by its key. */
const LINE_FIELDS = { level: 'level', logger: 'logger' } as const;

/** What python/logstack_loki_reader.py reads from LOGSTACK_SETTINGS (JSON). */
export interface ReaderSettings {
  url: string;
  tenant: string;
  auth:
    | { type: 'none' }
    | { type: 'basic'; usernameFile: string; passwordFile: string }
    | { type: 'bearer'; tokenFile: string };
  tls: { caFile?: string; certFile?: string; keyFile?: string; insecureSkipVerify?: boolean };
  /** Constant stream-selector matchers: [name, value]. */
  staticPins: [string, string][];
  /** Where each attempt field is in Loki: a stream label or structured metadata. */
  identity: Record<AttemptField, 'label' | 'metadata'>;
  lineFields: Record<string, string>;
  pageLines: number;
  maxPageLines: number;
  maxLines: number;
  requestTimeoutSeconds: number;
  totalTimeoutSeconds: number;
  windowMarginSeconds: number;
  maxResponseBytes: number;
  grafana: { url: string; datasourceUid: string } | null;
}

/** Loki's default max_entries_limit_per_query: a bigger limit is refused with HTTP 400. */
export const LOKI_MAX_ENTRIES = 5000;

/** Where an attempt field lives, or undefined when the sidecar does not ship it (see uiLogReaderChecks). */
export function fieldPlace(model: LogstackModel, field: string): 'label' | 'metadata' | undefined {
  const f = taskLogStreamFields(model);
  if (f.labels.includes(field)) return 'label';
  if (f.structuredMetadata.includes(field)) return 'metadata';
  return undefined;
}

/** The constant part of the stream selector: namespace, component="task" and static labels when they are labels. */
function staticPins(model: LogstackModel): [string, string][] {
  const f = taskLogStreamFields(model);
  const pins: [string, string][] = [];
  if (f.labels.includes('namespace')) pins.push(['namespace', model.airflow.namespace]);
  // Keeps pod stdout streams of the node agent out (the sidecar's constant, vector-config CONSTANT_FIELD_VALUES).
  if (f.labels.includes('component')) pins.push(['component', 'task']);
  for (const [k, v] of Object.entries(f.staticLabels)) pins.push([k, v]);
  return pins;
}

function identity(model: LogstackModel): ReaderSettings['identity'] {
  return Object.fromEntries(
    ATTEMPT_FIELDS.map((field) => [field, fieldPlace(model, field) ?? 'metadata']),
  ) as ReaderSettings['identity'];
}

function auth(model: LogstackModel): ReaderSettings['auth'] {
  const dir = READER_LAYOUT.lokiAuthDir;
  const files = SIDECAR_LAYOUT.lokiAuthFiles;
  switch (model.loki.auth.type) {
    case 'basic':
      return {
        type: 'basic',
        usernameFile: `${dir}/${files.username}`,
        passwordFile: `${dir}/${files.password}`,
      };
    case 'bearer':
      return { type: 'bearer', tokenFile: `${dir}/${files.token}` };
    default:
      return { type: 'none' };
  }
}

function tls(model: LogstackModel): ReaderSettings['tls'] {
  const t = model.loki.tls;
  const dir = READER_LAYOUT.lokiTlsDir;
  const files = SIDECAR_LAYOUT.lokiTlsFiles;
  return {
    ...(t.caSecret ? { caFile: `${dir}/${files.ca}` } : {}),
    ...(t.clientCertSecret ? { certFile: `${dir}/${files.cert}` } : {}),
    ...(t.clientKeySecret ? { keyFile: `${dir}/${files.key}` } : {}),
    ...(t.insecureSkipVerify ? { insecureSkipVerify: true } : {}),
  };
}

/** Everything the reader needs, from the spec: the same Loki, tenant, Secrets and fields as the sidecar. */
export function readerSettings(model: LogstackModel): ReaderSettings {
  const ui = model.airflow.uiLogs;
  const f = taskLogStreamFields(model);
  const shipped = new Set([...f.labels, ...f.structuredMetadata]);
  return {
    url: lokiEndpoint(model),
    tenant: model.loki.tenant,
    auth: auth(model),
    tls: tls(model),
    staticPins: staticPins(model),
    identity: identity(model),
    lineFields: Object.fromEntries(Object.entries(LINE_FIELDS).filter(([, field]) => shipped.has(field))),
    pageLines: ui.pageLines,
    maxPageLines: LOKI_MAX_ENTRIES,
    maxLines: ui.maxLines,
    requestTimeoutSeconds: ui.requestTimeoutSeconds,
    totalTimeoutSeconds: ui.totalTimeoutSeconds,
    windowMarginSeconds: ui.windowMarginSeconds,
    // A page of 5000 lines of at most 256 KB (Loki's max_line_size) each, with room for the JSON around them.
    maxResponseBytes: 64 << 20,
    grafana:
      model.grafana.enabled && ui.grafanaUrl
        ? { url: ui.grafanaUrl.replace(/\/+$/, ''), datasourceUid: LOKI_DATASOURCE_UID }
        : null,
  };
}
