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
  test(`render --helm ${helm}: prints the own templates rendered with the spec's values, and says subcharts are left out`, async () => {
    const r = await cli('render', complete(), '--helm', helm);
    assert.is(r.code, 0, r.stderr);
    assert.match(r.stderr, /own templates only .*subcharts cannot be downloaded here/);
    const objects = parseManifests(r.stdout);
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    assert.ok(kinds.includes('ExternalSecret/airflow-metadata-db'), kinds.join(' '));
    assert.ok(kinds.includes('ObjectBucketClaim/loki-bucket'));
    assert.ok(kinds.includes('ConfigMap/airflow-vector-task-logs'));
    for (const o of objects) assert.is(o.metadata.namespace, 'data-platform');
  });

test('render -o writes rendered.yaml atomically and prints where; same bytes the second time', async () => {
  const dir = tempDir();
  const r = await cli('render', example('minimal'), '-o', dir, '--release', 'logs');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /wrote .*rendered\.yaml/);
  const first = readFileSync(join(dir, 'rendered.yaml'), 'utf8');
  assert.match(first, /^# rendered: the umbrella chart’s own templates only/);
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

test.run();
