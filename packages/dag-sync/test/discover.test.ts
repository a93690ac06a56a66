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
