import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { toYaml } from '@logstack/artifact';
import { parse, parseAllDocuments } from 'yaml';
import { chartDir } from './paths.js';
import { findSubcharts, type SubchartSource } from './subcharts.js';
import { type HelmMajor, runTool, runToolAsync, type ToolRun } from './tools.js';

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
  /**
   * Kubernetes version Helm assumes. Unset: Helm's own default, what a release build reports
   * (v1.36.0 for the pinned Helm 3, v1.37.0 for Helm 4; tools/test/pinned-tools.test.ts checks it).
   */
  kubeVersion?: string;
  /** The chart to copy; the umbrella by default. */
  chart?: string;
  /** Render the whole umbrella, subcharts included (packages from findSubcharts), instead of its own templates only. */
  withSubcharts?: boolean;
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

export const OWN_TEMPLATES_NOTE =
  'rendered: the umbrella chart’s own templates only (a copy without dependencies; the airflow, loki, alloy and vector subcharts are left out)';

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

/**
 * A temporary copy of the chart with the subchart packages in its `charts/` and each dependency's
 * version set to its package's (the Airflow package is a `-dev` build of the pinned 1.19.0), so
 * Helm renders the umbrella exactly as a user installs it. Returns the folder; the caller removes it.
 */
export function fullChartCopy(chart = chartDir, source: SubchartSource = findSubcharts(chart)): string {
  const dir = mkdtempSync(join(tmpdir(), 'logstack-chart-'));
  const copy = join(dir, 'airflow-logstack');
  cpSync(chart, copy, {
    recursive: true,
    filter: (src) => !/[/\\](charts|tests)$|[/\\]Chart\.lock$/.test(src.slice(chart.length)),
  });
  const meta = parse(readFileSync(join(copy, 'Chart.yaml'), 'utf8')) as {
    dependencies?: { name: string; version: string; repository?: string }[];
  };
  for (const dep of meta.dependencies ?? []) {
    const pkg = source.packages.find((p) => p.name === dep.name);
    if (pkg) dep.version = pkg.version;
  }
  writeFileSync(join(copy, 'Chart.yaml'), toYaml(meta));
  mkdirSync(join(copy, 'charts'));
  for (const pkg of source.packages) copyFileSync(pkg.file, join(copy, 'charts', basename(pkg.file)));
  return copy;
}

function withCopy<T>(chart: string | undefined, fn: (copy: string) => T, withSubcharts = false): T {
  const copy = withSubcharts ? fullChartCopy(chart) : ownTemplatesCopy(chart);
  try {
    return fn(copy);
  } finally {
    rmSync(join(copy, '..'), { recursive: true, force: true });
  }
}

function valuesArgs(dir: string, opts: RenderOptions): string[] {
  const args: string[] = [];
  (opts.values ?? []).forEach((v, i) => {
    const file = join(dir, `values-${i}.yaml`);
    writeFileSync(file, typeof v === 'string' ? v : toYaml(v));
    args.push('-f', file);
  });
  for (const f of opts.valuesFiles ?? []) args.push('-f', f);
  return args;
}

function templateArgs(copy: string, opts: RenderOptions, valuesDir = join(copy, '..')): string[] {
  const args = [
    'template',
    opts.releaseName ?? 'logstack',
    copy,
    '--namespace',
    opts.namespace ?? 'airflow',
    ...valuesArgs(valuesDir, opts),
  ];
  for (const api of opts.apiVersions ?? []) args.push('--api-versions', api);
  if (opts.kubeVersion) args.push('--kube-version', opts.kubeVersion);
  return args;
}

/** `helm template` of the umbrella's own templates (or, withSubcharts, the whole umbrella); Helm's exit, stdout and stderr as they are. */
export function helmTemplateOwn(opts: RenderOptions = {}): ToolRun {
  return withCopy(
    opts.chart,
    (copy) => runTool(opts.helm ?? 'helm3', templateArgs(copy, opts)),
    opts.withSubcharts,
  );
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
  return withCopy(
    opts.chart,
    (copy) =>
      runTool(helm, [
        'lint',
        '--strict',
        copy,
        '--namespace',
        opts.namespace ?? 'airflow',
        ...(opts.kubeVersion ? ['--kube-version', opts.kubeVersion] : []),
        ...valuesArgs(join(copy, '..'), opts),
      ]),
    opts.withSubcharts,
  );
}

/** The whole umbrella as users install it, subcharts included; throws HelmError when Helm fails. */
export function renderFullChart(opts: RenderOptions = {}): K8sObject[] {
  return renderOwnTemplates({ ...opts, withSubcharts: true });
}

/**
 * One temporary copy of the whole umbrella (subchart packages in its charts/) for many renders:
 * copying once and rendering side by side is what keeps a test run or a benchmark short.
 * `dispose()` removes the copy.
 */
export class FullChart {
  private renders = 0;

  private constructor(
    readonly dir: string,
    readonly source: SubchartSource,
  ) {}

  static create(chart = chartDir, source: SubchartSource = findSubcharts(chart)): FullChart {
    return new FullChart(fullChartCopy(chart, source), source);
  }

  private valuesDir(): string {
    const dir = join(this.dir, '..', `render-${this.renders++}`);
    mkdirSync(dir);
    return dir;
  }

  /** `helm template` of the whole umbrella; Helm's exit, stdout and stderr as they are. */
  template(opts: Omit<RenderOptions, 'chart' | 'withSubcharts'> = {}): Promise<ToolRun> {
    return runToolAsync(opts.helm ?? 'helm3', templateArgs(this.dir, opts, this.valuesDir()));
  }

  /** The same, blocking. */
  templateSync(opts: Omit<RenderOptions, 'chart' | 'withSubcharts'> = {}): ToolRun {
    return runTool(opts.helm ?? 'helm3', templateArgs(this.dir, opts, this.valuesDir()));
  }

  dispose(): void {
    rmSync(join(this.dir, '..'), { recursive: true, force: true });
  }
}

/** Where the subcharts of a full render came from, for headers and logs (no machine-specific paths). */
export function subchartSourceNote(source: SubchartSource): string {
  const packages = source.packages.map((p) => basename(p.file)).join(', ');
  const where =
    source.kind === 'chart'
      ? 'the chart’s charts/ folder (helm dependency build)'
      : process.env.LOGSTACK_SUBCHARTS && source.dir === process.env.LOGSTACK_SUBCHARTS
        ? '$LOGSTACK_SUBCHARTS'
        : '../shared/upstream/charts (the upstream packages beside the checkout)';
  return `rendered: the whole umbrella chart with its subcharts ${packages} from ${where}`;
}

/** How many objects of each kind, kinds in alphabetical order. */
export function countByKind(objects: K8sObject[]): Array<[kind: string, count: number]> {
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}
