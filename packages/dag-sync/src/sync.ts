import { mkdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeWholeFile } from './atomic-write.js';
import { type DagFolderEntry, readDagFolder } from './dag-folder.js';
import type { DiscoveredJob, Discovery, JobIssue } from './discover.js';
import { type DagFile, dagFileName, renderDag } from './render.js';

export type SyncActionKind = 'create' | 'update' | 'delete' | 'unchanged' | 'keep' | 'conflict' | 'foreign';

/** One decision about one file in the DAG folder, with the reason `-v` shows. */
export interface SyncAction {
  kind: SyncActionKind;
  /** File name in the DAG folder. */
  file: string;
  jobId?: string;
  reason: string;
}

export interface SyncPlan {
  dagsDir: string;
  actions: SyncAction[];
  /** Discovery problems, files logstack may not overwrite, and jobs that could not be rendered. */
  issues: JobIssue[];
  /** Content of every create and update. */
  writes: Map<string, string>;
}

export interface SyncResult extends SyncPlan {
  /** True when a file was written or deleted (or would be, for a dry run). */
  changed: boolean;
  dryRun: boolean;
}

/** What a sync would do. Reads the DAG folder; writes nothing. */
export function planSync(discovery: Discovery, dagsDir: string): SyncPlan {
  const existing = readDagFolder(dagsDir);
  const plan: SyncPlan = { dagsDir, actions: [], issues: [...discovery.issues], writes: new Map() };
  // File names a job still claims: rendered, or kept because rendering failed.
  const claimed = new Set<string>();
  for (const d of discovery.jobs) {
    const dag = renderOrReport(plan, discovery, d, existing);
    claimed.add(dagFileName(d.job.id));
    if (!dag) continue;
    const current = existing.get(dag.name);
    const at = `${d.source}:${d.line}`;
    if (current && !current.owned) {
      plan.actions.push({
        kind: 'conflict',
        file: dag.name,
        jobId: dag.jobId,
        reason: `exists and ${current.reason}; left as it is`,
      });
      plan.issues.push({
        ...jobIssue(
          discovery,
          d,
          'sync.foreign-file',
          `${join(dagsDir, dag.name)} exists and ${current.reason}, so job "${dag.jobId}" is not synced`,
        ),
        hint: 'rename the job or move the other file away',
      });
    } else if (current?.content === dag.content) {
      plan.actions.push({
        kind: 'unchanged',
        file: dag.name,
        jobId: dag.jobId,
        reason: `up to date with ${at}`,
      });
    } else {
      const reason = !current
        ? `new job from ${at}`
        : current.intact
          ? `${at} changed`
          : 'edited by hand: restoring the generated content';
      plan.actions.push({ kind: current ? 'update' : 'create', file: dag.name, jobId: dag.jobId, reason });
      plan.writes.set(dag.name, dag.content);
    }
  }
  for (const [file, state] of existing) {
    if (claimed.has(file)) continue;
    if (!state.owned) {
      if (state.notable) plan.actions.push({ kind: 'foreign', file, reason: `${state.reason}; left alone` });
    } else if (isBroken(discovery, state.source))
      plan.actions.push({
        kind: 'keep',
        file,
        jobId: state.jobId,
        reason: `${state.source} has errors; keeping the last good DAG`,
      });
    else
      plan.actions.push({
        kind: 'delete',
        file,
        jobId: state.jobId,
        reason: `job "${state.jobId}" is no longer declared`,
      });
  }
  plan.actions.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return plan;
}

/** The job's DAG file; when it cannot be rendered, a problem of that job alone and its last DAG kept. */
function renderOrReport(
  plan: SyncPlan,
  discovery: Discovery,
  d: DiscoveredJob,
  existing: Map<string, DagFolderEntry>,
): DagFile | undefined {
  try {
    return renderDag(d);
  } catch (err) {
    const why = `job "${d.job.id}" could not be written as a DAG file: ${(err as Error).message}`;
    plan.issues.push(jobIssue(discovery, d, 'sync.render', why));
    const file = dagFileName(d.job.id);
    if (existing.get(file)?.owned)
      plan.actions.push({
        kind: 'keep',
        file,
        jobId: d.job.id,
        reason: `job "${d.job.id}" could not be rendered; keeping the last good DAG`,
      });
    return undefined;
  }
}

function jobIssue(discovery: Discovery, d: DiscoveredJob, code: string, message: string): JobIssue {
  return {
    code,
    file: join(discovery.root, d.source),
    pointer: '/id',
    line: d.line,
    value: d.job.id,
    message,
    source: d.source,
    package: d.package,
    job: d.job.id,
  };
}

/** Whether `source`, or a folder it is in, could not be read or has errors. */
const isBroken = (discovery: Discovery, source: string) =>
  discovery.brokenSources.some((b) => source === b || source.startsWith(`${b}/`));

/**
 * Carries out a plan. Each write goes to a temporary file in the DAG folder and is renamed over
 * the target, so Airflow (and a concurrent sync) only ever sees a whole file.
 */
export function applySync(plan: SyncPlan, opts: { dryRun?: boolean } = {}): SyncResult {
  const changed = plan.actions.some((a) => a.kind === 'create' || a.kind === 'update' || a.kind === 'delete');
  if (!opts.dryRun) {
    mkdirSync(plan.dagsDir, { recursive: true });
    for (const a of plan.actions) {
      const target = join(plan.dagsDir, a.file);
      if (a.kind === 'create' || a.kind === 'update')
        writeWholeFile(plan.dagsDir, a.file, plan.writes.get(a.file) as string);
      else if (a.kind === 'delete') removeIfPresent(target);
    }
  }
  return { ...plan, changed, dryRun: !!opts.dryRun };
}

/** Plans and applies in one go. */
export function syncDags(discovery: Discovery, dagsDir: string, opts: { dryRun?: boolean } = {}): SyncResult {
  return applySync(planSync(discovery, dagsDir), opts);
}

function removeIfPresent(path: string) {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
