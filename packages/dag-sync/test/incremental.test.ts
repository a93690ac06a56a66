// A `dags sync --interval` loop keeps a SyncCache between cycles: work is counted, not timed.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { discoverJobs, SyncCache, type SyncResult, syncDags } from '../src/index.js';
import { packagesRoot, tempDir } from './helpers.js';

const PACKAGES = 3;
const MANIFEST_JOBS = 4;
const TUPLES = 2;
const JOBS = PACKAGES * (MANIFEST_JOBS + TUPLES);

const manifest = (p: number, retries = 1, jobs = MANIFEST_JOBS) =>
  `apiVersion: logstack/jobs/v1\njobs:\n${Array.from(
    { length: jobs },
    (_, j) =>
      `  - id: p${p}_m${j}\n    entrypoint: p${p}.m${j}:run\n    schedule: "@daily"\n    retries: ${retries}\n`,
  ).join('')}`;
const tuple = (p: number, t: number) =>
  `JOB = ("p${p}_t${t}", "@hourly", "p${p}.t${t}:run", {"retries": 2})\n`;

function fixture() {
  const files: Record<string, string> = {};
  for (let p = 0; p < PACKAGES; p++) {
    files[`p${p}/logstack-jobs.yaml`] = manifest(p);
    for (let t = 0; t < TUPLES; t++) files[`p${p}/jobs/t${t}.py`] = tuple(p, t);
  }
  return { root: packagesRoot(files), dags: tempDir(), cache: new SyncCache() };
}

async function cycle(f: { root: string; dags: string; cache: SyncCache }) {
  const d = await discoverJobs(f.root, f.cache.discovery);
  const r = syncDags(d, f.dags, { cache: f.cache });
  return { ...d.work, ...r.work, kinds: kinds(r) };
}

const kinds = (r: SyncResult) => {
  const n: Record<string, number> = {};
  for (const a of r.actions) n[a.kind] = (n[a.kind] ?? 0) + 1;
  return n;
};

test('the first cycle renders every job; a cycle in which nothing changed reads, parses and renders nothing', async () => {
  const f = fixture();
  const first = await cycle(f);
  assert.equal(first, {
    sourcesParsed: PACKAGES * (1 + TUPLES),
    sourcesReused: 0,
    jobsRendered: JOBS,
    dagFilesRead: 0,
    kinds: { create: JOBS },
  });
  const files = Object.fromEntries(
    readdirSync(f.dags).map((n) => [n, readFileSync(join(f.dags, n), 'utf8')]),
  );
  for (let i = 0; i < 3; i++)
    assert.equal(await cycle(f), {
      sourcesParsed: 0,
      sourcesReused: PACKAGES * (1 + TUPLES),
      jobsRendered: 0,
      dagFilesRead: 0,
      kinds: { unchanged: JOBS },
    });
  assert.equal(
    Object.fromEntries(readdirSync(f.dags).map((n) => [n, readFileSync(join(f.dags, n), 'utf8')])),
    files,
  );
});

test('one changed manifest re-renders only its own jobs and rewrites only their files', async () => {
  const f = fixture();
  await cycle(f);
  writeFileSync(join(f.root, 'p1/logstack-jobs.yaml'), manifest(1, 5));
  const r = await cycle(f);
  assert.equal(r, {
    sourcesParsed: 1,
    sourcesReused: PACKAGES * (1 + TUPLES) - 1,
    jobsRendered: MANIFEST_JOBS,
    dagFilesRead: 0,
    kinds: { update: MANIFEST_JOBS, unchanged: JOBS - MANIFEST_JOBS },
  });
  assert.match(
    readFileSync(join(f.dags, 'logstack_p1_m0.py'), 'utf8'),
    /retries=5\b|"retries": 5\b|retries: 5\b/,
  );
  // The files it wrote are known: the next cycle reads none back.
  assert.equal((await cycle(f)).dagFilesRead, 0);
});

test('deleted jobs and deleted job files still remove their DAGs; the cache forgets them', async () => {
  const f = fixture();
  await cycle(f);
  writeFileSync(join(f.root, 'p0/logstack-jobs.yaml'), manifest(0, 1, MANIFEST_JOBS - 1));
  rmSync(join(f.root, 'p2/jobs/t1.py'));
  rmSync(join(f.root, 'p1'), { recursive: true });
  const r = await cycle(f);
  assert.is(r.jobsRendered, MANIFEST_JOBS - 1);
  assert.is(r.sourcesParsed, 1);
  assert.is(r.kinds.delete, 1 + 1 + MANIFEST_JOBS + TUPLES);
  for (const gone of ['p0_m3', 'p2_t1', 'p1_m0', 'p1_t0'])
    assert.not.ok(existsSync(join(f.dags, `logstack_${gone}.py`)), gone);
  // Only what still exists is remembered: memory follows the files, not the cycles.
  assert.is(f.cache.discovery.sources.size, 2 * (1 + TUPLES) - 1);
  assert.is(f.cache.dagFolder.size, readdirSync(f.dags).length);
});

test('a DAG file edited by hand between cycles is noticed through its stamp and restored', async () => {
  const f = fixture();
  await cycle(f);
  const file = join(f.dags, 'logstack_p2_t0.py');
  const generated = readFileSync(file, 'utf8');
  writeFileSync(file, `${generated}\nprint("edited")\n`);
  const r = await cycle(f);
  assert.equal([r.dagFilesRead, r.jobsRendered, r.kinds.update], [1, 0, 1]);
  assert.is(readFileSync(file, 'utf8'), generated);
});

test.run();
