import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LogstackModel, loadSpec } from '@logstack/spec';
import { parse } from 'yaml';
import { clusterAgentChecks } from '../src/index.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A spec from YAML text (apiVersion added), loaded with this package's checks. */
export function model(yaml = ''): LogstackModel {
  return loadSpec('test.yaml', `apiVersion: logstack/v1\n${yaml}`, { checks: clusterAgentChecks });
}

export const completeModel = (): LogstackModel =>
  loadSpec(
    'examples/complete/logstack.yaml',
    readFileSync(join(repoRoot, 'examples/complete/logstack.yaml'), 'utf8'),
    { checks: clusterAgentChecks },
  );

export const upstreamValues = (chart: 'alloy' | 'vector'): Record<string, unknown> =>
  parse(readFileSync(join(repoRoot, 'vendor/upstream-charts', chart, 'values.yaml'), 'utf8'));

export const HELMS = ['helm3', 'helm4'] as const;

/** Fails (never skips) when Helm is missing: tools/bootstrap.sh installs both majors. */
export function helmTemplate(bin: string, files: Record<string, string>, values: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cluster-agents-chart-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const args = ['template', 'rt', dir];
  values.forEach((v, i) => {
    const file = join(dir, `values-${i}.json`);
    writeFileSync(file, JSON.stringify(v));
    args.push('-f', file);
  });
  const r = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error)
    throw new Error(`${bin} is not on PATH: run eval "$(tools/bootstrap.sh)" (${r.error.message})`);
  if (r.status !== 0) throw new Error(`${bin} template failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

export const chartYaml = (name: string) => `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`;
