import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repo, requireBin } from './tools.js';

export interface ValidateResult {
  ok: boolean;
  /** Vector's own output (stdout and stderr), warnings included. */
  output: string;
}

/** `vector validate --no-environment` on a config text (the file extension tells Vector the format). */
export function vectorValidate(text: string, format: 'yaml' | 'toml' | 'json'): ValidateResult {
  const dir = mkdtempSync(join(tmpdir(), 'vector-validate-'));
  const file = join(dir, `vector.${format}`);
  writeFileSync(file, text);
  const r = spawnSync(requireBin('vector'), ['validate', '--no-environment', file], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NO_COLOR: '1' },
  });
  if (r.error) throw r.error;
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** Vector's warnings in a validate output (lines it prints with ~ or WARN). */
export const validateWarnings = (output: string) =>
  output.split('\n').filter((l) => /^\s*~|\bWARN\b|warning/i.test(l));

const yamlFiles = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(dir, f))
        .sort()
    : [];

const isSpec = (file: string) => /^apiVersion:\s*logstack\/v1\s*$/m.test(readFileSync(file, 'utf8'));

/**
 * Every spec in the repository whose Vector configs must validate: the examples and any spec among
 * the chart's ci/ scenarios (found at run time, so new ones are picked up).
 */
export function specFiles(): string[] {
  const examples = readdirSync(join(repo, 'examples'))
    .map((d) => join(repo, 'examples', d, 'logstack.yaml'))
    .filter(existsSync);
  return [...examples, ...yamlFiles(join(repo, 'charts/airflow-logstack/ci')).filter(isSpec)];
}

/** Chart values files that carry a generated sidecar config (`taskLogs.config`, placed as is). */
export function valuesWithSidecarConfig(): { file: string; config: string }[] {
  const files = [
    ...readdirSync(join(repo, 'examples')).map((d) => join(repo, 'examples', d, 'generated/values.yaml')),
    ...yamlFiles(join(repo, 'charts/airflow-logstack/ci')),
  ].filter((f) => existsSync(f) && !isSpec(f));
  return files.flatMap((file) => {
    const config = (parse(readFileSync(file, 'utf8')) as { taskLogs?: { config?: unknown } } | null)?.taskLogs
      ?.config;
    return typeof config === 'string' ? [{ file, config }] : [];
  });
}
