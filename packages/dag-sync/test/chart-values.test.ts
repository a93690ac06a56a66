import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogstackModel } from '@logstack/spec';
import { checkSpec, dagSyncResources, validatorFor } from '@logstack/spec';
import { Ajv } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DAG_SYNC_NAMES, dagSyncValues, intervalToCron } from '../src/index.js';
import { repo } from './helpers.js';

const upstream = JSON.parse(
  readFileSync(join(repo, 'vendor/upstream-charts/airflow/values.schema.json'), 'utf8'),
);
// The Airflow chart's schema is draft-07; its root allows unknown keys, its sections do not.
const airflowValues = new Ajv({ allErrors: true, strict: false }).compile(upstream);

const model = (mode: LogstackModel['dagSync']['mode'], extra: Partial<LogstackModel['dagSync']> = {}) => {
  const dagSync = { mode, ...extra };
  // Defaults exactly as the spec loader applies them.
  const spec = { apiVersion: 'logstack/v1', dagSync };
  assert.ok(validatorFor('https://airflow-logstack.dev/schemas/logstack.schema.json')(spec));
  return spec as unknown as LogstackModel;
};

const containers = (v: Record<string, unknown>, component: string) =>
  (v[component] as { extraInitContainers?: Record<string, unknown>[] })?.extraInitContainers ?? [];

for (const mode of ['none', 'initContainer', 'sidecar', 'cronJob'] as const) {
  test(`${mode}: the airflow fragment passes the Airflow chart's values schema`, () => {
    const { airflow } = dagSyncValues(model(mode));
    assert.ok(airflowValues(airflow), JSON.stringify(airflowValues.errors, null, 2));
  });
}

test('initContainer: one sync before scheduler, dag-processor and task pods start; Airflow mounts read-only', () => {
  const { airflow } = dagSyncValues(model('initContainer'));
  for (const c of ['scheduler', 'dagProcessor', 'workers']) {
    const [sync] = containers(airflow, c);
    assert.is(sync?.name, DAG_SYNC_NAMES.container);
    assert.is(sync?.restartPolicy, undefined);
    assert.equal(sync?.args, ['dags', 'sync', '--exit-status', 'errors']);
    assert.equal(sync?.image, 'ghcr.io/airflow-logstack/logstack:0.1.0');
    assert.equal((airflow[c] as { extraVolumeMounts: unknown }).extraVolumeMounts, [
      { name: 'logstack-dags', mountPath: '/opt/airflow/dags', readOnly: true },
    ]);
  }
});

test('sidecar: a native sidecar loop whose startup probe waits for the first cycle; task pods sync once', () => {
  const { airflow } = dagSyncValues(model('sidecar', { interval: '2m' }));
  for (const c of ['scheduler', 'dagProcessor']) {
    const [loop] = containers(airflow, c);
    assert.is(loop?.restartPolicy, 'Always');
    assert.equal(loop?.args, [
      'dags',
      'sync',
      '--exit-status',
      'errors',
      '--interval',
      '2m',
      '--ready-file',
      '/run/logstack/ready',
    ]);
    assert.equal((loop?.startupProbe as { exec?: unknown } | undefined)?.exec, {
      command: ['test', '-f', '/run/logstack/ready'],
    });
  }
  assert.is(containers(airflow, 'workers')[0]?.restartPolicy, undefined);
});

test('every dag-sync container is non-root, read-only, without capabilities, with requests and limits', () => {
  const { airflow } = dagSyncValues(model('sidecar'));
  for (const c of ['scheduler', 'dagProcessor', 'workers']) {
    const [sync] = containers(airflow, c);
    assert.equal(sync?.securityContext, {
      runAsNonRoot: true,
      runAsUser: 50000,
      runAsGroup: 0,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.equal(sync?.resources, {
      requests: { cpu: '50m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    });
  }
});

test('cronJob: Airflow mounts the shared claim; the chart section carries the CronJob schedule', () => {
  const { airflow, dagSync } = dagSyncValues(
    model('cronJob', { interval: '15m', sharedVolumeClaim: 'etl-dags' }),
  );
  assert.equal(airflow, {
    dags: { persistence: { enabled: true, existingClaim: 'etl-dags', accessMode: 'ReadWriteMany' } },
  });
  assert.is(dagSync.schedule, '*/15 * * * *');
  assert.is(dagSync.sharedVolumeClaim, 'etl-dags');
  const chartSchema = validatorFor('https://airflow-logstack.dev/schemas/chart/dag-sync.schema.json');
  assert.ok(chartSchema(structuredClone(dagSync)), JSON.stringify(chartSchema.errors));
});

test('intervalToCron: only periods a CronJob can express', () => {
  assert.equal(['1m', '5m', '30m', '60m', '1h', '6h', '24h'].map(intervalToCron), [
    '* * * * *',
    '*/5 * * * *',
    '*/30 * * * *',
    '0 * * * *',
    '0 * * * *',
    '0 */6 * * *',
    '0 0 * * *',
  ]);
  for (const bad of ['30s', '7m', '5h']) assert.throws(() => intervalToCron(bad), /has no CronJob schedule/);
});

test('resources follow the job count when not set, and the Node.js heap is capped below the limit', () => {
  const loaded = (dagSync: string) =>
    checkSpec('x.yaml', `apiVersion: logstack/v1\ndagSync:\n  mode: sidecar\n${dagSync}`)
      .model as LogstackModel;
  const sidecar = (m: LogstackModel) => containers(dagSyncValues(m).airflow, 'scheduler')[0];
  const heap = (m: LogstackModel) =>
    ((sidecar(m)?.env ?? []) as { name: string; value: string }[]).find((e) => e.name === 'NODE_OPTIONS')
      ?.value;
  const byDefault = loaded('');
  assert.equal(byDefault.dagSync.resources, {
    requests: { cpu: '50m', memory: '128Mi' },
    limits: { cpu: '500m', memory: '256Mi' },
  });
  assert.is(heap(byDefault), '--max-old-space-size=192');
  const big = loaded('  expectedJobs: 10000\n');
  assert.equal(big.dagSync.resources, {
    requests: { cpu: '50m', memory: '144Mi' },
    limits: { cpu: '500m', memory: '288Mi' },
  });
  assert.equal(sidecar(big)?.resources, big.dagSync.resources);
  assert.is(heap(big), '--max-old-space-size=216');
  assert.equal(dagSyncResources(40_000).limits.memory, '768Mi');
  // Resources the user wrote are theirs, whatever the job count.
  const own = loaded(
    '  expectedJobs: 10000\n  resources:\n    requests: {cpu: 100m, memory: 1Gi}\n    limits: {cpu: "1", memory: 2Gi}\n',
  );
  assert.is(own.dagSync.resources.limits.memory, '2Gi');
  assert.is(heap(own), '--max-old-space-size=1536');
});

test.run();
