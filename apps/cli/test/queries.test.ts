import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logqlErrors } from '@logstack/observability';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, example, tempDir } from './helpers.js';

test('queries <spec> prints every query with its question', async () => {
  const r = await cli('queries', example('complete'));
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /# task-attempt-logs: A task attempt's logs \(logql\)/);
  assert.match(
    r.stdout,
    /\{dag_id="\$\{dag_id\}"\} \| task_id="\$\{task_id\}" \| run_id="\$\{run_id\}" \| attempt="\$\{try\}"/,
  );
});

test('queries --json: machine output; every LogQL query parses with Grafana’s grammar', async () => {
  const r = await cli('queries', example('complete'), '--json');
  assert.is(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    spec: string;
    queries: { id: string; language: string; query: string }[];
  };
  assert.match(out.spec, /examples\/complete\/logstack\.yaml$/);
  assert.ok(out.queries.length >= 10);
  const logql = out.queries.filter((q) => q.language === 'logql');
  assert.ok(logql.length >= 10);
  for (const q of logql) assert.equal(logqlErrors(q.query), [], q.id);
});

test('queries without a spec uses the defaults; --id prints one bare query', async () => {
  const r = await cli('queries', '--id', 'dag-run-errors');
  assert.is(r.code, 0, r.stderr);
  assert.is(
    r.stdout,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana variable syntax, not a JS template
    '{dag_id="${dag_id}"} | run_id="${run_id}" | level=~"(?i)(error|critical|fatal|exception)"\n',
  );
});

test('queries --markdown prints the library page', async () => {
  const r = await cli('queries', example('minimal'), '--markdown');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^<!-- LogQL query library for .*minimal\/logstack\.yaml/);
  assert.match(r.stdout, /## tracebacks\n/);
});

test('queries: an unknown --id and conflicting flags exit 2', async () => {
  const r = await cli('queries', '--id', 'nope');
  assert.is(r.code, 2);
  assert.match(r.stderr, /no query "nope"; known: task-attempt-logs/);
  assert.is((await cli('queries', '--json', '--markdown')).code, 2);
});

test('queries: an invalid spec exits 2 with the spec error shape', async () => {
  const file = join(tempDir(), 'bad.yaml');
  writeFileSync(file, 'apiVersion: logstack/v1\ngrafana:\n  folder: a/b\n');
  const r = await cli('queries', file);
  assert.is(r.code, 2);
  assert.match(r.stderr, /bad\.yaml:3:11 \/grafana\/folder: .*required form/);
});

test.run();
