import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpecText, type SpecIssue, type SpecSource, validateAgainstSchema } from '@logstack/spec';
import type { Parser } from 'web-tree-sitter';
import { floatParams } from './float-params.js';
import type { EtlJobModel } from './generated/etl-job.js';
import { readJobTuple } from './job-tuple.js';
import { type ValueProblem, valueProblems } from './job-values.js';
import { type ManifestParts, splitManifest } from './manifest-split.js';
import { pythonParser } from './python-parser.js';
import { scheduleProblems } from './schedule.js';
import { isDir, isIoError, listDir, readText, unreadable } from './source-files.js';
import { fileStamp, StampCache } from './stamp-cache.js';

export const ETL_JOB_SCHEMA_ID = 'https://airflow-logstack.dev/schemas/etl-job.schema.json';
const JOB_SCHEMA_ID = `${ETL_JOB_SCHEMA_ID}#/$defs/job`;
/** The declarative manifest at the top of a package. */
export const MANIFEST_FILE = 'logstack-jobs.yaml';
/** Folder of a package whose *.py files may hold a JOB tuple. */
export const JOBS_DIR = 'jobs';

/** A valid job and where it was declared. */
export interface DiscoveredJob {
  job: EtlJobModel;
  /** The package folder's name under the root. */
  package: string;
  /** The declaring file relative to the root, '/' separators. */
  source: string;
  line: number;
  origin: 'manifest' | 'tuple';
  /** JSON pointers under `params` of the numbers written as floats (`1.0`), kept floats in the DAG. */
  floatParams: string[];
}

/** A problem with a job or a whole file; `file` is the path to show, `source` is root-relative. */
export interface JobIssue extends SpecIssue {
  source: string;
  package: string;
  job?: string;
}

export interface Discovery {
  root: string;
  jobs: DiscoveredJob[];
  issues: JobIssue[];
  /** Root-relative files (or folders) with a problem: DAGs generated from them before are kept, not deleted. */
  brokenSources: string[];
  /** Source files read and parsed in this pass, and those whose last result was reused (unchanged stamp). */
  work: { sourcesParsed: number; sourcesReused: number };
}

/** What one source file declared: its valid jobs and its problems. */
interface SourceResult {
  jobs: DiscoveredJob[];
  issues: JobIssue[];
}

/**
 * Keeps each source file's result between passes of a `dags sync --interval` loop: a file whose
 * stamp (inode, size, times) is unchanged is not read, parsed or validated again, so a cycle in
 * which nothing changed does no work per job.
 */
export class DiscoveryCache {
  readonly sources = new StampCache<SourceResult>();
}

/** The root does not exist or is not a folder. */
export class DiscoveryError extends Error {}

const SKIP_DIRS = new Set(['__pycache__', 'node_modules']);

/**
 * Finds every job under `root`: manifests and JOB tuples. Never imports or runs user code. With a
 * cache, files unchanged since the last pass with that cache are not read again.
 */
export async function discoverJobs(root: string, cache?: DiscoveryCache): Promise<Discovery> {
  let entries: string[];
  try {
    if (!statSync(root).isDirectory()) throw new DiscoveryError(`packages root ${root} is not a folder`);
    entries = listDir(root);
  } catch (err) {
    if (err instanceof DiscoveryError) throw err;
    throw new DiscoveryError(`cannot read packages root ${root}: ${(err as Error).message}`);
  }
  const parser = await pythonParser();
  const out: Discovery = {
    root,
    jobs: [],
    issues: [],
    brokenSources: [],
    work: { sourcesParsed: 0, sourcesReused: 0 },
  };
  const pass: Pass = { out, parser, cache: cache?.sources };
  for (const pkg of entries) {
    if (pkg.startsWith('.') || SKIP_DIRS.has(pkg)) continue;
    guarded(out, pkg, pkg, () => {
      if (isDir(join(root, pkg))) discoverPackage(pass, pkg);
    });
  }
  cache?.sources.rotate();
  markDuplicates(out);
  out.jobs.sort((a, b) => cmp(a.job.id, b.job.id));
  out.brokenSources = [...new Set(out.issues.map((i) => i.source))].sort();
  return out;
}

interface Pass {
  out: Discovery;
  parser: Parser;
  cache: StampCache<SourceResult> | undefined;
}

function discoverPackage(pass: Pass, pkg: string) {
  const { out } = pass;
  const { root } = out;
  const manifest = `${pkg}/${MANIFEST_FILE}`;
  guarded(out, pkg, manifest, () =>
    fromSource(pass, manifest, (text) =>
      collect(pkg, manifest, 'manifest', manifestJobs(join(root, manifest), text)),
    ),
  );
  const jobsDir = `${pkg}/${JOBS_DIR}`;
  guarded(out, pkg, jobsDir, () => {
    if (!isDir(join(root, jobsDir))) return;
    for (const name of listDir(join(root, jobsDir))) {
      if (!name.endsWith('.py') || name === '__init__.py') continue;
      const rel = `${jobsDir}/${name}`;
      guarded(out, pkg, rel, () =>
        fromSource(pass, rel, (py) => {
          const read = readJobTuple(pass.parser, join(root, rel), py);
          const jobs = read.job ? [{ source: read.job.source, line: read.job.position.line }] : [];
          return collect(pkg, rel, 'tuple', { jobs, issues: read.issues });
        }),
      );
    }
  });
}

/**
 * Adds what the source file `rel` declares to the pass: the last result while the file's stamp is
 * unchanged, else `read` of its text. A file that is not there declares nothing.
 */
function fromSource(pass: Pass, rel: string, read: (text: string) => SourceResult) {
  const { out, cache } = pass;
  const file = join(out.root, rel);
  // Not there (or a symbolic link to nothing, which readText reports): no stamp, so no reuse.
  const stats = statSync(file, { bigint: true, throwIfNoEntry: false });
  const stamp = stats?.isFile() ? fileStamp(stats) : undefined;
  let result = stamp !== undefined ? cache?.get(rel, stamp) : undefined;
  if (result) out.work.sourcesReused++;
  else {
    const text = readText(file);
    if (text === undefined) return;
    out.work.sourcesParsed++;
    result = read(text);
    if (stamp !== undefined) cache?.set(rel, stamp, result);
  }
  // A loop, not push(...): a manifest may declare more jobs than a call takes arguments.
  for (const j of result.jobs) out.jobs.push(j);
  for (const i of result.issues) out.issues.push(i);
}

interface Candidates {
  jobs: { source: SpecSource; line: number }[];
  issues: SpecIssue[];
}

/** Validates each candidate on its own, so one bad job never hides its neighbours. */
function collect(pkg: string, rel: string, origin: DiscoveredJob['origin'], c: Candidates): SourceResult {
  const out: SourceResult = { jobs: [], issues: [] };
  for (const i of c.issues) out.issues.push({ ...i, source: rel, package: pkg });
  for (const { source, line } of c.jobs) {
    const data = source.data as { id?: unknown };
    const jobId = typeof data.id === 'string' ? data.id : undefined;
    const floats = floatParams(source);
    const values = valueProblems(source.data, [], new Set(floats.map((p) => `/params${p}`))).map((p) =>
      located(source, 'job.value', p),
    );
    // A value already reported (a !!set where a list belongs) needs no second, schema error.
    const schema = validateAgainstSchema(source, JOB_SCHEMA_ID).filter(
      (i) => !values.some((v) => i.pointer === v.pointer || i.pointer.startsWith(`${v.pointer}/`)),
    );
    const problems = [...values, ...schema];
    if (problems.length === 0) {
      const job = source.data as EtlJobModel;
      problems.push(...scheduleProblems(job).map((p) => located(source, 'job.schedule', p)));
    }
    if (problems.length > 0) {
      for (const p of problems)
        out.issues.push({ ...p, source: rel, package: pkg, ...(jobId ? { job: jobId } : {}) });
      continue;
    }
    out.jobs.push({
      job: source.data as EtlJobModel,
      package: pkg,
      source: rel,
      line,
      origin,
      floatParams: floats,
    });
  }
  return out;
}

/** Runs `read`; an I/O error becomes a problem of `rel` alone, so everything else is still discovered. */
function guarded(out: Discovery, pkg: string, rel: string, read: () => void) {
  try {
    read();
  } catch (err) {
    if (!isIoError(err)) throw err;
    out.issues.push({ ...unreadable(join(out.root, rel), err), source: rel, package: pkg });
  }
}

function located(source: SpecSource, code: string, p: ValueProblem): SpecIssue {
  return { code, file: source.file, ...p, ...source.locate(p.pointer) };
}

/** A manifest's jobs, each as its own located source; problems outside /jobs/N reject the file. */
function manifestJobs(file: string, text: string): Candidates {
  const parts = splitManifest(text);
  return (parts && jobByJob(file, parts)) ?? wholeManifest(file, text);
}

/**
 * The jobs of a split manifest, parsed one at a time: each job's syntax tree is garbage as soon as
 * its data is out, and is parsed again only to locate a problem. Undefined when any part does not
 * parse on its own (an alias to another job's anchor...): the whole parse then reports it.
 */
function jobByJob(file: string, parts: ManifestParts): Candidates | undefined {
  const envelope = parseSpecText(file, parts.envelope).source;
  if (!envelope) return undefined;
  const issues = validateAgainstSchema(envelope, ETL_JOB_SCHEMA_ID);
  if (issues.length > 0) return { jobs: [], issues };
  const jobs: Candidates['jobs'] = [];
  for (const item of parts.items) {
    const parsed = parseSpecText(file, item.text).source;
    if (!parsed || !Array.isArray(parsed.data) || parsed.data.length !== 1) return undefined;
    const shift = (pos: { line: number; column: number } | undefined) =>
      pos && { line: pos.line + item.firstLine - 1, column: pos.column };
    jobs.push({
      line: shift(parsed.locate('/0'))?.line ?? item.firstLine,
      source: {
        file,
        data: parsed.data[0],
        locate: (pointer, opts) => shift(parseSpecText(file, item.text).source?.locate(`/0${pointer}`, opts)),
      },
    });
  }
  return { jobs, issues: [] };
}

function wholeManifest(file: string, text: string): Candidates {
  const parsed = parseSpecText(file, text);
  if (!parsed.source) return { jobs: [], issues: parsed.issues };
  const whole = parsed.source;
  const data = whole.data as { apiVersion?: unknown; jobs?: unknown };
  // Validate the envelope with the jobs emptied; each job is validated on its own afterwards.
  const envelope: SpecSource = {
    ...whole,
    data:
      data && typeof data === 'object' ? { ...data, jobs: Array.isArray(data.jobs) ? [] : data.jobs } : data,
  };
  const issues = validateAgainstSchema(envelope, ETL_JOB_SCHEMA_ID);
  if (issues.length > 0 || !Array.isArray(data.jobs)) return { jobs: [], issues };
  const jobs = data.jobs.map((job: unknown, i: number) => ({
    line: whole.locate(`/jobs/${i}`)?.line ?? 1,
    source: {
      file,
      data: job,
      locate: (pointer: string, opts?: { key?: string }) => whole.locate(`/jobs/${i}${pointer}`, opts),
      textAt: (pointer: string) => whole.textAt?.(`/jobs/${i}${pointer}`),
    } satisfies SpecSource,
  }));
  return { jobs, issues: [] };
}

/** The same job id in two places: both are errors, each naming the other place. */
function markDuplicates(out: Discovery) {
  const byId = new Map<string, DiscoveredJob[]>();
  for (const j of out.jobs) byId.set(j.job.id, [...(byId.get(j.job.id) ?? []), j]);
  const dropped = new Set<DiscoveredJob>();
  for (const [id, same] of byId) {
    if (same.length < 2) continue;
    for (const j of same) {
      const others = same.filter((o) => o !== j).map((o) => `${o.source}:${o.line}`);
      dropped.add(j);
      out.issues.push({
        code: 'job.duplicate-id',
        file: join(out.root, j.source),
        pointer: '/id',
        line: j.line,
        value: id,
        message: `job id "${id}" is also declared in ${others.join(', ')}`,
        hint: 'job ids are DAG ids and must be unique across all packages; rename one of them',
        source: j.source,
        package: j.package,
        job: id,
      });
    }
  }
  out.jobs = out.jobs.filter((j) => !dropped.has(j));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
