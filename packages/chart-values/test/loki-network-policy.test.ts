import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { HELM_MAJORS, type HelmMajor, type RenderOptions } from '../src/index.js';
import { defaultsRender, find, objectsOf, podLabels, specRender } from './full-renders.js';
import { type Deep, exampleModel, exampleVariant } from './helpers.js';
import { ingressAllows, type PeerPod, selects } from './network-policy-eval.js';

// The pods that may reach Loki are taken from the full render itself (the labels the real
// subcharts and the Airflow pod template put on them), never restated here.

const HTTP = 'http-metrics';
const GRPC = 'grpc';

function policyOf(objects: Deep[]): Deep {
  const policies = find(objects, 'NetworkPolicy').filter((p) =>
    selects(p.spec.podSelector, lokiPodLabels(objects)),
  );
  assert.is(policies.length, 1, 'one NetworkPolicy selects the Loki pods');
  return policies[0] as Deep;
}

function lokiPodLabels(objects: Deep[]): Record<string, string> {
  const loki = find(objects, 'StatefulSet').find(
    (s) => s.metadata.labels?.['app.kubernetes.io/name'] === 'loki',
  );
  assert.ok(loki, 'the Loki StatefulSet is in the render');
  return loki.spec.template.metadata.labels;
}

/** The task pods' labels: the pod template the KubernetesExecutor reads from the Airflow ConfigMap. */
function taskPodLabels(objects: Deep[]): Record<string, string> {
  const cm = find(objects, 'ConfigMap').find((c) => c.data?.['pod_template_file.yaml']);
  assert.ok(cm, 'the Airflow ConfigMap carries pod_template_file.yaml');
  return (parse(cm.data['pod_template_file.yaml']) as Deep).metadata.labels;
}

function workload(objects: Deep[], name: string): Record<string, string> {
  const found = [...podLabels(objects).values()].find((l) => l['app.kubernetes.io/name'] === name);
  assert.ok(found, `a ${name} workload is in the render`);
  return found;
}

const pod = (labels: Record<string, string>, namespace: string): PeerPod => ({ labels, namespace });

function assertReaches(policy: Deep, who: string, p: PeerPod) {
  assert.ok(ingressAllows(policy, p, HTTP), `${who} reaches Loki's HTTP API`);
}
function assertRefused(policy: Deep, who: string, p: PeerPod, port: string = HTTP) {
  assert.not.ok(ingressAllows(policy, p, port), `${who} must not reach Loki's ${port} port`);
}

const scenarios: Array<{ name: string; opts: () => RenderOptions; agent: 'alloy' | 'vector' }> = [
  { name: 'chart defaults', opts: defaultsRender, agent: 'alloy' },
  { name: 'example complete', opts: () => specRender(exampleModel('complete')), agent: 'alloy' },
  {
    name: 'complete with the Vector agent',
    opts: () => specRender(exampleVariant('complete', { clusterAgent: { type: 'vector-agent' } })),
    agent: 'vector',
  },
];

for (const helm of HELM_MAJORS as readonly HelmMajor[])
  for (const s of scenarios)
    test(`${helm} ${s.name}: only the release's task pods, ${s.agent}, Grafana, Prometheus and Loki itself reach Loki`, () => {
      const opts = s.opts();
      const objects = objectsOf(helm, opts);
      const ns = opts.namespace as string;
      const policy = policyOf(objects);
      assert.is(policy.metadata.namespace, ns);
      assert.equal(policy.spec.policyTypes, ['Ingress']);

      // The port the policy opens is Loki's HTTP API (push and query), not its gRPC.
      const lokiSts = find(objects, 'StatefulSet').find(
        (x) => x.metadata.labels?.['app.kubernetes.io/name'] === 'loki',
      ) as Deep;
      const ports = (lokiSts.spec.template.spec.containers as Deep[]).find((c) => c.name === 'loki')
        ?.ports as Deep[];
      assert.is(ports.find((p) => p.name === HTTP)?.containerPort, 3100, 'http-metrics is Loki port 3100');

      const task = pod(taskPodLabels(objects), ns);
      assertReaches(policy, 'a task pod (its log sidecar)', task);
      assertRefused(policy, 'a task pod', task, GRPC);
      assertReaches(policy, s.agent, pod(workload(objects, s.agent), ns));
      assertReaches(
        policy,
        'Grafana in another namespace',
        pod({ 'app.kubernetes.io/name': 'grafana' }, 'monitoring'),
      );
      assertReaches(
        policy,
        'Prometheus (monitors on)',
        pod({ 'app.kubernetes.io/name': 'prometheus' }, 'monitoring'),
      );
      const loki = pod(lokiPodLabels(objects), ns);
      assertReaches(policy, 'Loki itself', loki);
      assert.ok(ingressAllows(policy, loki, GRPC), "Loki's own components reach each other on gRPC");

      // The API server reads Loki only where the render configures the UI log reader (generated values).
      const readsLoki = find(objects, 'ConfigMap').some((c) =>
        /logging_config_class = airflow_local_settings\.LOGSTACK_LOGGING_CONFIG/.test(
          c.data?.['airflow.cfg'] ?? '',
        ),
      );
      assert.is(readsLoki, s.name !== 'chart defaults', 'the generated values turn the UI log reader on');
      // Every other workload of the release (Airflow's scheduler, the agent not in use...) is refused.
      for (const [name, labels] of podLabels(objects)) {
        const n = labels['app.kubernetes.io/name'];
        if (n === 'loki' || n === s.agent) continue;
        if (readsLoki && /^Deployment\/.*-api-server$/.test(name))
          assertReaches(policy, name, pod(labels, ns));
        else assertRefused(policy, name, pod(labels, ns));
      }
      assertRefused(policy, 'a pod of another app', pod({ app: 'shop' }, ns));
      assertRefused(policy, 'a task pod of another release', pod({ ...task.labels, release: 'other' }, ns));
      assertRefused(policy, 'a task pod in another namespace', pod(task.labels, 'elsewhere'));
      assertRefused(
        policy,
        'the Vector agent of another namespace',
        pod({ 'app.kubernetes.io/name': s.agent, 'app.kubernetes.io/instance': 'logstack' }, 'elsewhere'),
      );
    });

test('the policy can be switched off, and adds extra clients given in values', () => {
  const base = defaultsRender();
  const off = objectsOf('helm4', { ...base, values: [{ networkPolicy: { enabled: false } }] });
  assert.is(find(off, 'NetworkPolicy').length, 0);
  const extra = objectsOf('helm4', {
    ...base,
    values: [
      { networkPolicy: { extraFrom: [{ podSelector: { matchLabels: { component: 'api-server' } } }] } },
    ],
  });
  const policy = policyOf(extra);
  assertReaches(policy, 'the extra client', pod({ component: 'api-server' }, base.namespace as string));
});

test('no Prometheus rule without monitors, and no policy for an external Loki', () => {
  const noMonitors = objectsOf('helm4', { ...defaultsRender(), apiVersions: [] });
  assertRefused(
    policyOf(noMonitors),
    'Prometheus (no monitors)',
    pod({ 'app.kubernetes.io/name': 'prometheus' }, 'monitoring'),
  );
  const external = exampleVariant('minimal', {
    loki: { mode: 'external', pushUrl: 'https://loki.example.com' },
  });
  // The task pods keep their own policy (task-pod-network-policy.test.ts); none is about Loki.
  const policies = find(objectsOf('helm4', specRender(external)), 'NetworkPolicy');
  assert.is(
    policies.filter((p) => p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === 'loki').length,
    0,
  );
  assert.is(policies.length, 1, 'only the task pods policy');
});

test.run();
