import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultWorld } from './fake-api.js';
import { get, run } from './harness.js';
import { first, NS, passingRun } from './scenario.js';

const TASK_SELECTOR = '{namespace="airflow", component="task"}';

test('loki-access: label names from cluster logs (Alloy) but no task-log stream fail', async () => {
  const world = defaultWorld(passingRun());
  // Loki holds only the task pods' stdout as Alloy ships it: /labels lists every name the spec
  // wants, yet no stream carries a task log.
  world.lokiLabels = ['component', 'dag_id', 'job', 'namespace', 'service_name'];
  world.editEntries = (es) =>
    es.map((e) => ({
      ...e,
      labels: {
        namespace: NS,
        dag_id: e.labels.dag_id ?? '',
        component: 'worker',
        job: 'loki.source.kubernetes',
      },
    }));
  const { report, api } = await run(world, { dagId: undefined, runId: undefined });
  const c = get(report, 'loki-access');
  assert.is(c.status, 'fail');
  assert.is(
    c.summary,
    `Loki answers but holds no task-log stream ${TASK_SELECTOR} in the last 24h: no task log arrived, or the spec's labels differ`,
  );
  const series = api.requests.find((r) => r.path.startsWith('/loki/api/v1/series'));
  assert.ok(series);
  assert.is(new URL(series.path, api.url).searchParams.get('match[]'), TASK_SELECTOR);
});

test('loki-access: task-log streams without a label the spec ships fail and name it', async () => {
  const world = defaultWorld(passingRun());
  world.editEntries = (es) => es.map(({ labels: { dag_id: _dag, ...labels }, ...e }) => ({ ...e, labels }));
  const { report } = await run(world, { dagId: undefined, runId: undefined });
  const c = get(report, 'loki-access');
  assert.is(c.status, 'fail');
  assert.is(
    c.summary,
    `the task-log streams ${TASK_SELECTOR} of the last 24h have no label dag_id: the spec's labels differ from what the sidecar sends`,
  );
  assert.equal(c.evidence, ['labels of 1 stream: component, namespace, service_name']);
});

test('loki-access passes on the task-log streams themselves', async () => {
  const { report, api } = await run(defaultWorld(passingRun()));
  assert.is(get(report, 'loki-access').status, 'pass');
  assert.match(
    get(report, 'loki-access').summary,
    /^http:\/\/127\.0\.0\.1:\d+ holds 1 task-log stream \{namespace="airflow", component="task"\} with the labels namespace, dag_id, component$/,
  );
  assert.not.ok(api.requests.some((r) => r.path.startsWith('/loki/api/v1/labels')));
});

test('metadata-db: an unrelated envFrom or a fieldRef fails; envFrom of the chart metadata Secret passes', async () => {
  const world = defaultWorld(passingRun());
  const withoutConn = (env: Array<{ name: string }>) =>
    env.filter((e) => e.name !== 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN');
  world.editPod = (pod) => {
    const base = first(pod.spec.containers);
    if (pod.metadata.name === 'etl-orders-extract-t1') {
      base.env = withoutConn(base.env);
      base.envFrom = [
        { configMapRef: { name: 'airflow-config' } },
        { secretRef: { name: 'airflow-extra-env' } },
      ];
    }
    if (pod.metadata.name === 'etl-orders-transform-0-t1') {
      base.env = withoutConn(base.env);
      base.envFrom = [{ secretRef: { name: 'airflow-metadata-db' } }];
    }
    if (pod.metadata.name === 'etl-orders-load-t2')
      base.env = base.env.map((e) =>
        e.name === 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN'
          ? { name: e.name, valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }
          : e,
      );
  };
  const { report } = await run(world);
  const c = get(report, 'metadata-db');
  assert.is(c.status, 'fail');
  assert.is(c.summary, '2 task pods without the metadata DB connection');
  assert.equal(c.evidence, [
    "etl-orders-extract-t1: no AIRFLOW__DATABASE__SQL_ALCHEMY_CONN (envFrom ConfigMap airflow-config, Secret airflow-extra-env is not the chart's metadata Secret): Airflow falls back to SQLite and the task fails with sqlite3.OperationalError: no such table: dag (a pod template that replaced the chart's, seed 001)",
    'etl-orders-load-t2: AIRFLOW__DATABASE__SQL_ALCHEMY_CONN from fieldRef, which cannot hold a database URL: Airflow falls back to SQLite and the task fails with sqlite3.OperationalError: no such table: dag',
    "1 pod: envFrom the chart's metadata Secret airflow-metadata-db (keys not read: verify reads no Secrets)",
  ]);
});

test.run();
