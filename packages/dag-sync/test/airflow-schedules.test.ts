import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { discoverJobs } from '../src/index.js';
import { packagesRoot, tempDir } from './helpers.js';

// Discovery must refuse exactly the schedules Airflow 3.1 refuses when it bags a DAG: a refused one
// that got through is an import error in Airflow, an accepted one that was refused is a lost job.

const venv = process.env.LOGSTACK_VENV;
const python = venv ? join(venv, 'bin', 'python') : '';

const CRONS = [
  // Accepted by Airflow; npm's cron parsers refuse several of these (wrap-around ranges, W, steps).
  '0 3 * * *',
  '*/15 * * * *',
  '0 6 * * 1-5',
  '0 0 1 jan,jul *',
  '0 0 * * MON-FRI',
  '0 0 * * 7',
  '0 0 * * 0-7',
  '0 0 ? * *',
  '0 0 L * *',
  '0 0 1,L * *',
  '0 0 20-L * *',
  '0 0 15W * *',
  '0 0 * * 1#2',
  '0 0 * * mon#5',
  '0 0 * * L5',
  '0 0 31 2 *',
  '5-1 * * * *',
  '0 22-2 * * *',
  '0 0 * * sat-mon',
  '0 0 * dec-jan *',
  '0-59/70 * * * *',
  '*/61 * * * *',
  '0/5 * * * *',
  '*/5,30 * * * *',
  '0 0 * jan/2 *',
  '00 003 * * *',
  // Refused by Airflow.
  '61 * * * *',
  'a b c d e',
  '0 24 * * *',
  '0 0 0 * *',
  '0 0 32 * *',
  '0 0 * 0 *',
  '0 0 * 13 *',
  '0 0 * * 8',
  '*/0 * * * *',
  '1,2,,3 * * * *',
  '1-70 * * * *',
  '-1 * * * *',
  'H * * * *',
  '0 0 * FOO *',
  '0 0 jan * *',
  '0 0 * * mon-',
  '0 0 * * 5L',
  '0 0 LW * *',
  '0 0 L-3 * *',
  '0 0 1,15W * *',
  '0 0 * * 1#6',
  '0 0 * * 1#2,3',
  '? * * * *',
  '*/5/2 * * * *',
];
const PRESETS = ['@once', '@hourly', '@daily', '@weekly', '@monthly', '@quarterly', '@yearly', '@annually'];
const CASES: [schedule: string | null, maxActiveRuns: number][] = [
  ...CRONS.map((c) => [c, 1] as [string, number]),
  ...PRESETS.map((p) => [p, 3] as [string, number]),
  [null, 5],
  ['@continuous', 1],
  ['@continuous', 2],
];

function airflowVerdicts(): (string | null)[] {
  if (!venv || !existsSync(python))
    throw new Error('Airflow venv not found (LOGSTACK_VENV): run tools/bootstrap.sh --python');
  const home = tempDir('airflow-home-');
  const cases = join(home, 'cases.json');
  const out = join(home, 'verdicts.json');
  writeFileSync(cases, JSON.stringify(CASES));
  const r = spawnSync(python, [join(import.meta.dirname, 'python/check_schedules.py'), cases, out], {
    env: { ...process.env, AIRFLOW_HOME: home, AIRFLOW__CORE__LOAD_EXAMPLES: 'False' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  assert.is(r.status, 0, r.stderr);
  const verdicts = JSON.parse(readFileSync(out, 'utf8')) as Record<string, string | null>;
  return CASES.map((_, i) => verdicts[i] as string | null);
}

test('discover refuses exactly the schedules Airflow refuses', async () => {
  const jobs = CASES.map(
    ([schedule, runs], i) =>
      `  - {id: case_${i}, entrypoint: a.m:f, schedule: ${JSON.stringify(schedule)}, maxActiveRuns: ${runs}}`,
  );
  const d = await discoverJobs(
    packagesRoot({ 'p/logstack-jobs.yaml': `apiVersion: logstack/jobs/v1\njobs:\n${jobs.join('\n')}\n` }),
  );
  const refusedByUs = new Set(d.issues.map((i) => i.job));
  const airflow = airflowVerdicts();
  const disagreements = CASES.flatMap(([schedule, runs], i) =>
    refusedByUs.has(`case_${i}`) === (airflow[i] !== null)
      ? []
      : [`${schedule} (maxActiveRuns ${runs}): Airflow says ${airflow[i] ?? 'ok'}`],
  );
  assert.equal(disagreements, []);
  // Both sides refused something and accepted something: the comparison is not vacuous.
  assert.is(refusedByUs.size, 25);
  assert.is(d.jobs.length, CASES.length - 25);
});

test.run();
