import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import {
  bundleChartSchema,
  CHART_NAMES,
  chartDir,
  chartValues,
  chartValuesArtifacts,
  combineFragments,
  mergeValues,
} from '../src/index.js';
import type { Deep } from './helpers.js';
import { chartDefaults, exampleModel, examples, upstreamValidator } from './helpers.js';

const chartSchema = new Ajv2020({ strict: false, allErrors: true }).compile(bundleChartSchema());
const SUBCHARTS = ['airflow', 'loki'] as const;

test('the upstream schemas are there for airflow and loki (and not for alloy and vector)', () => {
  for (const c of SUBCHARTS) assert.ok(upstreamValidator(c), `${c} has a values.schema.json`);
  assert.is(upstreamValidator('alloy'), undefined);
});

test("every subchart section of the chart's values.yaml validates against the subchart's own schema", () => {
  const defaults = chartDefaults();
  for (const c of SUBCHARTS) {
    const { enabled: _e, ...section } = defaults[c] ?? {};
    assert.equal(upstreamValidator(c)?.(section), [], `${c} section of values.yaml`);
  }
});

for (const name of examples)
  test(`${name}: every subchart section of the generated values validates, alone and merged over the chart defaults`, () => {
    const values = chartValues(exampleModel(name));
    const defaults = chartDefaults();
    for (const c of SUBCHARTS) {
      const { enabled: _e, ...section } = values[c] as Record<string, unknown>;
      const { enabled: _d, ...base } = defaults[c] ?? {};
      const validate = upstreamValidator(c);
      assert.equal(validate?.(section), [], `${c} alone`);
      assert.equal(validate?.(mergeValues(base, section)), [], `${c} merged`);
    }
  });

for (const name of examples)
  test(`${name}: the generated values, merged over the chart defaults, meet the chart's values.schema.json`, () => {
    const merged = mergeValues(chartDefaults(), chartValues(exampleModel(name)));
    assert.ok(chartSchema(merged), JSON.stringify(chartSchema.errors));
  });

test("the chart's values.yaml meets the chart's values.schema.json", () => {
  assert.ok(chartSchema(chartDefaults()), JSON.stringify(chartSchema.errors));
});

test('the chart schema rejects retention 0, an unknown monitoring target and an unknown top-level key', () => {
  const bad = [
    { loki: { enabled: true, loki: { limits_config: { retention_period: '0s' } } } },
    { monitoring: { ...chartDefaults().monitoring, targets: ['fluentbit'] } },
    { lokki: {} },
  ];
  for (const b of bad) assert.not.ok(chartSchema(mergeValues(chartDefaults(), b)), JSON.stringify(b));
});

test('complete spec: metadata DB from the ExternalSecret, no in-chart PostgreSQL, retention in hours', () => {
  const v = chartValues(exampleModel('complete')) as Deep;
  assert.equal(v.airflow?.data, { metadataSecretName: CHART_NAMES.metadataSecret });
  assert.equal(v.airflow?.postgresql, { enabled: false });
  assert.equal(v.metadataDb?.enabled, true);
  assert.equal(v.metadataDb?.storeRef, { name: 'onepassword-connect', kind: 'ClusterSecretStore' });
  assert.is(v.loki?.loki.limits_config.retention_period, '336h');
  assert.is(v.loki?.loki.auth_enabled, true, 'a tenant turns auth on');
  assert.equal(v.objectStorage, {
    enabled: true,
    claimName: 'loki-bucket',
    storageClassName: 'ceph-bucket',
    generateBucketName: 'loki',
    bucketName: '',
  });
});

test('minimal spec: the chart PostgreSQL stays, 7 days retention, Loki reads the claim', () => {
  const v = chartValues(exampleModel('minimal')) as Deep;
  assert.equal(v.airflow?.postgresql, { enabled: true });
  assert.is(v.loki?.loki.limits_config.retention_period, '168h');
  assert.equal(v.loki?.singleBinary.extraEnvFrom, [
    { configMapRef: { name: 'loki-bucket' } },
    { secretRef: { name: 'loki-bucket' } },
  ]);
  assert.is(v.loki?.loki.storage.bucketNames.chunks, '$'.concat('{BUCKET_NAME}'));
});

test('an external Loki turns off the in-chart Loki and its bucket; a vector agent replaces Alloy', () => {
  const m = exampleModel('minimal');
  const v = chartValues({
    ...m,
    loki: { ...m.loki, mode: 'external', pushUrl: 'https://loki.example.com' },
    clusterAgent: { ...m.clusterAgent, type: 'vector-agent' },
  }) as Record<string, Record<string, unknown>>;
  assert.equal(v.loki, { enabled: false });
  assert.is(v.objectStorage?.enabled, false);
  assert.is(v.alloy?.enabled, false);
  assert.is(v.vector?.enabled, true);
});

test('an existing bucket Secret replaces the claim in Loki and turns the claim off', () => {
  const m = exampleModel('minimal');
  const v = chartValues({
    ...m,
    storage: {
      ...m.storage,
      type: 'existingSecret',
      existingSecret: {
        secretName: 's3-keys',
        endpoint: 's3.example.com',
        bucket: 'logs',
        region: 'eu-1',
        insecure: false,
      },
    },
  }) as Deep;
  assert.is(v.objectStorage?.enabled, false);
  assert.equal(v.loki?.singleBinary.extraEnvFrom, [{ secretRef: { name: 's3-keys' } }]);
  assert.equal(v.loki?.loki.storage.bucketNames, { chunks: 'logs', ruler: 'logs' });
});

test('the values artifact is values.yaml with a header naming the spec, deterministic, and parses back to chartValues', () => {
  const model = exampleModel('complete');
  const ctx = { specLabel: 'examples/complete/logstack.yaml', vectorFormat: 'yaml' as const };
  const [a] = chartValuesArtifacts(model, ctx);
  assert.is(a?.path, 'values.yaml');
  assert.match(
    a?.content ?? '',
    /^# Generated by logstack \(chart-values\) from examples\/complete\/logstack\.yaml/,
  );
  assert.is(chartValuesArtifacts(model, ctx)[0]?.content, a?.content);
  assert.equal(parse(a?.content ?? ''), chartValues(model));
});

test('mergeValues merges maps and replaces lists, as Helm does', () => {
  assert.equal(mergeValues({ a: { b: 1, c: [1, 2] } }, { a: { c: [3] } }), { a: { b: 1, c: [3] } });
});

test('chart values.yaml has no secret material: no password, key or token value', () => {
  const text = readFileSync(join(chartDir, 'values.yaml'), 'utf8');
  assert.not.match(text, /(password|secretAccessKey|token):\s*["']?[A-Za-z0-9+/]{8,}/i);
});

test('combineFragments concatenates lists and refuses two different scalars at one place', () => {
  assert.equal(combineFragments({ w: { c: [1], n: 1 } }, { w: { c: [2], n: 1 } }), {
    w: { c: [1, 2], n: 1 },
  });
  assert.throws(
    () => combineFragments({ w: { n: 1 } }, { w: { n: 2 } }),
    /two values fragments set w\.n differently/,
  );
});

test('complete spec: the sidecar and the dag-sync containers both reach the worker pods', () => {
  const v = chartValues(exampleModel('complete')) as Deep;
  const names = (v.airflow.workers.extraInitContainers as Array<{ name: string }>).map((c) => c.name);
  assert.ok(names.includes('vector-task-logs'), names.join());
  assert.ok(names.includes('logstack-dag-sync'), names.join());
});

test.run();
