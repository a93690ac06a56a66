import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export type HelmMajor = 'helm3' | 'helm4';
export const HELM_MAJORS: readonly HelmMajor[] = ['helm3', 'helm4'];

/** A tool the chart checks need is not installed. */
export class ToolMissing extends Error {
  constructor(readonly tool: string) {
    super(`${tool} not found on PATH: run tools/bootstrap.sh (eval "$(tools/bootstrap.sh)")`);
    this.name = 'ToolMissing';
  }
}

/** Absolute path of an executable on PATH (or the path itself when it has a '/'), or ToolMissing. */
export function findTool(name: string): string {
  const dirs = name.includes('/') ? [''] : (process.env.PATH ?? '').split(delimiter);
  for (const dir of dirs) {
    if (!dir && !name.includes('/')) continue;
    const candidate = dir ? join(dir, name) : name;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  throw new ToolMissing(name);
}

export interface ToolRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a tool to completion; a non-zero exit is returned, not thrown. */
export function runTool(tool: string, args: string[], cwd?: string): ToolRun {
  const r = spawnSync(findTool(tool), args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** `runTool` without blocking: several Helm renders can run side by side. */
export function runToolAsync(tool: string, args: string[], cwd?: string): Promise<ToolRun> {
  const file = findTool(tool);
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        status: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

/** `fn` over `items`, at most `limit` at a time, results in the order of `items`. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
