import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LOKI_DEFAULT_LIMITS, lokiScaleValues, planLoki, resolveVolume } from '../src/index.js';
import { lokiSpec } from './helpers.js';

test('no volume: monolithic at the small sizing, every limit Loki’s default, nothing written', () => {
  const plan = planLoki(lokiSpec());
  assert.is(plan.mode, 'monolithic');
  assert.is(plan.volume.given, false);
  assert.equal(
    plan.components.map((c) => [c.key, c.replicas, c.resources.requests.memory]),
    [['singleBinary', 1, '256Mi']],
  );
  assert.ok(Object.values(plan.limits).every((l) => l.source === 'default'));
  assert.equal(
    Object.fromEntries(Object.entries(plan.limits).map(([k, l]) => [k, l.value])),
    LOKI_DEFAULT_LIMITS,
  );
  const values = lokiScaleValues(plan) as Record<string, Record<string, unknown>>;
  assert.equal(values.loki?.limits_config, {});
  assert.equal(values.chunksCache, { enabled: false });
});

test('the volume is derived both ways: tasks x rate gives the peak and GB/day, GB/day gives the peak', () => {
  const m = lokiSpec(
    '  scale:\n    volume: { peakConcurrency: 100, linesPerSecondPerTask: 20, lineBytes: 300 }\n',
  );
  const v = resolveVolume(m);
  assert.is(v.peakLinesPerSecond, 2000);
  // The default structured metadata of the spec, name and typical value, counts too.
  assert.is(v.entryBytes, 300 + v.metadataBytes);
  assert.ok(v.metadataBytes > 200 && v.metadataBytes < 400, String(v.metadataBytes));
  assert.is(v.gbPerDay, Number(((2000 * v.entryBytes * 86400) / 3 / 1e9).toFixed(2)));
  const back = resolveVolume(lokiSpec(`  scale:\n    volume: { gbPerDay: ${v.gbPerDay}, lineBytes: 300 }\n`));
  assert.ok(Math.abs(back.peakLinesPerSecond - 2000) <= 1, String(back.peakLinesPerSecond));
  assert.match(v.basis.join('\n'), /2000 lines\/s = 100 tasks x 20 lines\/s/);
});

test('the busiest stream: one DAG’s running tasks with dag_id a label, else the whole peak', () => {
  const withDag = resolveVolume(
    lokiSpec('  scale:\n    volume: { peakConcurrency: 400, linesPerSecondPerTask: 10 }\n'),
  );
  assert.is(withDag.hottestStreamBytesPerSecond, 16 * 10 * withDag.entryBytes);
  const noDag = resolveVolume(
    lokiSpec(
      '  labels: [namespace, component]\n  structuredMetadata: [dag_id, task_id]\n  scale:\n    volume: { peakConcurrency: 400, linesPerSecondPerTask: 10 }\n',
    ),
  );
  assert.is(noDag.hottestStreamBytesPerSecond, noDag.peakBytesPerSecond);
});

test('replicas, resources and caches given in the spec replace the derived ones', () => {
  const plan = planLoki(
    lokiSpec(
      '  scale:\n    mode: simpleScalable\n    volume: { gbPerDay: 100 }\n    replicas: { write: 5 }\n    resources:\n      read: { requests: { cpu: "2", memory: 4Gi }, limits: { cpu: "4", memory: 8Gi } }\n    caches: { chunks: { memoryMb: 1024 }, results: { enabled: false } }\n',
    ),
  );
  const c = Object.fromEntries(plan.components.map((x) => [x.key, x]));
  assert.is(c.write?.replicas, 5);
  assert.is(c.write?.why, 'given');
  assert.equal(c.read?.resources.requests, { cpu: '2', memory: '4Gi' });
  assert.equal(plan.caches.chunks, { enabled: true, memoryMb: 1024, replicas: 1, why: 'given' });
  assert.is(plan.caches.results.enabled, false);
});

test('limits the spec writes win over the derived ones; derived ones never go below Loki’s defaults', () => {
  const plan = planLoki(
    lokiSpec('  scale:\n    volume: { gbPerDay: 1 }\n  limits: { ingestionRateMb: 50, queryTimeout: 3m }\n'),
  );
  assert.equal(plan.limits.ingestionRateMb, { value: 50, source: 'spec', why: 'loki.limits' });
  assert.is(plan.limits.queryTimeout.value, '3m');
  assert.is(plan.limits.ingestionBurstSizeMb.value, 6);
  assert.is(plan.limits.perStreamRateLimitMb.value, 3);
});

test('the values: the other modes’ components at 0 replicas, the gateway on beyond monolithic, zones per ingester StatefulSet', () => {
  const v = lokiScaleValues(
    planLoki(
      lokiSpec('  scale:\n    mode: distributed\n    zones: [z1, z2, z3]\n    volume: { gbPerDay: 2000 }\n'),
    ),
  ) as Record<string, Record<string, unknown>>;
  assert.is(v.deploymentMode as unknown, 'Distributed');
  for (const off of ['singleBinary', 'write', 'read', 'backend']) assert.equal(v[off], { replicas: 0 }, off);
  assert.is(v.gateway?.enabled, true);
  assert.equal((v.ingester?.zoneAwareReplication as Record<string, unknown> | undefined)?.zoneB, {
    nodeSelector: { 'topology.kubernetes.io/zone': 'z2' },
  });
  assert.equal(v.ruler?.sidecar, true);
  assert.is((v.ingester?.replicas as number) % 3, 0);
  const mono = lokiScaleValues(planLoki(lokiSpec())) as Record<string, Record<string, unknown>>;
  // checkov's CKV_K8S_40 and CKV_K8S_11 on the scaled modes' own pods (full-render.test.ts scans them).
  const gatewayUid = (v.gateway?.podSecurityContext as { runAsUser?: number } | undefined)?.runAsUser ?? 0;
  assert.ok(gatewayUid >= 10000, `gateway uid ${gatewayUid}`);
  assert.equal(v.sidecar, { resources: { limits: { cpu: '100m' } } });
  assert.equal(mono.gateway, { enabled: false });
  assert.is(mono.sidecar, undefined, 'monolithic keeps the chart values.yaml sidecar');
  assert.is(mono.singleBinary?.replicas, 1);
  for (const off of ['write', 'ingester', 'ruler']) assert.equal(mono[off], { replicas: 0 }, off);
});

test.run();
