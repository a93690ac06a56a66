import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSpec, type LogstackModel } from '@logstack/spec';
import { podTemplateChecks } from '../src/index.js';

export const repo = fileURLToPath(new URL('../../../', import.meta.url));
export const upstreamAirflow = join(repo, 'vendor/upstream-charts/airflow');

const BOOTSTRAP = 'run `eval "$(tools/bootstrap.sh --python)"` from the repository root';

export const HELM_MAJORS = [
  { major: 3, bin: 'helm3' },
  { major: 4, bin: 'helm4' },
] as const;

/** Fails (never skips) when a Helm binary is missing. */
export function requireHelm(bin: string): void {
  const r = spawnSync(bin, ['version', '--short'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`${bin} is not on PATH: ${BOOTSTRAP}`);
}

/** A program in the Python venv (Airflow, kubernetes-validate); fails when the venv is missing. */
export function venvBin(name: string): string {
  const venv = process.env.LOGSTACK_VENV;
  const bin = venv ? join(venv, 'bin', name) : '';
  if (!venv || !existsSync(bin)) throw new Error(`LOGSTACK_VENV has no ${name}: ${BOOTSTRAP}`);
  return bin;
}

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

export function writeFiles(dir: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

export function run(bin: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 64 << 20, env });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A spec checked as the CLI does: schema, the spec's own checks, then the pod wiring's. */
export function check(text: string) {
  return checkSpec('logstack.yaml', text, { checks: podTemplateChecks });
}

export function model(text = 'apiVersion: logstack/v1\n'): LogstackModel {
  const { model, issues } = check(text);
  if (!model || issues.length) throw new Error(`test spec is invalid: ${JSON.stringify(issues)}`);
  return model;
}

/** A PATH with busybox's applets alone, as in the alpine Vector image; fails when bootstrap did not link them. */
export function busyboxPath(): string {
  const dir = process.env.LOGSTACK_BUSYBOX_BIN;
  if (!dir || !existsSync(join(dir, 'sh')))
    throw new Error(`LOGSTACK_BUSYBOX_BIN has no busybox applets: ${BOOTSTRAP}`);
  return dir;
}
