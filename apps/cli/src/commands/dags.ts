import {
  type Discovery,
  DiscoveryError,
  discoverJobs,
  discoveryJson,
  durationSeconds,
  formatJobsTable,
  formatSyncActions,
  formatSyncSummary,
  runLoop,
  SYNC_EXIT,
  SyncCache,
  type SyncResult,
  syncDags,
  syncExitCode,
} from '@logstack/dag-sync';
import { formatIssues } from '@logstack/spec';
import { Command, Option } from 'commander';
import writeFileAtomic from 'write-file-atomic';
import { CliError, EXIT } from '../exit-codes.js';
import type { Output } from '../output.js';

/** Longest --interval: a day between syncs, well inside what Node's timers can wait. */
const MAX_INTERVAL_MS = 24 * 3.6e6;

const rootOption = () =>
  new Option('--root <dir>', 'ETL packages root (env ETL_PACKAGES_ROOT, default /app/packages)');

const rootOf = (opts: { root?: string }) => opts.root ?? process.env.ETL_PACKAGES_ROOT ?? '/app/packages';

/** A root that is missing or cannot be read is an error (3), not an invalid job (2). */
async function discover(root: string, cache?: SyncCache): Promise<Discovery> {
  try {
    return await discoverJobs(root, cache?.discovery);
  } catch (err) {
    if (err instanceof DiscoveryError) throw new CliError(err.message, EXIT.error);
    throw err;
  }
}

interface SyncOpts {
  root?: string;
  dagsDir?: string;
  dryRun?: boolean;
  verbose?: boolean;
  json?: boolean;
  interval?: string;
  maxCycles?: number;
  readyFile?: string;
  exitStatus: 'detailed' | 'errors';
}

export function dagsCommand(io: Output, setExit: (code: number) => void): Command {
  const dags = new Command('dags').description(
    'discover ETL jobs in packages and keep the Airflow DAG folder in step',
  );

  dags
    .command('discover')
    .description(
      'list the jobs under the packages root with where each was declared; exit 2 when any is invalid, 3 when the root cannot be read',
    )
    .addOption(rootOption())
    .option('--json', 'print jobs and problems as JSON')
    .action(async (opts: { root?: string; json?: boolean }) => {
      const d = await discover(rootOf(opts));
      if (opts.json) io.out(JSON.stringify(discoveryJson(d), null, 2));
      else {
        io.out(formatJobsTable(d));
        if (d.issues.length) io.err(formatIssues(d.issues));
      }
      setExit(d.issues.length ? EXIT.invalid : EXIT.ok);
    });

  dags
    .command('sync')
    .description(
      'write one DAG file per job into the DAG folder, remove stale ones; exit 0 no change, 1 changed, 2 invalid job(s) (valid ones still synced), 3 packages root or DAG folder unusable',
    )
    .addOption(rootOption())
    .option('--dags-dir <dir>', 'Airflow DAG folder (env AIRFLOW_DAGS_DIR, default /opt/airflow/dags)')
    .option('--dry-run', 'print what would change; write nothing')
    .option('-v, --verbose', 'explain the decision about every file')
    .option('--json', 'print the result as JSON')
    .option('--interval <duration>', 'keep running: sync every 30s, 5m, 1h ... (one log line per cycle)')
    .addOption(
      new Option('--max-cycles <n>', 'with --interval: stop after n cycles').argParser((v) => positiveInt(v)),
    )
    .option('--ready-file <path>', 'written after each completed cycle (startup probe of the sidecar)')
    .addOption(
      new Option(
        '--exit-status <mode>',
        'detailed: 0/1/2/3 as above; errors: 0 unless an error (for containers)',
      )
        .choices(['detailed', 'errors'])
        .default('detailed'),
    )
    .action(async (opts: SyncOpts) => {
      const root = rootOf(opts);
      const dagsDir = opts.dagsDir ?? process.env.AIRFLOW_DAGS_DIR ?? '/opt/airflow/dags';
      const status = (code: number) => (opts.exitStatus === 'errors' && code !== SYNC_EXIT.error ? 0 : code);
      if (opts.interval === undefined) {
        const result = await syncOnce(root, dagsDir, opts);
        report(io, result, opts);
        setExit(status(syncExitCode(result)));
        return;
      }
      let intervalMs: number;
      try {
        intervalMs = durationSeconds(opts.interval) * 1000;
      } catch (err) {
        throw new CliError((err as Error).message, EXIT.invalid);
      }
      if (intervalMs > MAX_INTERVAL_MS)
        throw new CliError(
          `--interval: "${opts.interval}" is longer than ${MAX_INTERVAL_MS / 3.6e6}h, the longest interval between syncs`,
          EXIT.invalid,
        );
      // Kept across cycles: a cycle re-reads and re-renders only what changed since the last.
      const cache = new SyncCache();
      const last = await runLoop({
        intervalMs,
        ...(opts.maxCycles !== undefined ? { maxCycles: opts.maxCycles } : {}),
        log: (line) => io.out(line),
        cycle: async () => {
          const result = await syncOnce(root, dagsDir, opts, cache);
          if (opts.verbose) io.out(formatSyncActions(result));
          return { line: formatSyncSummary(result), code: syncExitCode(result) };
        },
        afterCycle: () => {
          if (opts.readyFile) writeFileAtomic.sync(opts.readyFile, `${new Date().toISOString()}\n`);
        },
      });
      setExit(status(last));
    });
  return dags;
}

async function syncOnce(
  root: string,
  dagsDir: string,
  opts: SyncOpts,
  cache?: SyncCache,
): Promise<SyncResult> {
  const d = await discover(root, cache);
  try {
    return syncDags(d, dagsDir, { dryRun: !!opts.dryRun, ...(cache ? { cache } : {}) });
  } catch (err) {
    throw new CliError(`cannot sync ${dagsDir}: ${(err as Error).message}`, EXIT.error);
  }
}

function report(io: Output, r: SyncResult, opts: SyncOpts) {
  if (opts.json) {
    const { writes: _writes, work: _work, ...rest } = r;
    io.out(JSON.stringify({ ...rest, exitCode: syncExitCode(r) }, null, 2));
    return;
  }
  if ((opts.verbose || opts.dryRun) && r.actions.length) io.out(formatSyncActions(r));
  if (r.issues.length) io.err(formatIssues(r.issues));
  io.out(formatSyncSummary(r));
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(`--max-cycles must be a positive integer, not ${v}`, EXIT.invalid);
  return n;
}
