import { lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeWholeFile } from './atomic-write.js';
import { type DagFolderEntry, entryOf, readDagFolder } from './dag-folder.js';
import { type DiscoveredJob, type Discovery, DiscoveryCache, type JobIssue } from './discover.js';
import { type DagFile, dagFileName, renderDag } from './render.js';
import { fileStamp, StampCache } from './stamp-cache.js';

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
  /** Jobs rendered and DAG-folder files read in this plan (the rest came from the cache). */
  work: { jobsRendered: number; dagFilesRead: number };
}

/**
 * What a `dags sync --interval` loop keeps between cycles so that a cycle does work in proportion
 * to what changed: each source file's jobs (by its stamp), each job's rendered DAG (by the job
 * object discovery reuses for an unchanged file) and each DAG-folder file's state (by its stamp).
 * Entries of files and jobs that are gone are dropped every cycle.
 */
export class SyncCache {
  readonly discovery = new DiscoveryCache();
  readonly dagFolder = new StampCache<DagFolderEntry>();
  /** Weak: a job no longer discovered takes its DAG with it. */
  readonly rendered = new WeakMap<DiscoveredJob, DagFile | Error>();
}

export interface SyncResult extends SyncPlan {
  /** True when a file was written or deleted (or would be, for a dry run). */
  changed: boolean;
  dryRun: boolean;
}

/** What a sync would do. Reads the DAG folder (with a cache, only files changed since); writes nothing. */
export function planSync(discovery: Discovery, dagsDir: string, cache?: SyncCache): SyncPlan {
  const plan: SyncPlan = {
    dagsDir,
    actions: [],
    issues: [...discovery.issues],
    writes: new Map(),
    work: { jobsRendered: 0, dagFilesRead: 0 },
  };
  const existing = readDagFolder(dagsDir, cache?.dagFolder, () => plan.work.dagFilesRead++);
  // File names a job still claims: rendered, or kept because rendering failed.
  const claimed = new Set<string>();
  for (const d of discovery.jobs) {
    const dag = renderOrReport(plan, discovery, d, existing, cache);
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
  cache?: SyncCache,
): DagFile | undefined {
  let dag = cache?.rendered.get(d);
  if (!dag) {
    plan.work.jobsRendered++;
    try {
      dag = renderDag(d);
    } catch (err) {
      dag = err as Error;
    }
    cache?.rendered.set(d, dag);
  }
  if (!(dag instanceof Error)) return dag;
  const why = `job "${d.job.id}" could not be written as a DAG file: ${dag.message}`;
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
export function applySync(plan: SyncPlan, opts: { dryRun?: boolean; cache?: SyncCache } = {}): SyncResult {
  const changed = plan.actions.some((a) => a.kind === 'create' || a.kind === 'update' || a.kind === 'delete');
  if (!opts.dryRun) {
    mkdirSync(plan.dagsDir, { recursive: true });
    for (const a of plan.actions) {
      const target = join(plan.dagsDir, a.file);
      if (a.kind === 'create' || a.kind === 'update') {
        const content = plan.writes.get(a.file) as string;
        writeWholeFile(plan.dagsDir, a.file, content);
        // What was just written need not be read back next cycle.
        const stats = opts.cache && lstatSync(target, { bigint: true, throwIfNoEntry: false });
        if (stats) opts.cache?.dagFolder.set(a.file, fileStamp(stats), entryOf(a.file, content));
      } else if (a.kind === 'delete') {
        removeIfPresent(target);
        opts.cache?.dagFolder.forget(a.file);
      }
    }
  }
  return { ...plan, changed, dryRun: !!opts.dryRun };
}

/** Plans and applies in one go; pass the same cache to every cycle of a loop. */
export function syncDags(
  discovery: Discovery,
  dagsDir: string,
  opts: { dryRun?: boolean; cache?: SyncCache } = {},
): SyncResult {
  return applySync(planSync(discovery, dagsDir, opts.cache), opts);
}

function removeIfPresent(path: string) {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
