import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const script = fileURLToPath(new URL('../test-totals.mjs', import.meta.url));

function totals(log: string, ...failedTargets: string[]) {
  const file = join(mkdtempSync(join(tmpdir(), 'totals-')), 'test.log');
  writeFileSync(file, log);
  const r = spawnSync(process.execPath, [script, file, ...failedTargets], { encoding: 'utf8' });
  return { line: r.stdout.trim(), code: r.status };
}

const project = (name: string, total: number, passed: number, skipped = 0) =>
  [
    `${name}: \x1b[32m  Total:     ${total}`,
    `${name}: \x1b[32m`,
    `${name}:   Passed:    ${passed}\x1b[39m`,
    `${name}:   Skipped:   ${skipped}`,
  ].join('\n');

test("adds up uvu's own totals across projects", () => {
  const r = totals(`${project('@logstack/spec', 42, 42)}\n${project('@logstack/cli', 16, 14, 1)}\n`);
  assert.is(r.line, '56 passed, 1 failed, 1 skipped');
  assert.is(r.code, 1);
});

test('all passing exits 0', () => {
  const r = totals(project('@logstack/a', 3, 3));
  assert.is(r.line, '3 passed, 0 failed, 0 skipped');
  assert.is(r.code, 0);
});

test('a project whose test target failed without totals (a crash) counts as one failure', () => {
  const r = totals(project('@logstack/a', 3, 3), '@logstack/b:test');
  assert.is(r.line, '3 passed, 1 failed, 0 skipped');
  assert.is(r.code, 1);
});

test('a failed lint or typecheck target counts as one failure', () => {
  const r = totals(project('@logstack/a', 3, 3), '@logstack/a:lint');
  assert.is(r.line, '3 passed, 1 failed, 0 skipped');
});

test('a failed test target whose failures are already counted is not counted twice', () => {
  const r = totals(project('@logstack/a', 3, 2), '@logstack/a:test');
  assert.is(r.line, '2 passed, 1 failed, 0 skipped');
});

test('a failed lint target counts even when the same project has failing tests', () => {
  const r = totals(project('@logstack/a', 3, 2), '@logstack/a:test', '@logstack/a:lint');
  assert.is(r.line, '2 passed, 2 failed, 0 skipped');
});

test.run();
