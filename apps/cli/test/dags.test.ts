import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, repo, tempDir } from './helpers.js';

const examples = join(repo, 'examples', 'packages');

const brokenRoot = () => {
  const root = tempDir('packages-');
  mkdirSync(join(root, 'good/jobs'), { recursive: true });
  mkdirSync(join(root, 'bad/jobs'), { recursive: true });
  writeFileSync(join(root, 'good/jobs/a.py'), 'JOB = ("good_a", "@daily", "good.a:run")\n');
  writeFileSync(join(root, 'bad/jobs/b.py'), '\nJOB = ("bad_b", "@daily", make_entrypoint())\n');
  return root;
};

test('dags discover: a table of the example jobs with package, file:line, schedule; exit 0', async () => {
  const r = await cli('dags', 'discover', '--root', examples);
  assert.is(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0]!, /^JOB +PACKAGE +SOURCE +SCHEDULE +OPERATOR +STATUS$/);
  assert.match(
    r.stdout,
    /billing_invoices +billing +billing\/jobs\/invoices\.py:3 +0 6 \* \* 1-5 +python +ok/,
  );
  assert.match(
    r.stdout,
    /orders-hourly-refresh +orders +orders\/logstack-jobs\.yaml:23 +15 \* \* \* \* +kubernetesPod +ok/,
  );
  assert.match(lines.at(-1)!, /^4 jobs ok, 0 problems$/);
});

test('dags discover: a bad job shows file, line and reason, the others stay listed; exit 2; --json too', async () => {
  const root = brokenRoot();
  const r = await cli('dags', 'discover', '--root', root);
  assert.is(r.code, 2);
  assert.match(r.stdout, /good_a +good +good\/jobs\/a\.py:1 .* ok/);
  assert.match(r.stdout, /- +bad +bad\/jobs\/b\.py:2 .*error: not a literal: a call `make_entrypoint\(\)`/);
  assert.match(r.stderr, /bad\/jobs\/b\.py:2:27 \/: not a literal/);
  const j = await cli('dags', 'discover', '--root', root, '--json');
  assert.is(j.code, 2);
  const out = JSON.parse(j.stdout);
  assert.equal(
    out.jobs.map((x: { id: string }) => x.id),
    ['good_a'],
  );
  assert.equal(
    out.issues.map((i: { source: string; line: number; code: string }) => [i.source, i.line, i.code]),
    [['bad/jobs/b.py', 2, 'job.not-literal']],
  );
});

test('dags discover: ETL_PACKAGES_ROOT is the default root; a missing root exits 3 naming it', async () => {
  const saved = process.env.ETL_PACKAGES_ROOT;
  process.env.ETL_PACKAGES_ROOT = examples;
  try {
    assert.is((await cli('dags', 'discover')).code, 0);
  } finally {
    if (saved === undefined) delete process.env.ETL_PACKAGES_ROOT;
    else process.env.ETL_PACKAGES_ROOT = saved;
  }
  const r = await cli('dags', 'discover', '--root', '/nonexistent/pkgs');
  assert.is(r.code, 3);
  assert.match(r.stderr, /cannot read packages root \/nonexistent\/pkgs/);
  const sync = await cli('dags', 'sync', '--root', '/nonexistent/pkgs', '--dags-dir', tempDir('dags-'));
  assert.is(sync.code, 3);
  const contained = await cli('dags', 'sync', '--root', '/nonexistent/pkgs', '--exit-status', 'errors');
  assert.is(contained.code, 3);
});

test('dags sync: exit 1 when it changed files, 0 when nothing changed; --dry-run and -v explain', async () => {
  const dags = tempDir('dags-');
  const dry = await cli('dags', 'sync', '--root', examples, '--dags-dir', dags, '--dry-run');
  assert.is(dry.code, 1);
  assert.match(
    dry.stdout,
    /create +logstack_orders\.daily-load\.py: new job from orders\/logstack-jobs\.yaml:4/,
  );
  assert.match(dry.stdout, /dry run: would have 4 created/);
  assert.equal(readdirSync(dags), []);
  const first = await cli('dags', 'sync', '--root', examples, '--dags-dir', dags);
  assert.is(first.code, 1);
  assert.match(first.stdout, /^4 created, 0 updated, 0 deleted, 0 unchanged$/m);
  const second = await cli('dags', 'sync', '--root', examples, '--dags-dir', dags, '-v');
  assert.is(second.code, 0);
  assert.match(
    second.stdout,
    /unchanged logstack_billing_invoices\.py: up to date with billing\/jobs\/invoices\.py:3/,
  );
});

test('dags sync: an invalid job exits 2 but the valid ones are written; --exit-status errors gives 0', async () => {
  const root = brokenRoot();
  const dags = tempDir('dags-');
  const r = await cli('dags', 'sync', '--root', root, '--dags-dir', dags);
  assert.is(r.code, 2);
  assert.match(r.stderr, /bad\/jobs\/b\.py:2:27/);
  assert.ok(existsSync(join(dags, 'logstack_good_a.py')));
  const again = await cli('dags', 'sync', '--root', root, '--dags-dir', dags, '--exit-status', 'errors');
  assert.is(again.code, 0);
  const json = JSON.parse((await cli('dags', 'sync', '--root', root, '--dags-dir', dags, '--json')).stdout);
  assert.is(json.exitCode, 2);
  assert.is(json.changed, false);
});

test('dags sync: .inf in one job and a folder named jobs/dir.py are problems (exit 2); the rest is synced', async () => {
  const root = tempDir('packages-');
  mkdirSync(join(root, 'a'), { recursive: true });
  writeFileSync(
    join(root, 'a/logstack-jobs.yaml'),
    'apiVersion: logstack/jobs/v1\njobs:\n  - id: good_one\n    entrypoint: a.b:c\n  - id: inf_param\n    entrypoint: a.b:c\n    params: {x: .inf}\n',
  );
  mkdirSync(join(root, 'b/jobs/dir.py'), { recursive: true });
  writeFileSync(join(root, 'b/jobs/ok.py'), 'JOB = ("b_ok", None, "b.m:run")\n');
  symlinkSync('loop.py', join(root, 'b/jobs/loop.py'));
  const d = await cli('dags', 'discover', '--root', root);
  assert.is(d.code, 2);
  assert.match(
    d.stdout,
    /inf_param +a +a\/logstack-jobs\.yaml:7 .*error: \/params\/x Infinity is not a finite number/,
  );
  assert.match(d.stdout, /- +b +b\/jobs\/dir\.py +.*error: is a folder, not a file \(EISDIR\)/);
  assert.match(d.stdout, /- +b +b\/jobs\/loop\.py +.*error: is a loop of symbolic links \(ELOOP\)/);
  assert.match(d.stdout, /^2 jobs ok, 3 problems$/m);
  const dags = tempDir('dags-');
  const r = await cli('dags', 'sync', '--root', root, '--dags-dir', dags);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /a\/logstack-jobs\.yaml:7:17 \/params\/x: Infinity is not a finite number/);
  assert.equal(readdirSync(dags).sort(), ['logstack_b_ok.py', 'logstack_good_one.py']);
  // What the init container and the sidecar run: problems are printed, the pod still starts.
  const contained = await cli('dags', 'sync', '--root', root, '--dags-dir', dags, '--exit-status', 'errors');
  assert.is(contained.code, 0);
  assert.match(contained.stdout, /^0 created, 0 updated, 0 deleted, 2 unchanged, 3 problems/m);
});

test('dags sync -v: a hand copy of a generated DAG under another name is foreign and left alone', async () => {
  const dags = tempDir('dags-');
  await cli('dags', 'sync', '--root', examples, '--dags-dir', dags);
  const copy = readFileSync(join(dags, 'logstack_billing_invoices.py'), 'utf8');
  writeFileSync(join(dags, 'my_team_copy.py'), copy);
  const r = await cli('dags', 'sync', '--root', examples, '--dags-dir', dags, '-v');
  assert.is(r.code, 0);
  assert.match(
    r.stdout,
    /^foreign +my_team_copy\.py: has logstack's header for job "billing_invoices" but is not named logstack_billing_invoices\.py; left alone$/m,
  );
  assert.is(readFileSync(join(dags, 'my_team_copy.py'), 'utf8'), copy);
});

test('dags sync: a DAG folder that cannot be written exits 3', async () => {
  const blocker = join(tempDir(), 'not-a-dir');
  writeFileSync(blocker, '');
  const r = await cli('dags', 'sync', '--root', examples, '--dags-dir', blocker);
  assert.is(r.code, 3);
  assert.match(r.stderr, /cannot sync .*not-a-dir/);
});

test('dags sync --interval: one line per cycle, survives failing cycles, writes the ready file', async () => {
  const dags = tempDir('dags-');
  const ready = join(tempDir(), 'ready');
  const ok = await cli(
    'dags',
    'sync',
    '--root',
    examples,
    '--dags-dir',
    dags,
    '--interval',
    '1s',
    '--max-cycles',
    '2',
    '--ready-file',
    ready,
  );
  const lines = ok.stdout.trim().split('\n');
  assert.is(lines.length, 2, ok.stdout);
  assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT[\d:.]+Z cycle 1: 4 created/);
  assert.match(lines[1]!, /cycle 2: 0 created, 0 updated, 0 deleted, 4 unchanged$/);
  assert.ok(readFileSync(ready, 'utf8').length > 0);
  const broken = await cli(
    'dags',
    'sync',
    '--root',
    '/nonexistent/pkgs',
    '--dags-dir',
    dags,
    '--interval',
    '1s',
    '--max-cycles',
    '2',
  );
  assert.match(broken.stdout, /cycle 1 failed: .*\/nonexistent\/pkgs[^\n]*\n.*cycle 2 failed/);
  const bad = await cli('dags', 'sync', '--root', examples, '--interval', 'soon');
  assert.is(bad.code, 2);
});

test.run();
