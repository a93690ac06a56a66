import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { etlJob, etlJobManifest, logstack } from '../src/generated/validators.js';
import { schemaRegistry, validatorFor } from '../src/index.js';

const precompiled = { logstack, etlJobManifest, etlJob };

const repo = new URL('../../../', import.meta.url);
const text = (path: string) => readFileSync(new URL(path, repo), 'utf8');
const ids = {
  logstack: 'https://airflow-logstack.dev/schemas/logstack.schema.json',
  etlJobManifest: 'https://airflow-logstack.dev/schemas/etl-job.schema.json',
  etlJob: 'https://airflow-logstack.dev/schemas/etl-job.schema.json#/$defs/job',
} as const;

const head = 'apiVersion: logstack/v1\n';
/** Good and bad documents that reach every keyword validate.ts turns into an issue, and defaults. */
const corpus: [keyof typeof ids, string][] = [
  ['logstack', text('examples/minimal/logstack.yaml')],
  ['logstack', text('examples/complete/logstack.yaml')],
  ['logstack', 'airflow: {}\n'],
  ['logstack', `${head}lokki: {}\nloki:\n  lables: [dag_id]\n`],
  ['logstack', `${head}clusterAgent:\n  type: fluentbit\nairflow:\n  namespace: Data_Platform\n`],
  ['logstack', `${head}storage:\n  retentionDays: 0\ngrafana:\n  enabled: "yes"\n`],
  ['logstack', `${head}loki:\n  mode: external\n  pushUrl: ftp://loki\n  batch:\n    timeoutMs: 60000\n`],
  ['logstack', `${head}dagSync:\n  image:\n    repository: r/x\n    tag: "1"\n    digest: sha256:abc\n`],
  ['logstack', 'apiVersion: logstack/v2\nsidecar:\n  image:\n    repository: timberio/vector\n'],
  ['etlJobManifest', text('examples/packages/orders/logstack-jobs.yaml')],
  ['etlJobManifest', 'apiVersion: logstack/jobs/v1\njobs: {}\nextra: 1\n'],
  ['etlJob', 'id: a\nentrypoint: a.b:c\nschedule: "@daily"\nstartDate: "2025-13-40"\nretries: -1\n'],
  ['etlJob', 'id: "bad id"\nentrypoint: nope\noperator: shell\n'],
  ['etlJob', 'id: ok\nentrypoint: a.b:c\nschedule: "@hourly"\n'],
];

/** What the issues are built from: everything but the schema objects themselves (compared by content). */
const shape = (errors: unknown) => JSON.parse(JSON.stringify(errors ?? null));

test('the precompiled validators report exactly what ajv compiling the schemas at run time reports', () => {
  const registry = schemaRegistry();
  corpus.forEach(([name, doc], i) => {
    const runtime = registry.getSchema(ids[name]);
    assert.ok(runtime, ids[name]);
    const [a, b] = [parse(doc), parse(doc)];
    const fast = precompiled[name];
    assert.is(fast(a), runtime(b), `valid? #${i}`);
    assert.equal(shape(fast.errors), shape(runtime.errors), `errors #${i}`);
    // useDefaults: both fill in the same defaults.
    assert.equal(a, b, `defaults #${i}`);
  });
});

test('the precompiled validators are the ones validatorFor hands out', () => {
  for (const [name, id] of Object.entries(ids))
    assert.is(validatorFor(id), precompiled[name as keyof typeof ids], name);
});

test.run();
