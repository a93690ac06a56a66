import { mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { Discovery, JobIssue } from './discover.js';
import { type DagFile, readOwnership, renderDag } from './render.js';

export type SyncActionKind = 'create' | 'update' | 'delete' | 'unchanged' | 'keep' | 'conflict';

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
  /** Discovery problems plus files logstack may not overwrite. */
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
  const existing = readOwnedState(dagsDir);
  const plan: SyncPlan = { dagsDir, actions: [], issues: [...discovery.issues], writes: new Map() };
  const wanted = new Map<string, DagFile>();
  for (const d of discovery.jobs) {
    const dag = renderDag(d);
    wanted.set(dag.name, dag);
    const current = existing.get(dag.name);
    const at = `${d.source}:${d.line}`;
    if (current && !current.owned) {
      plan.actions.push({
        kind: 'conflict',
        file: dag.name,
        jobId: dag.jobId,
        reason: 'exists and is not owned by logstack; left as it is',
      });
      plan.issues.push({
        code: 'sync.foreign-file',
        file: join(discovery.root, d.source),
        pointer: '/id',
        line: d.line,
        value: dag.jobId,
        message: `${join(dagsDir, dag.name)} exists and was not written by logstack, so job "${dag.jobId}" is not synced`,
        hint: 'rename the job or move the other file away',
        source: d.source,
        package: d.package,
        job: dag.jobId,
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
  const broken = new Set(discovery.brokenSources);
  for (const [file, state] of existing) {
    if (!state.owned || wanted.has(file)) continue;
    if (state.source !== undefined && broken.has(state.source))
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
        writeFileAtomic.sync(target, plan.writes.get(a.file) as string, { mode: 0o644, fsync: true });
      else if (a.kind === 'delete') removeIfPresent(target);
    }
  }
  return { ...plan, changed, dryRun: !!opts.dryRun };
}

/** Plans and applies in one go. */
export function syncDags(discovery: Discovery, dagsDir: string, opts: { dryRun?: boolean } = {}): SyncResult {
  return applySync(planSync(discovery, dagsDir), opts);
}

interface FileState {
  content: string;
  owned: boolean;
  jobId?: string;
  source?: string;
  intact?: boolean;
}

/** The *.py files at the top of the DAG folder and whether logstack owns them. */
function readOwnedState(dagsDir: string): Map<string, FileState> {
  const out = new Map<string, FileState>();
  let names: string[];
  try {
    names = readdirSync(dagsDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw err;
  }
  for (const name of names.sort()) {
    if (!name.endsWith('.py')) continue;
    let content: string;
    try {
      content = readFileSync(join(dagsDir, name), 'utf8');
    } catch (err) {
      // Deleted by a concurrent sync, or a folder named *.py: not ours either way.
      if (['ENOENT', 'EISDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) continue;
      throw err;
    }
    const own = readOwnership(content);
    out.set(name, own ? { content, owned: true, ...own } : { content, owned: false });
  }
  return out;
}

function removeIfPresent(path: string) {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
