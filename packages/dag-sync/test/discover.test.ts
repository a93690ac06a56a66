import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DiscoveryError, discoverJobs, formatJobsTable } from '../src/index.js';
import { examplePackages, packagesRoot } from './helpers.js';

test('the example packages: manifest and tuple jobs, sorted, with their source lines', async () => {
  const d = await discoverJobs(examplePackages);
  assert.equal(d.issues, []);
  assert.equal(
    d.jobs.map((j) => `${j.job.id} ${j.origin} ${j.source}:${j.line}`),
    [
      'billing_invoices tuple billing/jobs/invoices.py:3',
      'billing_reconcile tuple billing/jobs/reconcile.py:2',
      'orders-hourly-refresh manifest orders/logstack-jobs.yaml:23',
      'orders.daily-load manifest orders/logstack-jobs.yaml:4',
    ],
  );
});

const manifest = (jobs: string) => `apiVersion: logstack/jobs/v1\njobs:\n${jobs}`;

test('one bad job in a manifest is reported with file, line and reason; its neighbours still load', async () => {
  const root = packagesRoot({
    'a/logstack-jobs.yaml': manifest(
      '  - id: good_one\n    entrypoint: a.m:f\n  - id: bad_one\n    entrypoint: a.m:f\n    operator: kubernetesPod\n    retries: lots\n',
    ),
  });
  const d = await discoverJobs(root);
  assert.equal(
    d.jobs.map((j) => j.job.id),
    ['good_one'],
  );
  const lines = d.issues.map((i) => `${i.source}:${i.line} ${i.pointer} ${i.message} [${i.job}]`).sort();
  assert.equal(lines, [
    'a/logstack-jobs.yaml:5 /image missing required key "image" [bad_one]',
    'a/logstack-jobs.yaml:8 /retries must be integer [bad_one]',
  ]);
  assert.equal(d.brokenSources, ['a/logstack-jobs.yaml']);
  const table = formatJobsTable(d);
  assert.match(table, /good_one +a +a\/logstack-jobs\.yaml:3 .* ok/);
  assert.match(table, /bad_one +a +a\/logstack-jobs\.yaml:8 .*error: \/retries must be integer/);
});

test('a YAML syntax error or a wrong apiVersion rejects that manifest only', async () => {
  const root = packagesRoot({
    'a/logstack-jobs.yaml': 'apiVersion: logstack/jobs/v1\njobs: [\n',
    'b/logstack-jobs.yaml': 'apiVersion: v2\njobs: []\n',
    'c/jobs/x.py': 'JOB = ("c_job", "@daily", "c.x:run")\n',
  });
  const d = await discoverJobs(root);
  assert.equal(
    d.jobs.map((j) => j.job.id),
    ['c_job'],
  );
  assert.match(d.issues.find((i) => i.package === 'a')!.message, /YAML syntax error/);
  const b = d.issues.find((i) => i.package === 'b')!;
  assert.is(b.pointer, '/apiVersion');
  assert.is(b.line, 1);
});

test('the same job id in two packages is an error naming both places, and neither is synced', async () => {
  const root = packagesRoot({
    'a/logstack-jobs.yaml': manifest('  - id: shared\n    entrypoint: a.m:f\n'),
    'b/jobs/shared.py': '\n\nJOB = ("shared", "@daily", "b.m:f")\n',
  });
  const d = await discoverJobs(root);
  assert.is(d.jobs.length, 0);
  const msgs = d.issues.map((i) => `${i.source}:${i.line} ${i.message}`).sort();
  assert.equal(msgs, [
    'a/logstack-jobs.yaml:3 job id "shared" is also declared in b/jobs/shared.py:3',
    'b/jobs/shared.py:3 job id "shared" is also declared in a/logstack-jobs.yaml:3',
  ]);
});

const where = (d: { issues: { source: string; line?: number; pointer: string; message: string }[] }) =>
  d.issues.map((i) => `${i.source}:${i.line ?? '-'} ${i.pointer} ${i.message}`);

test('values a DAG file cannot carry (.inf, .nan, big integers, !!set, !!binary, !!timestamp, !!omap) are job problems', async () => {
  const root = packagesRoot({
    'a/logstack-jobs.yaml': manifest(
      [
        '  - id: good_one',
        '    entrypoint: a.m:f',
        '  - id: odd_values',
        '    entrypoint: a.m:f',
        '    params:',
        '      inf: .inf',
        '      nan: [1, .nan]',
        '      big: 12345678901234567890',
        '      s: !!set {a, b}',
        '      bin: !!binary aGVsbG8=',
        '      when: !!timestamp 2024-01-01',
        '      pairs: !!omap [{a: 1}]',
        '      fine: {n: 9007199254740991, x: -1.5}',
        '  - id: set_as_tags',
        '    entrypoint: a.m:f',
        '    tags: !!set {a}',
        '',
      ].join('\n'),
    ),
  });
  const d = await discoverJobs(root);
  assert.equal(
    d.jobs.map((j) => j.job.id),
    ['good_one'],
  );
  assert.equal(where(d), [
    'a/logstack-jobs.yaml:8 /params/inf Infinity is not a finite number',
    'a/logstack-jobs.yaml:9 /params/nan/1 NaN is not a finite number',
    'a/logstack-jobs.yaml:10 /params/big integer beyond ±9007199254740991 cannot be kept exactly (read as 12345678901234567000)',
    'a/logstack-jobs.yaml:11 /params/s a YAML set (!!set) is not a JSON value',
    'a/logstack-jobs.yaml:12 /params/bin YAML binary data (!!binary) is not a JSON value',
    'a/logstack-jobs.yaml:13 /params/when a YAML timestamp (!!timestamp) is not a JSON value',
    'a/logstack-jobs.yaml:14 /params/pairs a YAML ordered map (!!omap) is not a JSON value',
    // The set is reported once, not again as "must be array" by the schema.
    'a/logstack-jobs.yaml:18 /tags a YAML set (!!set) is not a JSON value',
  ]);
  assert.ok(d.issues.every((i) => i.code === 'job.value'));
  assert.equal(d.brokenSources, ['a/logstack-jobs.yaml']);
});

test('cron fields out of range, words, and @continuous with maxActiveRuns > 1 are job problems', async () => {
  const root = packagesRoot({
    'a/logstack-jobs.yaml': manifest(
      [
        '  - {id: minute61, entrypoint: a.m:f, schedule: "61 * * * *"}',
        '  - {id: words, entrypoint: a.m:f, schedule: "a b c d e"}',
        '  - id: cont2',
        '    entrypoint: a.m:f',
        '    schedule: "@continuous"',
        '    maxActiveRuns: 2',
        '  - {id: cont1, entrypoint: a.m:f, schedule: "@continuous"}',
        '  - {id: night, entrypoint: a.m:f, schedule: "30 22-2 * * sat-mon"}',
        '  - {id: quarterly, entrypoint: a.m:f, schedule: "@quarterly", maxActiveRuns: 4}',
        '  - {id: manual, entrypoint: a.m:f, schedule: null}',
        '',
      ].join('\n'),
    ),
  });
  const d = await discoverJobs(root);
  assert.equal(
    d.jobs.map((j) => `${j.job.id} ${j.job.schedule}`),
    ['cont1 @continuous', 'manual null', 'night 30 22-2 * * sat-mon', 'quarterly @quarterly'],
  );
  assert.equal(where(d), [
    'a/logstack-jobs.yaml:3 /schedule Airflow refuses this cron expression: minute field "61": 61 is out of range 0-59',
    'a/logstack-jobs.yaml:4 /schedule Airflow refuses this cron expression: minute field "a": "a" is not a number',
    "a/logstack-jobs.yaml:8 /maxActiveRuns Airflow's @continuous schedule allows 1 active run, not 2",
  ]);
  assert.match(d.issues[0]!.allowed!, /^5 fields separated by spaces: minute 0-59, hour 0-23/);
  assert.match(d.issues[2]!.allowed!, /maxActiveRuns: 1/);
});

test('a folder named like a job file, a dangling link or a link loop is a problem of that path only', async () => {
  const root = packagesRoot({
    'a/jobs/ok.py': 'JOB = ("a_ok", None, "a.m:f")\n',
    'b/logstack-jobs.yaml/README': 'a folder where the manifest belongs\n',
    'b/jobs/ok.py': 'JOB = ("b_ok", None, "b.m:f")\n',
  });
  mkdirSync(join(root, 'a/jobs/dir.py'));
  symlinkSync('/nonexistent/job.py', join(root, 'a/jobs/dangling.py'));
  symlinkSync('loop.py', join(root, 'a/jobs/loop.py'));
  const d = await discoverJobs(root);
  assert.equal(
    d.jobs.map((j) => j.job.id),
    ['a_ok', 'b_ok'],
  );
  const kept = 'skipped, and DAGs generated from it before are kept';
  assert.equal(where(d), [
    `a/jobs/dangling.py:-  is a symbolic link to nothing (ENOENT); ${kept}`,
    `a/jobs/dir.py:-  is a folder, not a file (EISDIR); ${kept}`,
    `a/jobs/loop.py:-  is a loop of symbolic links (ELOOP); ${kept}`,
    `b/logstack-jobs.yaml:-  is a folder, not a file (EISDIR); ${kept}`,
  ]);
  assert.equal(d.brokenSources, [
    'a/jobs/dangling.py',
    'a/jobs/dir.py',
    'a/jobs/loop.py',
    'b/logstack-jobs.yaml',
  ]);
});

test('a missing root is a DiscoveryError naming it', async () => {
  try {
    await discoverJobs('/nonexistent/packages');
    assert.unreachable();
  } catch (err) {
    assert.instance(err, DiscoveryError);
    assert.match((err as Error).message, /\/nonexistent\/packages/);
  }
});

test.run();
