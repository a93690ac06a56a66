// One manifest with JOBS jobs (default 10,000, about 3 MB), synced in cycles with a SyncCache as
// `dags sync --interval` does: CPU and work per cycle, heap after each cycle, peak RSS. Run in its
// own process by dag-sync.bench.ts with the heap cap the chart sets for the container.
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverJobs, SyncCache, syncDags } from '../src/index.js';

const JOBS = Number(process.env.JOBS ?? 10_000);
const CYCLES = 4;
const root = mkdtempSync(join(tmpdir(), 'dag-sync-big-'));
mkdirSync(join(root, 'pkg'));
const manifest = join(root, 'pkg', 'logstack-jobs.yaml');
const jobs = Array.from(
  { length: JOBS },
  (_, j) =>
    `  - id: pkg_job${j}\n    description: Loads batch ${j} of the nightly orders into the warehouse tables.\n    entrypoint: pkg.jobs.job${j}:run\n    schedule: "${j % 60} * * * *"\n    retries: 2\n    retryDelay: 5m\n    tags: [pkg, nightly]\n    owner: data-team\n    params: { n: ${j}, table: orders_${j % 17}, note: "it is \\"${j}\\"" }\n`,
);
writeFileSync(manifest, `apiVersion: logstack/jobs/v1\njobs:\n${jobs.join('')}`);
const dags = join(root, 'dags');
const cache = new SyncCache();
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;
console.log(`one manifest, ${JOBS} jobs, ${mib(statSync(manifest).size)} (${statSync(manifest).size} bytes)`);
for (let n = 1; n <= CYCLES; n++) {
  if (n === CYCLES) writeFileSync(manifest, `apiVersion: logstack/jobs/v1\njobs:\n${jobs.slice(1).join('')}`);
  const c0 = process.cpuUsage();
  const d = await discoverJobs(root, cache.discovery);
  const r = syncDags(d, dags, { cache });
  const c = process.cpuUsage(c0);
  global.gc?.();
  const what = n === 1 ? 'first' : n === CYCLES ? 'one job removed' : 'nothing changed';
  console.log(
    `  cycle ${n} (${what.padEnd(15)}) cpu ${((c.user + c.system) / 1000).toFixed(0).padStart(6)} ms, parsed ${d.work.sourcesParsed}, rendered ${r.work.jobsRendered}, DAG files read ${r.work.dagFilesRead}, heap after ${mib(process.memoryUsage().heapUsed)}`,
  );
}
console.log(`  peak RSS ${mib(process.resourceUsage().maxRSS * 1024)}`);
