import { closeSync, type Dirent, openSync, readdirSync, readSync, rmdirSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Artifact, headerText } from '@logstack/artifact';
import { fsError, isRunFile, readIfExists } from './files.js';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const GENERATOR_SLOT = '\u0000';
const LABEL_SLOT = '\u0001';
/** The header's wording around its two slots, from the artifact package's own text. */
const [beforeGenerator = '', betweenGeneratorAndLabel = '', afterLabel = ''] = headerText(
  { specLabel: LABEL_SLOT },
  GENERATOR_SLOT,
).split(new RegExp(`[${GENERATOR_SLOT}${LABEL_SLOT}]`));
/** The header text for any generator and spec; group 1 is the spec's label. */
const HEADER = `${escapeRegExp(beforeGenerator)}[\\w.-]+${escapeRegExp(betweenGeneratorAndLabel)}(.+)${escapeRegExp(afterLabel)}`;
const FIRST_LINE = new RegExp(`^(?:# |// |<!-- )${HEADER}(?: -->)?$`);

/**
 * The spec label in the header logstack writes, or undefined for a file without one: a `#`, `//`
 * or `<!-- -->` comment on the first line, or in JSON (which has no comments) the top-level
 * `__generated` key or the end of a top-level `description` (Grafana dashboards).
 */
export function generatedFromLabel(text: string, isJson: boolean): string | undefined {
  const firstLine = text.split('\n', 1)[0] ?? '';
  const onFirstLine = FIRST_LINE.exec(firstLine);
  if (onFirstLine) return onFirstLine[1];
  if (!isJson) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const { __generated, description } = data as Record<string, unknown>;
  if (typeof __generated === 'string') {
    const m = new RegExp(`^${HEADER}$`).exec(__generated);
    if (m) return m[1];
  }
  if (typeof description === 'string') return new RegExp(`${HEADER}$`).exec(description)?.[1];
  return undefined;
}

/** Whether a file carries the header logstack writes for the spec labelled `label`. */
export const isGeneratedFrom = (text: string, label: string, isJson: boolean): boolean =>
  generatedFromLabel(text, isJson) === label;

/**
 * Regular files under `dir` ('/'-separated paths relative to it); symbolic links are not followed,
 * and the lock and the temporary files of a run in progress are not listed.
 */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw fsError(join(dir, rel), err);
    }
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path);
      else if (e.isFile() && !isRunFile(e.name)) out.push(path);
    }
  };
  walk('');
  return out.sort();
}

/** The start of a file: enough for a header on the first line without reading large files whole. */
function readStart(path: string, bytes = 4096): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(bytes);
    return buf.toString('utf8', 0, readSync(fd, buf, 0, bytes, 0));
  } catch (err) {
    throw fsError(path, err);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Files under `dir` that logstack generated from the spec labelled `label` but no longer produces:
 * what generate removes and check reports. Files without that header are never listed.
 */
export function staleFiles(dir: string, artifacts: Artifact[], label: string): string[] {
  const produced = new Set(artifacts.map((a) => a.path));
  return listFiles(dir).filter((path) => {
    if (produced.has(path)) return false;
    const file = join(dir, path);
    const isJson = path.endsWith('.json');
    return isGeneratedFrom((isJson ? readIfExists(file) : readStart(file)) ?? '', label, isJson);
  });
}

/** Deletes `paths` under `dir`, and the folders that leaves empty (never `dir` itself). */
export function removeFiles(dir: string, paths: string[]): void {
  for (const path of paths) {
    const file = join(dir, path);
    try {
      unlinkSync(file);
    } catch (err) {
      throw fsError(file, err);
    }
    for (let parent = dirname(path); parent !== '.'; parent = dirname(parent)) {
      try {
        rmdirSync(join(dir, parent));
      } catch {
        break; // not empty (or not ours to judge): keep it and its parents
      }
    }
  }
}
