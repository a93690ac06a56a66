import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { HELM_MAJORS, type HelmMajor, type RenderOptions } from '../src/index.js';
import { defaultsRender, find, objectsOf, podLabels, specRender } from './full-renders.js';
import { type Deep, exampleModel } from './helpers.js';
import { ingressAllows, type PeerPod, selects } from './network-policy-eval.js';

// Who reaches the task pods is judged on the full render: the task pods' labels and the sidecar's
// metrics port come from the rendered pod_template_file.yaml, the PodMonitor's port from the
// rendered monitor, the worker log server's port from the real Airflow reading the rendered
// airflow.cfg, the API server's labels from its rendered Deployment.

const PROMETHEUS = { 'app.kubernetes.io/name': 'prometheus' };

function podTemplate(objects: Deep[]): Deep {
  const cm = find(objects, 'ConfigMap').find((c) => c.data?.['pod_template_file.yaml']);
  assert.ok(cm, 'the Airflow ConfigMap carries pod_template_file.yaml');
  return parse(cm.data['pod_template_file.yaml']) as Deep;
}

/** The policies selecting the release's task pods. */
function taskPolicies(objects: Deep[]): Deep[] {
  const labels = podTemplate(objects).metadata.labels;
  return find(objects, 'NetworkPolicy').filter((p) => selects(p.spec.podSelector, labels));
}

function taskPolicy(objects: Deep[]): Deep {
  const policies = taskPolicies(objects);
  assert.is(policies.length, 1, 'one NetworkPolicy selects the task pods');
  return policies[0] as Deep;
}

/** The sidecar's metrics port (name and number) as the pod template declares it. */
function sidecarMetricsPort(objects: Deep[]): { name: string; number: number } {
  const monitor = find(objects, 'PodMonitor')[0];
  assert.ok(monitor, 'the task-log PodMonitor is rendered');
  const name = monitor.spec.podMetricsEndpoints[0].port as string;
  // The sidecar is a native sidecar: an init container with restartPolicy Always.
  const spec = podTemplate(objects).spec;
  const containers = [...(spec.initContainers ?? []), ...spec.containers] as Deep[];
  const ports = containers.flatMap((c) => (c.ports ?? []) as Deep[]);
  const port = ports.find((p) => p.name === name);
  assert.ok(port, `a task pod container declares the PodMonitor's port ${name}`);
  return { name, number: port.containerPort };
}

const airflowPorts = new Map<string, number>();
/** `[logging] worker_log_server_port` as the venv's Airflow reads it from the rendered airflow.cfg. */
function workerLogServerPort(objects: Deep[]): number {
  const cfg = find(objects, 'ConfigMap').find((c) => c.data?.['airflow.cfg'])?.data['airflow.cfg'];
  assert.type(cfg, 'string', 'the Airflow ConfigMap carries airflow.cfg');
  const hit = airflowPorts.get(cfg);
  if (hit !== undefined) return hit;
  const home = mkdtempSync(join(tmpdir(), 'task-netpol-'));
  try {
    writeFileSync(join(home, 'airflow.cfg'), cfg);
    const venv = process.env.LOGSTACK_VENV;
    if (!venv) throw new Error('LOGSTACK_VENV is not set: run tools/bootstrap.sh --python');
    const read =
      "from airflow.configuration import conf; print('PORT', conf.getint('logging', 'worker_log_server_port'))";
    const r = spawnSync(join(venv, 'bin', 'python'), ['-c', read], {
      encoding: 'utf8',
      // Importing Airflow configures logging; the UI reader's logging module (set in the complete
      // example) is not on this path and has no bearing on the port, so the default one is used.
      env: {
        ...process.env,
        AIRFLOW_HOME: home,
        AIRFLOW_CONFIG: join(home, 'airflow.cfg'),
        AIRFLOW__LOGGING__LOGGING_CONFIG_CLASS: '',
      },
    });
    const port = Number(/^PORT (\d+)$/m.exec(r.stdout)?.[1]);
    assert.ok(port > 0, `Airflow read the worker log server port: ${r.stderr.slice(-500)}`);
    airflowPorts.set(cfg, port);
    return port;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function workload(objects: Deep[], pattern: RegExp): Record<string, string> {
  const found = [...podLabels(objects)].find(([name]) => pattern.test(name));
  assert.ok(found, `a workload ${pattern} is in the render`);
  return found[1];
}

const pod = (labels: Record<string, string>, namespace: string): PeerPod => ({ labels, namespace });

const scenarios: Array<{ name: string; opts: () => RenderOptions }> = [
  { name: 'chart defaults', opts: defaultsRender },
  { name: 'example complete', opts: () => specRender(exampleModel('complete')) },
];

for (const helm of HELM_MAJORS as readonly HelmMajor[])
  for (const s of scenarios)
    test(`${helm} ${s.name}: only the API server (log server) and Prometheus (sidecar metrics) reach the task pods`, () => {
      const opts = s.opts();
      const objects = objectsOf(helm, opts);
      const ns = opts.namespace as string;
      const policy = taskPolicy(objects);
      assert.is(policy.metadata.namespace, ns);
      assert.equal(policy.spec.policyTypes, ['Ingress'], 'ingress only: tasks reach arbitrary targets');
      assert.is(policy.spec.egress, undefined);

      const metrics = sidecarMetricsPort(objects);
      const logs = workerLogServerPort(objects);
      const ports = [metrics.name, metrics.number, logs];
      const reaches = (p: PeerPod, port: string | number) => ingressAllows(policy, p, port);

      const prometheus = pod(PROMETHEUS, 'monitoring');
      assert.ok(reaches(prometheus, metrics.name), 'Prometheus (monitors on) reaches the sidecar metrics');
      assert.not.ok(reaches(prometheus, logs), "Prometheus must not reach Airflow's log server");

      const apiServer = workload(objects, /^Deployment\/.*-api-server$/);
      assert.ok(reaches(pod(apiServer, ns), logs), `the API server reaches the worker log server on ${logs}`);
      assert.not.ok(reaches(pod(apiServer, ns), metrics.name), 'the API server must not reach the metrics');
      assert.not.ok(reaches(pod(apiServer, ns), logs + 1), 'nor any other port');

      const refused: Array<[string, PeerPod]> = [
        ['a pod of another app', pod({ app: 'shop' }, ns)],
        ["another release's API server", pod({ ...apiServer, release: 'other' }, ns)],
        ['an API server of another namespace', pod(apiServer, 'elsewhere')],
        ['another task pod', pod(podTemplate(objects).metadata.labels, ns)],
      ];
      for (const [name, labels] of podLabels(objects))
        if (!/^Deployment\/.*-api-server$/.test(name)) refused.push([name, pod(labels, ns)]);
      assert.ok(
        ['scheduler', 'loki', 'alloy'].every((w) => refused.some(([n]) => n.includes(w))),
        'the scheduler, Loki and Alloy are among the refused workloads',
      );
      for (const [who, p] of refused)
        for (const port of ports) assert.not.ok(reaches(p, port), `${who} must not reach port ${port}`);
    });

test('without monitors Prometheus is refused; the sub-switch turns the policy off, Loki keeps its own', () => {
  const noMonitors = objectsOf('helm4', { ...defaultsRender(), apiVersions: [] });
  assert.is(find(noMonitors, 'PodMonitor').length, 0);
  const policy = taskPolicy(noMonitors);
  assert.not.ok(ingressAllows(policy, pod(PROMETHEUS, 'monitoring'), 'vector-metrics'));
  assert.not.ok(ingressAllows(policy, pod(PROMETHEUS, 'monitoring'), 9598));

  const off = objectsOf('helm4', {
    ...defaultsRender(),
    values: [{ networkPolicy: { taskPods: { enabled: false } } }],
  });
  assert.is(taskPolicies(off).length, 0);
  assert.is(find(off, 'NetworkPolicy').length, 1, 'the Loki policy stays');
});

test("extra peers reach the task pods; Airflow's configured log server port is the one opened", () => {
  const base = defaultsRender();
  const objects = objectsOf('helm4', {
    ...base,
    values: [
      {
        networkPolicy: { taskPods: { extraFrom: [{ podSelector: { matchLabels: { app: 'probe' } } }] } },
        airflow: { config: { logging: { worker_log_server_port: 8799 } } },
      },
    ],
  });
  const policy = taskPolicy(objects);
  const ns = base.namespace as string;
  const logs = workerLogServerPort(objects);
  assert.is(logs, 8799, 'Airflow reads the configured port');
  const apiServer = pod(workload(objects, /^Deployment\/.*-api-server$/), ns);
  assert.ok(ingressAllows(policy, apiServer, logs));
  assert.not.ok(ingressAllows(policy, apiServer, 8793), 'the default port is no longer opened');
  assert.ok(ingressAllows(policy, pod({ app: 'probe' }, ns), logs), 'the extra peer reaches the task pods');
});

test.run();
