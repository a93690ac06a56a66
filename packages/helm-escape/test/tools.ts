import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const HELM_MAJORS = [
  { major: 3, bin: 'helm3' },
  { major: 4, bin: 'helm4' },
] as const;

const BOOTSTRAP_HINT =
  'run `eval "$(tools/bootstrap.sh)"` from the repository root (it installs Helm 3 and 4)';

/** Fails (never skips) when a Helm binary is missing. */
export function requireHelm(bin: string): void {
  const r = spawnSync(bin, ['version', '--short'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`${bin} is not on PATH: ${BOOTSTRAP_HINT}`);
}

/** Writes a throwaway chart: files maps relative paths to contents. */
export function tempChart(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'helm-escape-chart-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** `helm template` once; throws with Helm's own error text on failure. */
export function helmTemplate(bin: string, chart: string, args: string[]): string {
  const r = spawnSync(bin, ['template', 'rt', chart, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${bin} template failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}
