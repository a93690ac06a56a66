import { check, execute } from '@bpinternal/verel';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import { AGENT_LAYOUT, VECTOR_AGENT_IDS, vectorAgentConfig, vectorAgentValues } from '../src/index.js';
import { chartYaml, completeModel, HELMS, helmTemplate, model } from './helpers.js';

type Config = {
  sources: Record<string, Record<string, unknown>>;
  transforms: Record<string, { source?: string; condition?: { type: string; source: string } }>;
  sinks: Record<string, Record<string, unknown>>;
  data_dir: string;
};

const agent = (extra = '') => model(`clusterAgent:\n  type: vector-agent\n${extra}`);
const config = (m = agent()) => vectorAgentConfig(m) as unknown as Config;
const remapOf = (c: Config) => c.transforms[VECTOR_AGENT_IDS.remap]?.source as string;
const conditionOf = (c: Config) => c.transforms[VECTOR_AGENT_IDS.filter]?.condition?.source as string;

/** What kubernetes_logs emits for a line of a KubernetesExecutor task pod (Vector 0.5x field set). */
function taskPodEvent(container: string, overrides: Record<string, unknown> = {}) {
  const runId = 'scheduled__2026-08-16T17:00:00+00:00';
  return {
    file: `/var/log/pods/airflow_etl-load-orders-x7k2_0b6f/${container}/0.log`,
    message: 'Task started',
    source_type: 'kubernetes_logs',
    stream: 'stdout',
    timestamp: '2026-08-16T17:43:20.929261Z',
    kubernetes: {
      container_id: 'containerd://4f1c',
      container_image: 'apache/airflow:3.1.0',
      container_name: container,
      namespace_labels: { 'kubernetes.io/metadata.name': 'airflow' },
      node_labels: { 'kubernetes.io/hostname': 'node-1' },
      pod_annotations: { dag_id: 'etl.load_orders', task_id: 'load', run_id: runId, try_number: '2' },
      pod_ip: '10.0.0.12',
      pod_labels: {
        'airflow-worker': '42',
        airflow_version: '3.1.0',
        component: 'worker',
        dag_id: 'etl.load_orders',
        kubernetes_executor: 'True',
        release: 'logstack',
        // Airflow's label-safe copy of a run_id with '+' and ':' (make_safe_label_value).
        run_id: 'scheduled__2026-08-16T1700000000-5c2ad8f1a',
        task_id: 'load',
        try_number: '2',
      },
      pod_name: 'etl-load-orders-x7k2',
      pod_namespace: 'airflow',
      pod_node_name: 'node-1',
      pod_uid: '0b6f',
      ...overrides,
    },
  };
}

function run(program: string, event: unknown) {
  const { errors } = check(program);
  assert.equal(
    errors.map((e) => e.message),
    [],
    'VRL compiles',
  );
  return execute(program, event);
}

test('Vector agent - VRL takes task identity from annotations first, pod labels as fallback', () => {
  const out = run(remapOf(config()), taskPodEvent('vector-task-logs')).event;
  assert.is(out.dag_id, 'etl.load_orders');
  assert.is(out.run_id, 'scheduled__2026-08-16T17:00:00+00:00', 'the annotation, not the hashed label');
  assert.is(out.task_id, 'load');
  assert.is(out.attempt, '2');
  assert.is(out.map_index, undefined, 'an unmapped task has no map_index');
  assert.is(out.namespace, 'airflow');
  assert.is(out.pod, 'etl-load-orders-x7k2');
  assert.is(out.node, 'node-1');
  assert.is(out.message, 'Task started', 'the line is untouched');
  const labelsOnly = taskPodEvent('x', {
    pod_annotations: {},
    pod_labels: { dag_id: 'd', task_id: 't', run_id: 'r', try_number: '1', map_index: '3', app: 'etl' },
  });
  const fallback = run(remapOf(config()), labelsOnly).event;
  assert.equal(
    [fallback.dag_id, fallback.task_id, fallback.run_id, fallback.attempt, fallback.map_index, fallback.app],
    ['d', 't', 'r', '1', '3', 'etl'],
  );
});

test('Vector agent - the filter keeps task pods with identity and drops events without it', () => {
  const c = config();
  const keep = (event: unknown) => run(conditionOf(c), run(remapOf(c), event).event).result;
  assert.is(keep(taskPodEvent('vector-task-logs')), true, 'the sidecar diagnostics of a task pod');
  assert.is(keep(taskPodEvent('git-sync-init')), true);
  const scheduler = taskPodEvent('scheduler', {
    pod_annotations: {},
    pod_labels: { component: 'scheduler' },
  });
  assert.is(keep(scheduler), false, 'no identity');
  const partial = taskPodEvent('x', {
    pod_annotations: { dag_id: 'd', task_id: 't', run_id: 'r' },
    pod_labels: {},
  });
  assert.is(keep(partial), false, 'no try number');
  const empty = taskPodEvent('x', {
    pod_annotations: { dag_id: '', task_id: 't', run_id: 'r', try_number: '1' },
    pod_labels: {},
  });
  assert.is(keep(empty), false, 'an empty dag_id');
  assert.is(keep({ message: 'no kubernetes metadata' }), false);
});

test("Vector agent - the task container's stdout is dropped by default and kept with taskContainerStdout ship", () => {
  const drop = config();
  const ship = config(agent('  taskContainerStdout: ship\n'));
  const keep = (c: Config, event: unknown) => run(conditionOf(c), run(remapOf(c), event).event).result;
  assert.is(keep(drop, taskPodEvent('base')), false);
  assert.is(keep(ship, taskPodEvent('base')), true);
  // Only the task pods' base container: a container named base elsewhere is not a task copy.
  const other = taskPodEvent('base', {
    pod_labels: { dag_id: 'd', task_id: 't', run_id: 'r', try_number: '1' },
  });
  assert.is(keep(drop, other), true);
});

test('Vector agent - kubernetes_logs filtered by the pod label selector, nothing read from the environment', () => {
  const c = config(agent('  vectorAgent:\n    podLabelSelector: "app in (etl),kubernetes_executor=True"\n'));
  assert.equal(c.sources[VECTOR_AGENT_IDS.source], {
    type: 'kubernetes_logs',
    extra_label_selector: 'app in (etl),kubernetes_executor=True',
  });
  assert.not.match(JSON.stringify(vectorAgentConfig(agent())), '${');
});

test('Vector agent - loki sink behind a blocking disk buffer in the data dir the chart persists', () => {
  const c = config(agent('  vectorAgent:\n    bufferBytes: 268435488\n'));
  const sink = c.sinks[VECTOR_AGENT_IDS.sink] as Record<string, unknown>;
  assert.equal(sink.buffer, { type: 'disk', max_size: 268435488, when_full: 'block' });
  // kubernetes_logs has no acknowledgements; the sink must not claim them (vector validate warns).
  assert.not.ok('acknowledgements' in sink);
  assert.is(sink.endpoint, 'http://loki.airflow.svc:3100');
  const distributed = config(agent('loki:\n  scale:\n    mode: distributed\n')).sinks[VECTOR_AGENT_IDS.sink];
  assert.is((distributed as Record<string, unknown>).endpoint, 'http://loki-gateway.airflow.svc:80');
  assert.equal(sink.labels, {
    namespace: '{{ namespace }}',
    container: '{{ container }}',
    app: '{{ app }}',
    job: AGENT_LAYOUT.jobs.pods,
  });
  assert.equal(Object.keys(sink.structured_metadata as object), [
    'pod',
    'node',
    'stream',
    'dag_id',
    'task_id',
    'run_id',
    'attempt',
    'map_index',
  ]);
  const v = vectorAgentValues(agent()) as { persistence: unknown; service: unknown; role: string };
  assert.equal(v.persistence, { hostPath: { enabled: true, path: '/var/lib/vector-agent' } });
  assert.equal(
    (vectorAgentValues(agent('  vectorAgent:\n    bufferVolume: emptyDir\n')) as typeof v).persistence,
    { hostPath: { enabled: false, path: '/var/lib/vector-agent' } },
  );
  assert.is(c.data_dir, AGENT_LAYOUT.vector.dataDir);
  assert.equal(v.service, { enabled: false });
  assert.is(v.role, 'Agent');
});

test('Vector agent - unconfined label templates exactly from Vector 0.57 on; grpc probes from 0.55 on', () => {
  const flag = (tag: string) =>
    (
      config(agent(`  vectorAgent:\n    image: { repository: timberio/vector, tag: "${tag}" }\n`)).sinks[
        VECTOR_AGENT_IDS.sink
      ] as Record<string, unknown>
    ).dangerously_allow_unconfined_template_resolution;
  assert.is(flag('0.56.0-distroless-libc'), undefined);
  assert.is(flag('0.57.0-alpine'), true);
  assert.is(flag('1.0.0'), true);
  const probe = (tag: string) =>
    (
      vectorAgentValues(
        agent(`  vectorAgent:\n    image: { repository: timberio/vector, tag: "${tag}" }\n`),
      ) as { livenessProbe: unknown }
    ).livenessProbe;
  assert.equal(probe('0.56.0-distroless-libc'), { grpc: { port: 8686 } });
  assert.equal(probe('0.54.0-alpine'), { httpGet: { path: '/health', port: 8686 } });
});

test('Vector agent - credentials through the directory secrets backend, files projected from Secrets', () => {
  const m = model(
    `clusterAgent:\n  type: vector-agent\nloki:\n  auth:\n    type: basic\n    allowPlainHttp: true\n    usernameSecret: { name: u, key: user }\n    passwordSecret: { name: p, key: pass }\n  tls:\n    caSecret: { name: ca, key: ca.crt }\n`,
  );
  const c = vectorAgentConfig(m) as { secret: unknown; sinks: { loki: { auth: unknown; tls: unknown } } };
  assert.equal(c.secret, {
    [VECTOR_AGENT_IDS.secrets]: {
      type: 'directory',
      path: AGENT_LAYOUT.credentialsDir,
      remove_trailing_whitespace: true,
    },
  });
  assert.equal(c.sinks.loki.auth, {
    strategy: 'basic',
    user: 'SECRET[loki_credentials.username]',
    password: 'SECRET[loki_credentials.password]',
  });
  assert.equal(c.sinks.loki.tls, { ca_file: `${AGENT_LAYOUT.credentialsDir}/ca.crt` });
  const v = vectorAgentValues(m) as unknown as {
    extraVolumes: Array<{ projected: { sources: unknown[] } }>;
    extraVolumeMounts: unknown[];
  };
  assert.equal(v.extraVolumes[0]?.projected.sources, [
    { secret: { name: 'u', items: [{ key: 'user', path: 'username' }] } },
    { secret: { name: 'p', items: [{ key: 'pass', path: 'password' }] } },
    { secret: { name: 'ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
  ]);
  assert.equal(v.extraVolumeMounts, [
    { name: AGENT_LAYOUT.credentialsVolume, mountPath: AGENT_LAYOUT.credentialsDir, readOnly: true },
  ]);
});

// What the vector chart (0.57.0, templates/configmap.yaml) does with a customConfig map.
const VECTOR_CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: vector
data:
  vector.yaml: |
    {{- tpl (toYaml .Values.customConfig) . | nindent 4 }}
`;

for (const helm of HELMS)
  test(`Vector agent - the escaped customConfig survives toYaml and tpl unchanged (${helm})`, () => {
    const complete = completeModel();
    for (const m of [
      agent(),
      { ...complete, clusterAgent: { ...complete.clusterAgent, type: 'vector-agent' as const } },
    ]) {
      const expected = vectorAgentConfig(m);
      assert.match(
        JSON.stringify(expected),
        '{{ namespace }}',
        'the config holds Vector templates to escape',
      );
      const out = helmTemplate(
        helm,
        { 'Chart.yaml': chartYaml('vector'), 'templates/configmap.yaml': VECTOR_CONFIGMAP },
        [vectorAgentValues(m)],
      );
      const [doc] = parseAllDocuments(out).map((d) => d.toJS());
      const rendered = parseAllDocuments(doc.data['vector.yaml'])[0]?.toJS();
      assert.equal(rendered, expected);
    }
  });

test.run();
