import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../src/main.js';
import { bufferOutput } from '../src/output.js';
import { example, tempDir } from './helpers.js';

async function explain(...argv: string[]) {
  const io = bufferOutput();
  const code = await run(['explain', ...argv], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

const specFile = (text: string) => {
  const file = join(tempDir(), 'logstack.yaml');
  writeFileSync(file, text);
  return file;
};

test('explain: a readable table of labels, streams, metadata and sidecar totals', async () => {
  const r = await explain(
    example('minimal'),
    '--dags',
    '120',
    '--daily-runs',
    '5000',
    '--peak-concurrency',
    '40',
  );
  assert.is(r.code, 0);
  assert.match(r.stdout, /dag_id\s+field\s+120\s+--dags/);
  assert.match(r.stdout, /Streams: 1 x 120 x 1 = 120/);
  assert.match(r.stdout, /Structured metadata \(filterable, no streams\): task_id, run_id/);
  assert.match(r.stdout, /At 40 concurrent tasks: requests 4000m \(4 cores\) CPU/);
});

test('explain --json: machine output computed from the spec', async () => {
  const file = specFile(
    'apiVersion: logstack/v1\nloki:\n  labels: [namespace, dag_id, component, level]\n  staticLabels: { cluster: prod }\n  structuredMetadata: [task_id, run_id, map_index, attempt, pod]\n',
  );
  const r = await explain(file, '--dags', '10', '--daily-runs', '200', '--json');
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.is(out.streams, 10 * 6);
  assert.equal(
    out.labels.map((l: { name: string }) => l.name),
    ['namespace', 'dag_id', 'component', 'level', 'cluster'],
  );
  assert.equal(out.structuredMetadata, ['task_id', 'run_id', 'map_index', 'attempt', 'pod']);
  assert.is(out.sidecar.atPeak, undefined);
});

test('explain --label-values replaces an assumed count', async () => {
  const file = specFile('apiVersion: logstack/v1\nloki:\n  labels: [namespace, dag_id, node]\n');
  const r = await explain(file, '--dags', '5', '--daily-runs', '50', '--label-values', 'node=7', '--json');
  assert.is(r.code, 0, r.stderr);
  assert.is(JSON.parse(r.stdout).streams, 35);
});

test('explain --label-values: a name that is not one of the spec’s labels exits 2 naming the allowed ones', async () => {
  const r = await explain(example('minimal'), '--dags', '1', '--daily-runs', '1', '--label-values', 'nod=12');
  assert.is(r.code, 2);
  assert.is(r.stdout, '');
  assert.is(
    r.stderr,
    '--label-values: "nod" is not a label of this spec; allowed: namespace, dag_id, component\n',
  );
});

test('explain: bad numbers and a missing flag exit 2; an invalid spec exits 2 with its issues', async () => {
  const bad = await explain(example('minimal'), '--dags', '-3', '--daily-runs', '5');
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /--dags: "-3" is not a whole number >= 1/);
  assert.is((await explain(example('minimal'), '--daily-runs', '5')).code, 2);
  const labels = await explain(
    example('minimal'),
    '--dags',
    '1',
    '--daily-runs',
    '1',
    '--label-values',
    'node',
  );
  assert.is(labels.code, 2);
  const invalid = await explain(
    specFile('apiVersion: logstack/v1\nsidecar:\n  image: { repository: timberio/vector, tag: latest }\n'),
    '--dags',
    '1',
    '--daily-runs',
    '1',
  );
  assert.is(invalid.code, 2);
  assert.match(invalid.stderr, /\/sidecar\/image\/tag: cannot tell the Vector version/);
});

test('explain --log-rate with --peak-concurrency: the sidecar sizing, the pushes reaching Loki and whether the limits hold', async () => {
  const r = await explain(
    example('minimal'),
    '--dags',
    '2000',
    '--daily-runs',
    '90000',
    '--peak-concurrency',
    '400',
    '--log-rate',
    '50',
  );
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /Sidecar at 50 lines\/s per task .*: at most 4 pushes\/s each/);
  assert.match(r.stdout, /Pushes reaching Loki at the peak: 1600\/s from 400 sidecars/);
  assert.match(r.stdout, /Scale that fits: simpleScalable; chosen: monolithic/);
  assert.match(r.stdout, /WARNING: loki\.scale\.mode monolithic is meant for up to 50 GB\/day/);
  const json = await explain(
    example('minimal'),
    '--dags',
    '2000',
    '--daily-runs',
    '90000',
    '--peak-concurrency',
    '400',
    '--log-rate',
    '50',
    '--json',
  );
  const out = JSON.parse(json.stdout);
  assert.is(out.streams, 2000, 'the stream count is still there');
  const rate = out.loki.checks.find((c: { name: string }) => c.name === 'ingestion_rate_mb');
  assert.equal([rate.holdsWithDefault, rate.holds], [false, true]);
  // The generated values set what explain says: the same plan.
  assert.is(out.loki.plan.limits.maxQuerySeries.value, 2400);
});

test('explain: --gb-per-day sizes without a per-task rate; a bad rate exits 2', async () => {
  const r = await explain(
    example('minimal'),
    '--dags',
    '10',
    '--daily-runs',
    '10',
    '--gb-per-day',
    '3000',
    '--json',
  );
  assert.is(r.code, 0, r.stderr);
  assert.is(JSON.parse(r.stdout).loki.plan.recommendedMode, 'distributed');
  const bad = await explain(example('minimal'), '--dags', '1', '--daily-runs', '1', '--log-rate', 'fast');
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /--log-rate: "fast" is not a number > 0/);
});

test.run();
