import { inChartLokiUrl, type LogstackModel } from '@logstack/spec';
import { confinementDecision } from './confinement.js';
import { SIDECAR_LAYOUT } from './layout.js';
import { sidecarTimings } from './timings.js';

/** Name of the secrets backend that reads the Loki credentials from the mounted Secret files. */
export const LOKI_AUTH_BACKEND = 'loki_auth';

/** Loki's base URL: the spec's pushUrl, or the Service of the umbrella's own Loki for its scale mode. */
export function lokiEndpoint(model: LogstackModel): string {
  if (model.loki.mode === 'external' && model.loki.pushUrl)
    return model.loki.pushUrl.replace(/\/+$/, '').replace(/\/loki\/api\/v1\/push$/, '');
  // The ConfigMap is placed without tpl, so the release name is not known; the chart fixes the name.
  return inChartLokiUrl(model);
}

const template = (field: string) => `{{ ${field} }}`;

function auth(model: LogstackModel): Record<string, unknown> {
  const secret = (file: string) => `SECRET[${LOKI_AUTH_BACKEND}.${file}]`;
  const files = SIDECAR_LAYOUT.lokiAuthFiles;
  switch (model.loki.auth.type) {
    case 'basic':
      return { auth: { strategy: 'basic', user: secret(files.username), password: secret(files.password) } };
    case 'bearer':
      return { auth: { strategy: 'bearer', token: secret(files.token) } };
    default:
      return {};
  }
}

function tls(model: LogstackModel): Record<string, unknown> {
  const t = model.loki.tls;
  const dir = SIDECAR_LAYOUT.lokiTlsDir;
  const files = SIDECAR_LAYOUT.lokiTlsFiles;
  const out: Record<string, unknown> = {
    ...(t.caSecret ? { ca_file: `${dir}/${files.ca}` } : {}),
    ...(t.clientCertSecret ? { crt_file: `${dir}/${files.cert}` } : {}),
    ...(t.clientKeySecret ? { key_file: `${dir}/${files.key}` } : {}),
    ...(t.insecureSkipVerify ? { verify_certificate: false, verify_hostname: false } : {}),
  };
  return Object.keys(out).length ? { tls: out } : {};
}

/** The loki sink. Only `message` becomes the line (raw_message); fields go to labels or structured metadata. */
export function lokiSink(model: LogstackModel, input: string): Record<string, unknown> {
  const { loki } = model;
  const decision = confinementDecision(model);
  const timings = sidecarTimings(model);
  const metadata = Object.fromEntries(loki.structuredMetadata.map((f) => [f, template(f)]));
  return {
    type: 'loki',
    inputs: [input],
    endpoint: lokiEndpoint(model),
    ...(loki.tenant ? { tenant_id: loki.tenant } : {}),
    encoding: { codec: 'raw_message' },
    labels: { ...Object.fromEntries(loki.labels.map((f) => [f, template(f)])), ...loki.staticLabels },
    ...(loki.structuredMetadata.length ? { structured_metadata: metadata } : {}),
    out_of_order_action: 'accept',
    compression: 'snappy',
    batch: {
      timeout_secs: loki.batch.timeoutMs / 1000,
      max_events: loki.batch.maxEvents,
      max_bytes: loki.batch.maxBytes,
    },
    // Retries span sidecar.lokiOutageToleranceSeconds, then the push is given up and counted as
    // discarded. No jitter, so that span is exact (full jitter could give up after a fraction of it).
    request: {
      retry_attempts: timings.retryAttempts,
      retry_initial_backoff_secs: timings.retryInitialBackoffSeconds,
      retry_max_duration_secs: timings.retryMaxBackoffSeconds,
      retry_jitter_mode: 'None',
    },
    acknowledgements: { enabled: true },
    ...auth(model),
    ...tls(model),
    ...(decision.ok && decision.allowUnconfined
      ? { dangerously_allow_unconfined_template_resolution: true }
      : {}),
  };
}

/** The secrets backend for basic or bearer auth: files of the mounted Secret, never values in the config. */
export function lokiSecretBackends(model: LogstackModel): Record<string, unknown> {
  if (model.loki.auth.type === 'none') return {};
  return {
    [LOKI_AUTH_BACKEND]: {
      type: 'directory',
      path: SIDECAR_LAYOUT.lokiAuthDir,
      remove_trailing_whitespace: true,
    },
  };
}
