import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = join(root, 'tools/vendor-upstream.mjs');
const vendored = join(root, 'vendor/upstream-charts');

const check = (source: string) =>
  spawnSync(process.execPath, [script, '--check'], {
    encoding: 'utf8',
    env: { ...process.env, LOGSTACK_UPSTREAM_DIR: source },
  });

test('every upstream chart the tests read is vendored', () => {
  for (const file of [
    'airflow/values.schema.json',
    'airflow/values.yaml',
    'loki/values.schema.json',
    'alloy/values.yaml',
    'vector/values.yaml',
  ])
    assert.ok(existsSync(join(vendored, file)), file);
});

test('the vendored copy matches ../shared/upstream when it is there', () => {
  const shared = join(root, '..', 'shared', 'upstream');
  const r = check(shared);
  assert.is(r.status, 0, r.stderr);
});

test('--check names the drifted file and fails', () => {
  const source = mkdtempSync(join(tmpdir(), 'upstream-'));
  cpSync(vendored, source, { recursive: true });
  writeFileSync(join(source, 'loki/values.yaml'), 'changed: true\n');
  const r = check(source);
  assert.is(r.status, 1);
  assert.match(r.stderr, 'vendor/upstream-charts/loki/values.yaml differs from');
  assert.not.match(r.stderr, 'airflow');
});

test.run();
