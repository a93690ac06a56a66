import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, repo, tempDir } from './helpers.js';

const chartCopy = () => {
  const dir = join(tempDir(), 'airflow-logstack');
  cpSync(join(repo, 'charts', 'airflow-logstack'), dir, { recursive: true });
  return dir;
};

test('chart --check: the committed chart files are up to date (exit 0)', async () => {
  const r = await cli('chart', '--check');
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /up to date/);
});

test('chart --check: a hand edit of a generated file exits 1 with a diff naming it', async () => {
  const dir = chartCopy();
  await cli('chart', '--chart', dir);
  const schema = join(dir, 'values.schema.json');
  writeFileSync(schema, readFileSync(schema, 'utf8').replace('"auto"', '"sometimes"'));
  const r = await cli('chart', '--check', '--chart', dir);
  assert.is(r.code, 1);
  assert.match(r.stdout, /--- a\/values\.schema\.json/);
  assert.match(r.stdout, /-\s+"sometimes"/);
  assert.match(r.stderr, /1 chart file\(s\) drifted: run logstack chart/);
});

test('chart: writes back what drifted, leaves the rest untouched, then --check passes', async () => {
  const dir = chartCopy();
  writeFileSync(join(dir, 'README.md'), 'edited\n');
  const r = await cli('chart', '--chart', dir);
  assert.is(r.code, 0);
  assert.match(r.stdout, /wrote +.*README\.md/);
  assert.match(r.stdout, /unchanged .*values\.schema\.json/);
  assert.is((await cli('chart', '--check', '--chart', dir)).code, 0);
});

test.run();
