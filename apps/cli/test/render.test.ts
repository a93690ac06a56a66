import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifests } from '@logstack/chart-values';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, example, tempDir } from './helpers.js';

const bad = (text: string) => {
  const file = join(tempDir(), 'bad.yaml');
  writeFileSync(file, text);
  return file;
};

// The complete example with everything on; its image tag is set here so the test does not depend on the example's choice.
const complete = () =>
  bad(readFileSync(example('complete'), 'utf8').replace(/tag: 0\.5\d\.\d+-[a-z-]+/, 'tag: 0.56.0-alpine'));

for (const helm of ['helm3', 'helm4'])
  test(`render --helm ${helm}: prints the whole umbrella, subcharts included, and the objects by kind`, async () => {
    const r = await cli('render', complete(), '--helm', helm);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /whole umbrella chart with its subcharts airflow-.*\.tgz, loki-18\.11\.0\.tgz/);
    const objects = parseManifests(r.stdout);
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    for (const k of [
      'ExternalSecret/airflow-metadata-db',
      'ObjectBucketClaim/loki-bucket',
      'ConfigMap/airflow-vector-task-logs',
      'Deployment/airflow-scheduler',
      'StatefulSet/loki',
      'DaemonSet/airflow-alloy',
    ])
      assert.ok(kinds.includes(k), `${k} in ${kinds.join(' ')}`);
    const deployments = objects.filter((o) => o.kind === 'Deployment').length;
    assert.match(r.stderr, new RegExp(`^${objects.length} objects: .*\\b${deployments} Deployment\\b`, 'm'));
  });

test('render --own-templates: only the umbrella’s own templates, and says so', async () => {
  const r = await cli('render', complete(), '--own-templates');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stderr, /own templates only/);
  const kinds = parseManifests(r.stdout).map((o) => o.kind);
  assert.ok(kinds.includes('ObjectBucketClaim'));
  assert.not.ok(kinds.includes('Deployment'), 'no Airflow Deployment without the subcharts');
});

test('render: the values drawn at render time are masked, so two renders give the same bytes', async () => {
  const first = await cli('render', example('minimal'));
  assert.is(first.code, 0, first.stderr);
  const secret = parseManifests(first.stdout).find((o) => o.metadata.name === 'logstack-airflow-secrets') as
    | { data: Record<string, string> }
    | undefined;
  assert.ok(secret, 'the stable Airflow Secret is rendered');
  assert.ok(Object.keys(secret?.data ?? {}).includes('jwt-secret'));
  for (const v of Object.values(secret?.data ?? {})) assert.is(v, '<random at install, kept on upgrade>');
  assert.match(first.stdout.split('\n')[2] ?? '', /^# masked: Secret logstack-airflow-secrets \.data /);
  assert.is((await cli('render', example('minimal'))).stdout, first.stdout);
});

test('render -o writes rendered.yaml atomically and prints where; same bytes the second time', async () => {
  const dir = tempDir();
  const r = await cli('render', example('minimal'), '-o', dir, '--release', 'logs');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote .*rendered\.yaml/);
  const first = readFileSync(join(dir, 'rendered.yaml'), 'utf8');
  assert.match(first, /^# rendered: the whole umbrella chart with its subcharts/);
  assert.match(first, /name: logs-vector-task-logs/);
  await cli('render', example('minimal'), '-o', dir, '--release', 'logs');
  assert.is(readFileSync(join(dir, 'rendered.yaml'), 'utf8'), first);
});

test('render: an invalid spec exits 2 before Helm runs', async () => {
  const r = await cli('render', bad('apiVersion: logstack/v1\nstorage: {retentionDays: 0}\n'));
  assert.is(r.code, 2);
  assert.match(r.stderr, /\/storage\/retentionDays/);
});

test('render: an unknown Helm major is refused with exit 2', async () => {
  const r = await cli('render', example('minimal'), '--helm', 'helm2');
  assert.is(r.code, 2);
});

test('render: a missing Helm exits 3 and says to run tools/bootstrap.sh', async () => {
  const saved = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    const r = await cli('render', example('minimal'));
    assert.is(r.code, 3);
    assert.match(r.stderr, /helm3 not found on PATH: run tools\/bootstrap\.sh/);
  } finally {
    process.env.PATH = saved;
  }
});

test('render: no subchart packages anywhere exits 3 and says how to get them', async () => {
  const saved = process.env.LOGSTACK_SUBCHARTS;
  process.env.LOGSTACK_SUBCHARTS = tempDir();
  try {
    const r = await cli('render', example('minimal'));
    assert.is(r.code, 3);
    assert.match(r.stderr, /subchart packages were not found .*helm dependency build/);
    assert.match(r.stderr, new RegExp(process.env.LOGSTACK_SUBCHARTS));
  } finally {
    if (saved === undefined) delete process.env.LOGSTACK_SUBCHARTS;
    else process.env.LOGSTACK_SUBCHARTS = saved;
  }
});

test.run();
