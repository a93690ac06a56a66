import type { LogstackModel } from '@logstack/spec';
import { AGENT_LAYOUT } from './layout.js';
import { lokiTarget, staticLabelsOf } from './loki-target.js';
import { confinesTemplates, vectorVersionOfTag } from './vector-version.js';
import { identityProgram, keepCondition, REQUIRED_IDENTITY } from './vrl.js';

export const VECTOR_AGENT_IDS = {
  source: 'pod_logs',
  remap: 'pod_identity',
  filter: 'require_identity',
  sink: 'loki',
  metricsSource: 'internal_metrics',
  // The chart names the container port after this id (prom_exporter -> prom-exporter), the port
  // its PodMonitor scrapes.
  metricsSink: 'prom_exporter',
  secrets: 'loki_credentials',
} as const;

export const VECTOR_AGENT_LABELS = ['namespace', 'container', 'app', 'job'] as const;
export const VECTOR_AGENT_METADATA = ['pod', 'node', 'stream', ...REQUIRED_IDENTITY, 'map_index'] as const;

const template = (field: string) => `{{ ${field} }}`;
const secret = (file: string) => `SECRET[${VECTOR_AGENT_IDS.secrets}.${file}]`;

/**
 * The Vector agent's configuration (seed 002's design): kubernetes_logs of the pods matching
 * vectorAgent.podLabelSelector, task identity from their labels and annotations, a filter that
 * drops events without it, a loki sink behind a disk buffer that blocks when full. Unescaped;
 * `vectorAgentValues` carries it escaped for the chart.
 */
export function vectorAgentConfig(model: LogstackModel): Record<string, unknown> {
  const agent = model.clusterAgent.vectorAgent;
  const target = lokiTarget(model);
  const version = vectorVersionOfTag(agent.image.tag);
  const { batch, retry } = model.loki;
  const { credentialFiles: files } = AGENT_LAYOUT;
  const auth =
    target.auth.type === 'basic'
      ? { strategy: 'basic', user: secret(files.username), password: secret(files.password) }
      : target.auth.type === 'bearer'
        ? { strategy: 'bearer', token: secret(files.token) }
        : undefined;
  const { tls } = target;
  const hasTls = Boolean(tls.caFile || tls.certFile || tls.insecureSkipVerify);
  return {
    data_dir: AGENT_LAYOUT.vector.dataDir,
    api: { enabled: true, address: `0.0.0.0:${AGENT_LAYOUT.vector.apiPort}` },
    ...(auth
      ? {
          secret: {
            [VECTOR_AGENT_IDS.secrets]: {
              type: 'directory',
              path: AGENT_LAYOUT.credentialsDir,
              remove_trailing_whitespace: true,
            },
          },
        }
      : {}),
    sources: {
      [VECTOR_AGENT_IDS.source]: {
        type: 'kubernetes_logs',
        // self_node_name stays unset: the source reads VECTOR_SELF_NODE_NAME (set by the chart for
        // role Agent) itself, with no config interpolation.
        extra_label_selector: agent.podLabelSelector,
      },
      [VECTOR_AGENT_IDS.metricsSource]: { type: 'internal_metrics' },
    },
    transforms: {
      [VECTOR_AGENT_IDS.remap]: {
        type: 'remap',
        inputs: [VECTOR_AGENT_IDS.source],
        source: identityProgram(),
      },
      [VECTOR_AGENT_IDS.filter]: {
        type: 'filter',
        inputs: [VECTOR_AGENT_IDS.remap],
        condition: { type: 'vrl', source: keepCondition(model) },
      },
    },
    sinks: {
      [VECTOR_AGENT_IDS.sink]: {
        type: 'loki',
        inputs: [VECTOR_AGENT_IDS.filter],
        endpoint: target.baseUrl,
        ...(target.tenant ? { tenant_id: target.tenant } : {}),
        ...(auth ? { auth } : {}),
        ...(hasTls
          ? {
              tls: {
                ...(tls.caFile ? { ca_file: tls.caFile } : {}),
                ...(tls.certFile ? { crt_file: tls.certFile } : {}),
                ...(tls.keyFile ? { key_file: tls.keyFile } : {}),
                ...(tls.insecureSkipVerify ? { verify_certificate: false } : {}),
              },
            }
          : {}),
        encoding: { codec: 'text' },
        labels: {
          namespace: template('namespace'),
          container: template('container'),
          app: template('app'),
          job: AGENT_LAYOUT.jobs.pods,
          ...staticLabelsOf(model),
        },
        structured_metadata: Object.fromEntries(VECTOR_AGENT_METADATA.map((f) => [f, template(f)])),
        remove_label_fields: true,
        out_of_order_action: 'accept',
        ...(version && confinesTemplates(version)
          ? // Labels and metadata are not paths: an unconfined template cannot escape anything here.
            { dangerously_allow_unconfined_template_resolution: true }
          : {}),
        batch: {
          timeout_secs: batch.timeoutMs / 1000,
          max_events: batch.maxEvents,
          max_bytes: batch.maxBytes,
        },
        // No retry_attempts: Vector retries without end by default, and behind a disk buffer that is
        // what keeps lines through a Loki outage (giving up would drop them).
        request: {
          retry_initial_backoff_secs: Math.max(1, Math.ceil(retry.initialBackoffMs / 1000)),
          retry_max_duration_secs: retry.maxBackoffSecs,
        },
        // No end-to-end acknowledgements: kubernetes_logs does not support them (Vector warns "Silent
        // data loss could occur"), so enabling them protected nothing. What this mode can lose is in
        // docs/architecture.md: lines read but not yet in the disk buffer at a crash, and pods it never saw.
        buffer: { type: 'disk', max_size: agent.bufferBytes, when_full: 'block' },
      },
      [VECTOR_AGENT_IDS.metricsSink]: {
        type: 'prometheus_exporter',
        inputs: [VECTOR_AGENT_IDS.metricsSource],
        address: `0.0.0.0:${AGENT_LAYOUT.vector.metricsPort}`,
      },
    },
  };
}
