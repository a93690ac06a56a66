import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toYaml } from '@logstack/artifact';
import { parse, parseAllDocuments } from 'yaml';
import { chartDir } from './paths.js';
import { type HelmMajor, runTool, type ToolRun } from './tools.js';

/** A rendered Kubernetes object. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

export interface RenderOptions {
  helm?: HelmMajor;
  /** Values documents applied in order, as successive -f files. */
  values?: unknown[];
  /** Values files applied after `values`. */
  valuesFiles?: string[];
  releaseName?: string;
  namespace?: string;
  /** Extra API versions the cluster is assumed to serve (--api-versions), e.g. monitoring.coreos.com/v1. */
  apiVersions?: string[];
  /** Kubernetes version Helm assumes (default DEFAULT_KUBE_VERSION: Helm 3's own default, 1.20, is below the chart's kubeVersion). */
  kubeVersion?: string;
  /** The chart to copy; the umbrella by default. */
  chart?: string;
}

/** Why `helm template` failed, with Helm's own message. */
export class HelmError extends Error {
  constructor(
    readonly helm: HelmMajor,
    readonly run: ToolRun,
  ) {
    super(`${helm} failed (exit ${run.status}): ${run.stderr.trim()}`);
    this.name = 'HelmError';
  }
}

/** Native sidecars (restartPolicy Always on init containers) are on by default from 1.29; 1.33 is where they are GA. */
export const DEFAULT_KUBE_VERSION = '1.33.0';

export const OWN_TEMPLATES_NOTE =
  'rendered: the umbrella chart’s own templates only (a copy without dependencies; the airflow, loki, alloy and vector subcharts cannot be downloaded here)';

/**
 * A temporary copy of the chart whose Chart.yaml has no dependencies, so Helm renders the
 * umbrella's own templates without the subcharts (which `helm dependency build` would fetch).
 * Returns the folder; the caller removes it.
 */
export function ownTemplatesCopy(chart = chartDir): string {
  const dir = mkdtempSync(join(tmpdir(), 'logstack-chart-'));
  const copy = join(dir, 'airflow-logstack');
  cpSync(chart, copy, {
    recursive: true,
    filter: (src) => !/[/\\](charts|tests)$|[/\\]Chart\.lock$/.test(src.slice(chart.length)),
  });
  const meta = parse(readFileSync(join(copy, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
  delete meta.dependencies;
  writeFileSync(join(copy, 'Chart.yaml'), toYaml(meta));
  return copy;
}

function withCopy<T>(chart: string | undefined, fn: (copy: string) => T): T {
  const copy = ownTemplatesCopy(chart);
  try {
    return fn(copy);
  } finally {
    rmSync(join(copy, '..'), { recursive: true, force: true });
  }
}

function valuesArgs(copy: string, opts: RenderOptions): string[] {
  const args: string[] = [];
  (opts.values ?? []).forEach((v, i) => {
    const file = join(copy, '..', `values-${i}.yaml`);
    writeFileSync(file, typeof v === 'string' ? v : toYaml(v));
    args.push('-f', file);
  });
  for (const f of opts.valuesFiles ?? []) args.push('-f', f);
  return args;
}

/** `helm template` of the umbrella's own templates; Helm's exit, stdout and stderr as they are. */
export function helmTemplateOwn(opts: RenderOptions = {}): ToolRun {
  const helm = opts.helm ?? 'helm3';
  return withCopy(opts.chart, (copy) => {
    const args = [
      'template',
      opts.releaseName ?? 'logstack',
      copy,
      '--namespace',
      opts.namespace ?? 'airflow',
      ...valuesArgs(copy, opts),
    ];
    for (const api of opts.apiVersions ?? []) args.push('--api-versions', api);
    args.push('--kube-version', opts.kubeVersion ?? DEFAULT_KUBE_VERSION);
    return runTool(helm, args);
  });
}

/** Renders the umbrella's own templates and returns the objects; throws HelmError when Helm fails. */
export function renderOwnTemplates(opts: RenderOptions = {}): K8sObject[] {
  const run = helmTemplateOwn(opts);
  if (run.status !== 0) throw new HelmError(opts.helm ?? 'helm3', run);
  return parseManifests(run.stdout);
}

/** The objects of a multi-document manifest stream, empty documents left out. */
export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length) throw new Error(`rendered YAML does not parse: ${d.errors[0]?.message}`);
      return d.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null && typeof o === 'object');
}

/** `helm lint --strict` of the own-templates copy. */
export function lintOwnTemplates(opts: RenderOptions = {}): ToolRun {
  const helm = opts.helm ?? 'helm3';
  return withCopy(opts.chart, (copy) =>
    runTool(helm, [
      'lint',
      '--strict',
      copy,
      '--namespace',
      opts.namespace ?? 'airflow',
      '--kube-version',
      opts.kubeVersion ?? DEFAULT_KUBE_VERSION,
      ...valuesArgs(copy, opts),
    ]),
  );
}
