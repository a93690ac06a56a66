import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { podTemplateChecks } from '@logstack/pod-template';
import { checkSpec, type LogstackModel } from '@logstack/spec';
import { vectorConfigChecks } from '@logstack/vector-config';
import { parse, stringify } from 'yaml';
import { repo } from './tools.js';

/** The spec every pod is generated from, and what a scenario changes in it. */
export interface HarnessSpec {
  /** A logstack spec file (default: examples/complete/logstack.yaml, tenant and static labels included). */
  specFile?: string;
  lokiUrl: string;
  /** sidecar.lokiOutageToleranceSeconds (the spec's default when absent). */
  outageToleranceSeconds?: number;
}

export const DEFAULT_SPEC = join(repo, 'examples/complete/logstack.yaml');

/**
 * The spec with only what this machine needs changed: the logs folder, Loki (external, at the
 * proxy) and the sidecar's ports. Checked like the CLI checks it, so a scenario cannot run a spec
 * that `logstack validate` would refuse.
 */
export function podModel(
  spec: HarnessSpec,
  local: { logs: string; apiPort: number; metricsPort: number },
): LogstackModel {
  const file = spec.specFile ?? DEFAULT_SPEC;
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  doc.airflow = { ...doc.airflow, logs: { ...(doc.airflow?.logs as object), folder: local.logs } };
  doc.loki = { ...doc.loki, mode: 'external', pushUrl: spec.lokiUrl };
  doc.sidecar = {
    ...doc.sidecar,
    apiPort: local.apiPort,
    metricsPort: local.metricsPort,
    ...(spec.outageToleranceSeconds ? { lokiOutageToleranceSeconds: spec.outageToleranceSeconds } : {}),
  };
  const { model, issues } = checkSpec(file, stringify(doc), {
    checks: [...vectorConfigChecks, ...podTemplateChecks],
  });
  if (!model || issues.length)
    throw new Error(`${file} with this machine's paths is invalid: ${JSON.stringify(issues)}`);
  return model;
}
