// Benchmark: discover and sync 1,000 generated jobs across 50 packages (half declared in
// manifests, half as JOB tuples). Cold: a fresh process and an empty DAG folder; warm: the same
// process again, nothing to change. Prints milliseconds; asserts nothing. Run: pnpm bench.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { discoverJobs, SyncCache, syncDags } from '../src/index.js';

const PACKAGES = 50;
const JOBS = 1000;
const perPackage = JOBS / PACKAGES;

const root = mkdtempSync(join(tmpdir(), 'dag-sync-bench-packages-'));
for (let p = 0; p < PACKAGES; p++) {
  const pkg = join(root, `pkg${p}`);
  mkdirSync(join(pkg, 'jobs'), { recursive: true });
  const manifestJobs: string[] = [];
  for (let j = 0; j < perPackage; j++) {
    const id = `pkg${p}_job${j}`;
    if (j % 2 === 0)
      manifestJobs.push(
        `  - id: ${id}\n    entrypoint: pkg${p}.jobs.job${j}:run\n    schedule: "${j % 60} * * * *"\n    tags: [pkg${p}]\n    params: { n: ${j}, note: "it's \\"${j}\\"" }\n`,
      );
    else
      writeFileSync(
        join(pkg, 'jobs', `job${j}.py`),
        `"""Job ${j}."""\n\nJOB = ("${id}", "@daily", "pkg${p}.jobs.job${j}:run", {"retries": 2, "tags": ["pkg${p}"]})\n`,
      );
  }
  writeFileSync(
    join(pkg, 'logstack-jobs.yaml'),
    `apiVersion: logstack/jobs/v1\njobs:\n${manifestJobs.join('')}`,
  );
}
const dags = mkdtempSync(join(tmpdir(), 'dag-sync-bench-dags-'));

const time = async <T>(fn: () => Promise<T> | T): Promise<[T, number]> => {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
};

const [coldDiscovery, coldDiscover] = await time(() => discoverJobs(root));
const [coldResult, coldSync] = await time(() => syncDags(coldDiscovery, dags));
const [warmDiscovery, warmDiscover] = await time(() => discoverJobs(root));
const [warmResult, warmSync] = await time(() => syncDags(warmDiscovery, dags));

if (coldDiscovery.jobs.length !== JOBS || coldDiscovery.issues.length || readdirSync(dags).length !== JOBS)
  throw new Error(
    `expected ${JOBS} jobs and files: ${coldDiscovery.jobs.length} jobs, ${coldDiscovery.issues.length} issues`,
  );
if (!coldResult.changed || warmResult.changed) throw new Error('cold sync must change, warm sync must not');

const row = (name: string, ms: number) => console.log(`${name.padEnd(42)} ${ms.toFixed(1).padStart(9)} ms`);
console.log(
  `dag-sync: ${JOBS} jobs in ${PACKAGES} packages (${JOBS / 2} manifest jobs, ${JOBS / 2} JOB tuples)`,
);
row('discover, cold (parser load included)', coldDiscover);
row('sync, cold (1000 files written)', coldSync);
row('discover, warm', warmDiscover);
row('sync, warm (no change, nothing written)', warmSync);
row('discover + sync, warm', warmDiscover + warmSync);
// What `dags sync --interval` does from its second cycle on: the loop's cache, nothing changed.
const cache = new SyncCache();
await time(async () => syncDags(await discoverJobs(root, cache.discovery), dags, { cache }));
const [looped, loopMs] = await time(async () =>
  syncDags(await discoverJobs(root, cache.discovery), dags, { cache }),
);
row(`discover + sync, loop cycle (rendered ${looped.work.jobsRendered})`, loopMs);

// A 10,000-job manifest under the heap cap the chart gives a 256Mi container (NODE_OPTIONS in
// dagSyncValues): it must sync, and a cycle in which nothing changed must render nothing.
const big = spawnSync(
  process.execPath,
  [
    '--expose-gc',
    '--max-old-space-size=192',
    '--conditions=development',
    '--import',
    'tsx',
    fileURLToPath(new URL('./big-manifest.ts', import.meta.url)),
  ],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
console.log(
  `dag-sync: ${big.stdout.trim()}${big.status === 0 ? '' : `\n  FAILED (exit ${big.status}, ${big.signal ?? 'no signal'})`}`,
);
