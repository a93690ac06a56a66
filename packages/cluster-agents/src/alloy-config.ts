import type { LogstackModel } from '@logstack/spec';
import { AGENT_LAYOUT } from './layout.js';
import { lokiTarget, staticLabelsOf } from './loki-target.js';
import { attr, block, printRiver, type RiverBlock, type RiverItem, raw, rawString } from './river.js';

/**
 * Identity of KubernetesExecutor task pods, from the pod's annotations: Airflow writes the full
 * values there and only label-safe (cut and hashed) copies into the labels.
 */
const TASK_ANNOTATIONS: Array<[annotation: string, field: string]> = [
  ['dag_id', 'dag_id'],
  ['task_id', 'task_id'],
  ['run_id', 'run_id'],
  ['try_number', 'attempt'],
  ['map_index', 'map_index'],
];

/** Pod-level identity: structured metadata, never labels (a stream per pod would not scale). */
export const ALLOY_POD_METADATA = ['pod', 'node', 'stream', ...TASK_ANNOTATIONS.map(([, f]) => f)] as const;
export const ALLOY_POD_LABELS = ['namespace', 'container', 'app', 'job'] as const;
export const ALLOY_EVENT_METADATA = ['level', 'kind', 'object', 'reason'] as const;
export const ALLOY_EVENT_LABELS = ['namespace', 'job'] as const;

const relabel = (source: string[], target: string, extra: RiverItem[] = [], comment?: string): RiverBlock =>
  block('rule', undefined, [attr('source_labels', source), ...extra, attr('target_label', target)], comment);

function discovery(model: LogstackModel): RiverBlock[] {
  const { name: podLabel, value: podLabelValue } = AGENT_LAYOUT.taskPodLabel;
  const rules: RiverBlock[] = [];
  if (model.clusterAgent.taskContainerStdout === 'drop')
    rules.push(
      block(
        'rule',
        undefined,
        [
          attr('source_labels', [
            `__meta_kubernetes_pod_label_${podLabel}`,
            '__meta_kubernetes_pod_container_name',
          ]),
          attr('separator', '/'),
          attr('regex', `${podLabelValue}/${AGENT_LAYOUT.taskContainer}`),
          attr('action', 'drop'),
        ],
        'The task container of KubernetesExecutor pods: Airflow 3 copies every task log line to its stdout\n(execute_workload runs the supervisor with subprocess_logs_to_stdout), and the sidecar already ships\nthe task log file. Its other containers (the sidecar, init containers) are kept.',
      ),
    );
  rules.push(
    relabel(['__meta_kubernetes_namespace'], 'namespace'),
    relabel(['__meta_kubernetes_pod_container_name'], 'container'),
    relabel(
      ['__meta_kubernetes_pod_label_app'],
      'app',
      [],
      'app: app.kubernetes.io/name, else the app label.',
    ),
    relabel(['__meta_kubernetes_pod_label_app_kubernetes_io_name'], 'app', [attr('regex', '(.+)')]),
    relabel(['__meta_kubernetes_pod_name'], 'pod'),
    relabel(['__meta_kubernetes_pod_node_name'], 'node'),
    ...TASK_ANNOTATIONS.map(([annotation, field], i) =>
      relabel(
        [`__meta_kubernetes_pod_annotation_${annotation}`],
        field,
        [],
        i === 0
          ? 'Task identity of KubernetesExecutor pods (empty, so absent, on other pods). From the annotations:\nthe labels hold cut and hashed copies of long values.'
          : undefined,
      ),
    ),
    block(
      'rule',
      undefined,
      [
        attr('source_labels', ['__meta_kubernetes_pod_uid', '__meta_kubernetes_pod_container_name']),
        attr('separator', '/'),
        attr('target_label', '__path__'),
        attr('replacement', '/var/log/pods/*$1/*.log'),
      ],
      "The runtime's files for this container: /var/log/pods/<namespace>_<pod>_<uid>/<container>/<restart>.log.",
    ),
    block('rule', undefined, [attr('target_label', 'job'), attr('replacement', AGENT_LAYOUT.jobs.pods)]),
  );
  return [
    block(
      'discovery.kubernetes',
      'pods',
      [
        attr('role', 'pod'),
        block('selectors', undefined, [
          attr('role', 'pod'),
          attr('field', raw('"spec.nodeName=" + sys.env("HOSTNAME")')),
        ]),
      ],
      'Pods of this node only: the Alloy chart sets HOSTNAME to spec.nodeName.',
    ),
    block('discovery.relabel', 'pod_logs', [
      attr('targets', raw('discovery.kubernetes.pods.targets')),
      ...rules,
    ]),
    block('local.file_match', 'pod_logs', [attr('path_targets', raw('discovery.relabel.pod_logs.output'))]),
    block('loki.source.file', 'pod_logs', [
      attr('targets', raw('local.file_match.pod_logs.targets')),
      attr('forward_to', [raw('loki.process.pod_logs.receiver')]),
    ]),
  ];
}

const structuredMetadata = (fields: readonly string[], from: Record<string, string> = {}): RiverBlock =>
  block('stage.structured_metadata', undefined, [
    attr('values', Object.fromEntries(fields.map((f) => [f, from[f] ?? '']))),
  ]);

function podPipeline(): RiverBlock {
  return block('loki.process', 'pod_logs', [
    attr('forward_to', [raw('loki.write.default.receiver')]),
    block('stage.cri', undefined, [], 'CRI lines: time, stream, partial flag, content.'),
    block(
      'stage.structured_metadata',
      undefined,
      [attr('values', Object.fromEntries(ALLOY_POD_METADATA.map((f) => [f, ''])))],
      'Labels are in the extracted map too, so the per-pod fields move from labels to structured metadata.',
    ),
    block('stage.label_drop', undefined, [
      attr('values', [...ALLOY_POD_METADATA.filter((f) => f !== 'stream'), 'filename']),
    ]),
  ]);
}

function events(): RiverBlock[] {
  return [
    block(
      'loki.source.kubernetes_events',
      'events',
      [
        attr('job_name', AGENT_LAYOUT.jobs.events),
        attr('log_format', 'logfmt'),
        block(
          'clustering',
          undefined,
          [attr('enabled', true)],
          'Alloy runs on every node; clustered (Alloy 1.16+), one pod reads the events, else each node\nwould ship every event once (grafana/alloy#401).',
        ),
        attr('forward_to', [raw('loki.process.events.receiver')]),
      ],
      'Kubernetes events (kept by the API server for about an hour) with the namespace of their object.',
    ),
    block('loki.process', 'events', [
      attr('forward_to', [raw('loki.write.default.receiver')]),
      block('stage.logfmt', undefined, [attr('mapping', { kind: '', name: '', reason: '', type: '' })]),
      block(
        'stage.template',
        undefined,
        [
          attr('source', 'level'),
          attr(
            'template',
            rawString('{{ if eq (default "" .type) "Warning" }}warning{{ else }}info{{ end }}'),
          ),
        ],
        'Warning events become level=warning, the rest level=info, the name Loki and the task logs use.',
      ),
      structuredMetadata(ALLOY_EVENT_METADATA, { object: 'name' }),
      block(
        'stage.label_drop',
        undefined,
        [attr('values', ['instance'])],
        'instance is the component id, the same on every line.',
      ),
    ]),
  ];
}

const batchSize = (bytes: number): string =>
  bytes % 1048576 === 0 ? `${bytes / 1048576}MiB` : bytes % 1024 === 0 ? `${bytes / 1024}KiB` : `${bytes}B`;

function write(model: LogstackModel): RiverBlock[] {
  const target = lokiTarget(model);
  const { batch, retry } = model.loki;
  const staticLabels = staticLabelsOf(model);
  const endpoint: RiverItem[] = [
    attr('url', target.pushUrl),
    ...(target.tenant ? [attr('tenant_id', target.tenant)] : []),
    attr('batch_wait', `${batch.timeoutMs}ms`),
    attr('batch_size', batchSize(batch.maxBytes)),
    attr('min_backoff_period', `${retry.initialBackoffMs}ms`),
    attr('max_backoff_period', `${retry.maxBackoffSecs}s`),
    attr('max_backoff_retries', retry.attempts),
  ];
  const extra: RiverBlock[] = [];
  if (target.auth.type === 'basic') {
    extra.push(
      block(
        'local.file',
        'loki_username',
        [attr('filename', target.auth.usernameFile)],
        'Credentials are files projected from Secrets (never in this text).',
      ),
    );
    endpoint.push(
      block('basic_auth', undefined, [
        attr('username', raw('string.trim_space(local.file.loki_username.content)')),
        attr('password_file', target.auth.passwordFile),
      ]),
    );
  } else if (target.auth.type === 'bearer') {
    endpoint.push(attr('bearer_token_file', target.auth.tokenFile));
  }
  const { tls } = target;
  if (tls.caFile || tls.certFile || tls.insecureSkipVerify)
    endpoint.push(
      block('tls_config', undefined, [
        ...(tls.caFile ? [attr('ca_file', tls.caFile)] : []),
        ...(tls.certFile ? [attr('cert_file', tls.certFile)] : []),
        ...(tls.keyFile ? [attr('key_file', tls.keyFile)] : []),
        ...(tls.insecureSkipVerify ? [attr('insecure_skip_verify', true)] : []),
      ]),
    );
  return [
    ...extra,
    block('loki.write', 'default', [
      block('endpoint', undefined, endpoint),
      ...(Object.keys(staticLabels).length ? [attr('external_labels', { ...staticLabels })] : []),
    ]),
  ];
}

/**
 * The Alloy configuration (River), unescaped: pod logs of this node from /var/log/pods, Kubernetes
 * events, one Loki writer. `alloyValues` carries it escaped for the chart's `tpl`.
 */
export function alloyConfig(model: LogstackModel): string {
  const blocks: RiverBlock[] = [
    block('logging', undefined, [attr('level', 'info'), attr('format', 'logfmt')]),
    ...discovery(model),
    podPipeline(),
    ...(model.clusterAgent.events ? events() : []),
    ...write(model),
  ];
  return printRiver(blocks);
}
