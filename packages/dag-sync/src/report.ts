import type { Discovery, JobIssue } from './discover.js';
import type { SyncResult } from './sync.js';

/** Exit codes of `logstack dags sync` (and `discover`, which uses ok, invalid and error). */
export const SYNC_EXIT = {
  /** Nothing to change: the DAG folder already matches the jobs. */
  noChange: 0,
  /** Files were written or deleted (or would be, with --dry-run). */
  changed: 1,
  /** Some job or manifest is invalid; every valid job was still synced. */
  invalid: 2,
  /** Could not read the packages or write the DAG folder. */
  error: 3,
} as const;

export function syncExitCode(result: SyncResult): number {
  if (result.issues.length > 0) return SYNC_EXIT.invalid;
  return result.changed ? SYNC_EXIT.changed : SYNC_EXIT.noChange;
}

/** The discover table: one row per job, and one per problem (a bad job never hides the others). */
export function formatJobsTable(d: Discovery): string {
  const rows = [
    ['JOB', 'PACKAGE', 'SOURCE', 'SCHEDULE', 'OPERATOR', 'STATUS'],
    ...d.jobs.map((j) => [
      j.job.id,
      j.package,
      `${j.source}:${j.line}`,
      j.job.schedule ?? 'None',
      j.job.operator,
      'ok',
    ]),
    ...d.issues.map((i) => [
      i.job ?? '-',
      i.package,
      where(i),
      '-',
      '-',
      `error: ${i.pointer && i.pointer !== '' ? `${i.pointer} ` : ''}${i.message}`,
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) =>
    r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  '),
  );
  const summary = `${d.jobs.length} job${d.jobs.length === 1 ? '' : 's'} ok, ${d.issues.length} problem${d.issues.length === 1 ? '' : 's'}`;
  return `${lines.join('\n')}\n${summary}`;
}

/** Machine output of discover. */
export function discoveryJson(d: Discovery) {
  return {
    root: d.root,
    jobs: d.jobs.map((j) => ({
      id: j.job.id,
      package: j.package,
      source: j.source,
      line: j.line,
      origin: j.origin,
      job: j.job,
    })),
    issues: d.issues,
  };
}

/** One line: what a sync did. */
export function formatSyncSummary(r: SyncResult): string {
  const count = (k: string) => r.actions.filter((a) => a.kind === k).length;
  const parts = [
    `${count('create')} created`,
    `${count('update')} updated`,
    `${count('delete')} deleted`,
    `${count('unchanged')} unchanged`,
  ];
  if (count('keep')) parts.push(`${count('keep')} kept (source has errors)`);
  if (r.issues.length) {
    const first = r.issues[0]!;
    parts.push(
      `${r.issues.length} problem${r.issues.length === 1 ? '' : 's'} (first: ${where(first)} ${first.message})`,
    );
  }
  return `${r.dryRun ? 'dry run: would have ' : ''}${parts.join(', ')}`;
}

/** file:line of a problem; just the file (or folder) when it could not be read at all. */
const where = (i: JobIssue) => (i.line === undefined ? i.source : `${i.source}:${i.line}`);

/** Every decision, for -v and --dry-run. */
export function formatSyncActions(r: SyncResult): string {
  return r.actions.map((a) => `${a.kind.padEnd(9)} ${a.file}: ${a.reason}`).join('\n');
}
