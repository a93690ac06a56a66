import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultKubeconfigSource, formatReport, LokiClient, runQuery } from '../src/index.js';
import { closedPortUrl, defaultWorld, startFake } from './fake-api.js';
import { evidence, get, run } from './harness.js';
import { DAG, first, NS, passingRun, RUN } from './scenario.js';

test('a healthy run passes every check that can run, and verify only ever sends GET', async () => {
  const { report, api } = await run(defaultWorld(passingRun()));
  const statuses = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
  assert.equal(statuses, {
    'native-sidecar': 'pass',
    'pods-complete': 'pass',
    'sidecar-restarts': 'pass',
    'sidecar-memory': 'skip',
    'metadata-db': 'pass',
    'loki-access': 'pass',
    'loki-fields': 'pass',
    'run-lines': 'pass',
    latency: 'skip',
    'after-pod-deletion': 'pass',
    'ui-log': 'pass',
    'loki-rules': 'pass',
    'grafana-datasource': 'pass',
  });
  assert.ok(report.ok);
  // The log tab is checked on an attempt whose pod is gone: only Loki can serve it.
  assert.is(
    get(report, 'ui-log').summary,
    'the API server shows load[-1]#1 (its pod is gone) from Loki: 4 lines',
  );
  assert.is(get(report, 'pods-complete').summary, '3 Succeeded; none stuck');
  assert.match(evidence(report, 'run-lines'), /lines compared with Airflow's log for 4 of 4/);
  assert.match(evidence(report, 'run-lines'), /load\[-1\]#2: 6 lines, all 6 Airflow serves/);
  // The first try of load lost its pod: Loki still returns its lines.
  assert.match(evidence(report, 'after-pod-deletion'), /load\[-1\]#1: 4 lines/);
  assert.match(get(report, 'metadata-db').evidence[0] ?? '', /from Secret logstack-metadata key connection/);
  assert.ok(api.requests.length > 8);
  assert.equal(
    api.requests.filter((r) => r.method !== 'GET'),
    [],
  );
  // The run's lines are selected by labels and structured metadata, with the categorized encoding.
  const q = api.requests.find((r) => r.path.startsWith('/loki/api/v1/query_range'));
  assert.ok(q);
  assert.is(q.headers['x-loki-response-encoding-flags'], 'categorize-labels');
  assert.is(
    new URL(q.path, api.url).searchParams.get('query'),
    '{namespace="airflow", dag_id="etl_orders", component="task"} | run_id="manual__2026-08-16T17:43:00.123456+00:00"',
  );
  // Kubernetes was reached through the kubeconfig's credentials.
  assert.is(
    api.requests.find((r) => r.path.startsWith('/api/v1/namespaces/airflow/pods'))?.headers.authorization,
    'Bearer fake-token',
  );
  assert.match(formatReport(report), /11 passed, 0 failed, 2 skipped: OK/);
});

test('a missing line fails the run check and names the line', async () => {
  const world = defaultWorld(passingRun());
  world.editEntries = (es) =>
    es.filter((e) => !(e.metadata.task_id === 'extract' && e.line.endsWith('line 3')));
  const { report } = await run(world);
  const c = get(report, 'run-lines');
  assert.is(c.status, 'fail');
  assert.match(c.summary, /1 attempt of 4 incomplete/);
  assert.match(
    evidence(report, 'run-lines'),
    /extract\[-1\]#1: 1 of 5 lines Airflow serves are missing, first: "extract try 1: line 3"/,
  );
  assert.not.ok(report.ok);
});

test('an attempt with no line at all, and a duplicated line, both fail', async () => {
  const world = defaultWorld(passingRun());
  world.editEntries = (es) => {
    const kept = es.filter((e) => e.metadata.task_id !== 'transform');
    const dup = kept.find((e) => e.metadata.task_id === 'load' && e.metadata.attempt === '2');
    // The same entry again under another stream (a second shipper with its own labels).
    return dup ? [...kept, { ...dup, labels: { ...dup.labels, service_name: 'airflow' } }] : kept;
  };
  const { report } = await run(world);
  const text = evidence(report, 'run-lines');
  assert.is(get(report, 'run-lines').status, 'fail');
  assert.match(text, /transform\[0\]#1: no lines in Loki \(pod etl-orders-transform-0-t1\)/);
  assert.match(
    text,
    /load\[-1\]#2: 1 duplicated line \(a line Airflow serves once is in Loki again\): "load try 2: line 1" at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z\n/,
  );
});

test('a pod stuck Running after its task fails pods-complete', async () => {
  const world = defaultWorld(passingRun());
  world.editPod = (pod) => {
    if (pod.metadata.name !== 'etl-orders-extract-t1') return;
    pod.status.phase = 'Running';
    first(pod.status.initContainerStatuses).state = { running: { startedAt: pod.status.startTime } };
  };
  const { report } = await run(world);
  const c = get(report, 'pods-complete');
  assert.is(c.status, 'fail');
  assert.match(
    c.evidence[0] ?? '',
    /etl-orders-extract-t1: Running \d+s after its task container exited \(code 0\); grace period 45s; still running: vector-task-logs/,
  );
});

test('a pod still draining inside its grace period is not stuck', async () => {
  const world = defaultWorld(passingRun(Date.now() - 60_000));
  world.editPod = (pod) => {
    if (pod.metadata.name !== 'etl-orders-load-t2') return;
    pod.status.phase = 'Running';
    const base = first(pod.status.containerStatuses).state.terminated ?? {};
    base.finishedAt = new Date(Date.now() - 20_000).toISOString().replace(/\.\d+Z$/, 'Z');
  };
  const { report } = await run(world);
  assert.is(get(report, 'pods-complete').status, 'pass');
  assert.match(
    evidence(report, 'pods-complete'),
    /etl-orders-load-t2: Running \(task ended, sidecar draining\)/,
  );
});

test('a restarted sidecar fails with the reason of its last exit', async () => {
  const world = defaultWorld(passingRun());
  world.editPod = (pod) => {
    if (pod.metadata.name !== 'etl-orders-load-t2') return;
    const s = first(pod.status.initContainerStatuses);
    s.restartCount = 2;
    s.lastState = {
      terminated: {
        exitCode: 137,
        reason: 'OOMKilled',
        startedAt: pod.status.startTime,
        finishedAt: pod.status.startTime,
        containerID: 'containerd://1',
      },
    };
  };
  const { report } = await run(world);
  const c = get(report, 'sidecar-restarts');
  assert.is(c.status, 'fail');
  assert.match(
    c.evidence[0] ?? '',
    /etl-orders-load-t2: vector-task-logs restarted 2x; last ended OOMKilled code 137/,
  );
});

test('a pod without the DB connection (SQLite fallback) fails metadata-db; a sqlite URL too', async () => {
  const world = defaultWorld(passingRun());
  world.editPod = (pod) => {
    const base = first(pod.spec.containers);
    if (pod.metadata.name === 'etl-orders-extract-t1')
      base.env = base.env.filter((e: { name: string }) => e.name !== 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN');
    if (pod.metadata.name === 'etl-orders-load-t2')
      base.env = base.env.map((e: { name: string }) =>
        e.name === 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN'
          ? { name: e.name, value: 'sqlite:////opt/airflow/airflow.db' }
          : e,
      );
  };
  const { report } = await run(world);
  const c = get(report, 'metadata-db');
  assert.is(c.status, 'fail');
  assert.match(c.summary, /2 task pods without the metadata DB connection/);
  assert.match(
    evidence(report, 'metadata-db'),
    /etl-orders-extract-t1: no AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: .*no such table: dag/,
  );
  assert.match(
    evidence(report, 'metadata-db'),
    /etl-orders-load-t2: AIRFLOW__DATABASE__SQL_ALCHEMY_CONN is a SQLite URL/,
  );
  assert.match(
    evidence(report, 'metadata-db'),
    /1 pod: AIRFLOW__DATABASE__SQL_ALCHEMY_CONN from Secret logstack-metadata/,
  );
});

test('a plain sidecar container and a missing one fail native-sidecar', async () => {
  const world = defaultWorld(passingRun());
  world.editPod = (pod) => {
    if (pod.metadata.name === 'etl-orders-extract-t1') {
      const side = first(pod.spec.initContainers.splice(0, 1));
      delete side.restartPolicy;
      pod.spec.containers.push(side);
    }
    if (pod.metadata.name === 'etl-orders-load-t2') pod.spec.initContainers = [];
  };
  const { report } = await run(world);
  const text = evidence(report, 'native-sidecar');
  assert.is(get(report, 'native-sidecar').status, 'fail');
  assert.match(text, /etl-orders-extract-t1: vector-task-logs is a plain container: the pod stays Running/);
  assert.match(text, /etl-orders-load-t2: no vector-task-logs container/);
});

test('sidecar memory from metrics.k8s.io: under the limit passes, near it fails', async () => {
  const t0 = Date.now() - 1000;
  const running = [
    {
      taskId: 'extract',
      tryNumber: 1,
      state: 'success' as const,
      lines: 5,
      startMs: t0,
      durationMs: 60_000,
      podKept: true,
    },
  ];
  const world = defaultWorld(running);
  const metrics = world.metrics?.items[0];
  assert.ok(metrics);
  metrics.metadata.name = 'etl-orders-extract-t1';
  const ok = await run(world, { dagId: undefined, runId: undefined });
  assert.is(get(ok.report, 'sidecar-memory').status, 'pass');
  assert.match(
    get(ok.report, 'sidecar-memory').evidence[0] ?? '',
    /etl-orders-extract-t1: 40\.3Mi of 384Mi \(10%\)/,
  );
  (metrics.containers[1] as { usage: { memory: string } }).usage.memory = '380Mi';
  const high = await run(world, { dagId: undefined, runId: undefined });
  assert.is(get(high.report, 'sidecar-memory').status, 'fail');
  // Without a run, the run's checks say why they did not run.
  assert.is(get(high.report, 'run-lines').summary, 'needs --dag-id and --run-id');
});

test('Loki unreachable: the Loki check fails with the address, the checks that need Loki are skipped', async () => {
  const { report } = await run(defaultWorld(passingRun()), { lokiUrl: await closedPortUrl() });
  const c = get(report, 'loki-access');
  assert.is(c.status, 'fail');
  assert.match(c.summary, /Loki \(http:\/\/127\.0\.0\.1:\d+\) unreachable at .*ECONNREFUSED/);
  for (const id of ['loki-fields', 'run-lines', 'latency', 'after-pod-deletion', 'loki-rules'] as const)
    assert.is(get(report, id).status, 'skip', id);
  assert.is(get(report, 'native-sidecar').status, 'pass');
  assert.not.ok(report.ok);
});

test('a 401 from Loki fails with what to set; the right token and tenant pass', async () => {
  const world = { ...defaultWorld(passingRun()), lokiToken: 's3cret', lokiTenant: 'team-a' };
  const denied = await run(world);
  assert.is(get(denied.report, 'loki-access').status, 'fail');
  assert.match(
    get(denied.report, 'loki-access').summary,
    /refused the request with HTTP 401 .*set --loki-token/,
  );
  // A 401 is final: no retry hammering.
  assert.is(denied.api.requests.filter((r) => r.path.startsWith('/loki/')).length, 1);
  const noTenant = await run(world, { lokiAuth: { type: 'bearer', token: 's3cret' } });
  assert.match(get(noTenant.report, 'loki-access').summary, /HTTP 401 \(no org id\)/);
  const ok = await run(world, { lokiAuth: { type: 'bearer', token: 's3cret' }, tenant: 'team-a' });
  assert.is(get(ok.report, 'run-lines').status, 'pass');
  assert.ok(
    ok.api.requests
      .filter((r) => r.path.startsWith('/loki/'))
      .every((r) => r.headers['x-scope-orgid'] === 'team-a'),
  );
});

test('a Loki that answers 503 at first is retried within the bound', async () => {
  const ok = await run({ ...defaultWorld(passingRun()), lokiFailFirst: 2 }, { retries: 2 });
  assert.is(get(ok.report, 'loki-access').status, 'pass');
  const gaveUp = await run({ ...defaultWorld(passingRun()), lokiFailFirst: 5 }, { retries: 2 });
  assert.match(get(gaveUp.report, 'loki-access').summary, /HTTP 503: Ingester not ready/);
  assert.is(gaveUp.api.requests.filter((r) => r.path.startsWith('/loki/')).length, 3);
});

test('lines without the expected structured metadata, and a high-cardinality label, fail loki-fields', async () => {
  const world = defaultWorld(passingRun());
  world.editEntries = (es) =>
    es.map((e) => {
      if (e.metadata.task_id !== 'extract') return e;
      const { pod: _pod, ...metadata } = e.metadata;
      return { ...e, labels: { ...e.labels, task_id: 'extract' }, metadata };
    });
  const { report } = await run(world);
  const text = evidence(report, 'loki-fields');
  assert.is(get(report, 'loki-fields').status, 'fail');
  assert.match(text, /structured metadata pod missing on 5 lines of 18/);
  // task_id is both; only a label that is not metadata counts as unexpected.
  assert.not.match(text, /unexpected stream label task_id/);
});

test('ruler off (404) or an alert missing fails loki-rules; no datasource ConfigMap fails', async () => {
  const off = await run({ ...defaultWorld(passingRun()), rules: null });
  assert.match(get(off.report, 'loki-rules').summary, /ruler API is not served/);
  const world = defaultWorld(passingRun());
  world.rules?.data.groups[0]?.rules.pop();
  world.configMaps = { ...world.configMaps, items: [] };
  const { report } = await run(world);
  assert.match(get(report, 'loki-rules').summary, /1 alert not loaded: LogstackSidecarSendErrorLogs/);
  assert.match(
    get(report, 'grafana-datasource').summary,
    /no ConfigMap in airflow with label grafana_datasource provisions datasource uid logstack-loki/,
  );
});

test('without --airflow-url the attempts come from the pods that still exist', async () => {
  const { report } = await run(defaultWorld(passingRun()), { airflowUrl: undefined });
  // Nothing to compare the lines with: present, but not proven complete.
  assert.is(get(report, 'run-lines').status, 'skip');
  assert.is(
    get(report, 'run-lines').summary,
    'completeness not proven for 3 of 3 attempts: without --airflow-url there is no log to compare their lines with (presence only)',
  );
  assert.equal(get(report, 'run-lines').evidence.slice(0, 3), [
    'extract[-1]#1: presence only: 5 lines, no reference to compare',
    'transform[0]#1: presence only: 3 lines, no reference to compare',
    'load[-1]#2: presence only: 6 lines, no reference to compare',
  ]);
  assert.match(evidence(report, 'run-lines'), /attempts from the task pods still in the cluster/);
  assert.match(evidence(report, 'run-lines'), /lines for attempts not in that list: load\[-1\]#1/);
  assert.match(evidence(report, 'after-pod-deletion'), /load\[-1\]#1 \(pod etl-orders-load-t1\): 4 lines/);
});

test('latency: a run watched while it runs gives percentiles from task end to all lines queryable', async () => {
  // Both tasks start after verify's first look and end 600 ms later; their last line is written
  // 200 ms before the end and reaches Loki 400 ms (a) or 1200 ms (b) after it is written.
  const attempts = (t0: number) => [
    {
      taskId: 'a',
      tryNumber: 1,
      state: 'success' as const,
      lines: 3,
      startMs: t0 + 300,
      durationMs: 600,
      podKept: true,
      ingestDelayMs: 400,
    },
    {
      taskId: 'b',
      tryNumber: 1,
      state: 'success' as const,
      lines: 3,
      startMs: t0 + 300,
      durationMs: 600,
      podKept: true,
      ingestDelayMs: 1200,
    },
  ];
  const { report } = await run(defaultWorld(attempts(Date.now())), { waitMs: 8000, pollMs: 100 });
  const lat = report.latency;
  assert.ok(lat, JSON.stringify(report.checks, null, 1));
  assert.is(lat.samples, 2);
  assert.ok(lat.p50Ms >= 150 && lat.p50Ms < 700, `p50 ${lat.p50Ms}`);
  assert.ok(lat.p99Ms >= 950 && lat.p99Ms < 2000, `p99 ${lat.p99Ms}`);
  assert.is(get(report, 'latency').status, 'pass');
  assert.is(get(report, 'run-lines').status, 'pass');
  const strict = await run(defaultWorld(attempts(Date.now())), { waitMs: 8000, pollMs: 100, maxP95Ms: 500 });
  assert.is(get(strict.report, 'latency').status, 'fail');
  assert.match(get(strict.report, 'latency').summary, /p95 above 500 ms/);
});

test('query_range pages forward without losing or repeating entries at a page boundary', async () => {
  const world = defaultWorld(passingRun());
  // Two entries share a nanosecond across a page boundary, as lines of two tasks can.
  world.editEntries = (es) => es.map((e, i) => (i === 3 ? { ...e, ns: es[2]?.ns ?? e.ns } : e));
  const api = await startFake(world);
  try {
    const loki = new LokiClient(api.url, {
      timeoutMs: 2000,
      retries: 0,
      backoffMs: 10,
      auth: { type: 'none' },
    });
    const q = runQuery(
      { labels: ['namespace', 'dag_id', 'component'], staticLabels: {}, structuredMetadata: ['run_id'] },
      { namespace: NS, dagId: DAG, runId: RUN },
    );
    const all = await loki.queryRange(q, 0n, BigInt(Date.now()) * 1_000_000n, 5000);
    const paged = await loki.queryRange(q, 0n, BigInt(Date.now()) * 1_000_000n, 3);
    assert.is(all.length, 18);
    assert.equal(
      paged.map((e) => `${e.ts} ${e.line}`),
      all.map((e) => `${e.ts} ${e.line}`),
    );
    assert.ok(api.requests.filter((r) => r.path.startsWith('/loki/api/v1/query_range')).length > 6);
  } finally {
    await api.close();
  }
});

test('the default kubeconfig is $KUBECONFIG (first of a list), else ~/.kube/config, else the service account', () => {
  const none = () => false;
  const only = (path: string) => (p: string) => p === path;
  assert.is(defaultKubeconfigSource({ KUBECONFIG: ':/a/one:/a/two' }, '/home/u', none), '/a/one');
  assert.is(defaultKubeconfigSource({}, '/home/u', only('/home/u/.kube/config')), '/home/u/.kube/config');
  assert.is(
    defaultKubeconfigSource({}, '/home/u', only('/var/run/secrets/kubernetes.io/serviceaccount/token')),
    'in-cluster service account',
  );
  assert.is(defaultKubeconfigSource({ KUBECONFIG: '' }, '/home/u', none), undefined);
});

test.run();
