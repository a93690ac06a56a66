// The machinery every test of the whole umbrella shares: render each scenario once per Helm major
// (side by side), and the checks that read those renders (name limits, the task pod template,
// kubernetes-validate, checkov). Test files only assert.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toYaml } from '@logstack/artifact';
import type { LogstackModel } from '@logstack/spec';
import { parse } from 'yaml';
import {
  CI_SCENARIOS,
  chartDir,
  checkovSubchartExceptions,
  ciScenarioModel,
  defaultModel,
  type FullChart,
  HELM_MAJORS,
  type HelmMajor,
  type K8sObject,
  mapLimit,
  parseManifests,
  type RenderScenario,
  renderScenarios,
  runTool,
  type ToolRun,
} from '../src/index.js';
import { exampleModel } from './helpers.js';

/** Every render assumes the Prometheus Operator's API, so the monitors render and are checked too. */
export const API_VERSIONS = ['monitoring.coreos.com/v1'];
/** Two renders at a time: the machines running the tests have two cores. */
const PARALLEL = 2;

export interface FullRender {
  scenario: RenderScenario;
  helm: HelmMajor;
  run: ToolRun;
  objects: K8sObject[];
}

/** Renders every scenario with every Helm major, once each, on one copy of the chart. */
export async function renderEveryScenario(
  chart: FullChart,
  scenarios = renderScenarios(),
  helms: readonly HelmMajor[] = HELM_MAJORS,
): Promise<FullRender[]> {
  const jobs = helms.flatMap((helm) => scenarios.map((scenario) => ({ helm, scenario })));
  return mapLimit(jobs, PARALLEL, async ({ helm, scenario }) => {
    const run = await chart.template({
      helm,
      valuesFiles: scenario.valuesFiles,
      releaseName: scenario.releaseName,
      namespace: scenario.namespace,
      apiVersions: API_VERSIONS,
    });
    return { scenario, helm, run, objects: run.status === 0 ? parseManifests(run.stdout) : [] };
  });
}

/** The spec model behind a scenario's values (what the generator made them from). */
export function scenarioModel(s: RenderScenario): LogstackModel {
  if (s.name === 'defaults') return defaultModel();
  if (s.name.startsWith('examples/')) return exampleModel(s.name.slice('examples/'.length));
  const ci = CI_SCENARIOS.find((c) => `ci/${c.name}` === s.name);
  if (!ci) throw new Error(`no model for scenario ${s.name}`);
  return ciScenarioModel(ci);
}

/** Loose access to parsed objects in assertions (a wrong path fails the assertion). */
// biome-ignore lint/suspicious/noExplicitAny: test-only deep access into parsed YAML
export type Deep = Record<string, any>;

/** The KubernetesExecutor's pod template (pod_template_file.yaml in the Airflow ConfigMap), parsed. */
export function podTemplateOf(objects: K8sObject[]): Deep | undefined {
  const cm = objects.find(
    (o) => o.kind === 'ConfigMap' && typeof (o as Deep).data?.['pod_template_file.yaml'] === 'string',
  ) as Deep | undefined;
  return cm ? (parse(cm.data['pod_template_file.yaml']) as Deep) : undefined;
}

const POD_OWNERS: Record<string, (o: Deep) => Deep | undefined> = {
  Deployment: (o) => o.spec?.template?.spec,
  StatefulSet: (o) => o.spec?.template?.spec,
  DaemonSet: (o) => o.spec?.template?.spec,
  Job: (o) => o.spec?.template?.spec,
  CronJob: (o) => o.spec?.jobTemplate?.spec?.template?.spec,
  Pod: (o) => o.spec,
};

/** Every container (init containers too) of every workload, with where it is. */
export function containersOf(objects: K8sObject[]): Array<{ where: string; container: Deep }> {
  return objects.flatMap((o) => {
    const spec = POD_OWNERS[o.kind]?.(o as Deep);
    if (!spec) return [];
    return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c: Deep) => ({
      where: `${o.kind}/${o.metadata.name} ${c.name}`,
      container: c,
    }));
  });
}

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Names the API server or its controllers refuse, which schema validation does not see: Service
 * names are DNS-1035 labels (63); a Job's name becomes its pods' job-name label (63); StatefulSet
 * pods get the label controller-revision-hash=<name>-<10 characters> (so 52,
 * kubernetes/kubernetes#64023), a CronJob's Jobs <name>-<11 digits> (52); label values 63.
 */
export function nameLimitErrors(objects: K8sObject[]): string[] {
  const limits: Record<string, number> = { Service: 63, Job: 63, StatefulSet: 52, CronJob: 52 };
  return objects.flatMap((o) => {
    const where = `${o.kind}/${o.metadata.name}`;
    const errors: string[] = [];
    const limit = limits[o.kind] ?? 253;
    if (o.metadata.name.length > limit)
      errors.push(`${where}: name is ${o.metadata.name.length} characters, over ${limit}`);
    if (o.kind === 'Service' && !DNS_LABEL.test(o.metadata.name))
      errors.push(`${where}: not a DNS-1035 label`);
    for (const [k, v] of Object.entries(o.metadata.labels ?? {}))
      if (String(v).length > 63)
        errors.push(`${where}: label ${k} is ${String(v).length} characters, over 63`);
    return errors;
  });
}

/**
 * Writes each render (and each task pod template as its own document) into `dir`, for the
 * scanners. `unique`: an object already written for an earlier render (same bytes) is left out,
 * so a scanner reads each distinct object once; most objects are the same in every scenario.
 */
export function writeRenders(dir: string, renders: FullRender[], opts: { unique?: boolean } = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const seen = new Set<string>();
  const keep = (o: unknown) => {
    const key = JSON.stringify(o);
    if (opts.unique && seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  return renders.flatMap((r) => {
    const base = `${r.helm}-${r.scenario.name.replace(/\W+/g, '-')}`;
    const files: string[] = [];
    const objects = r.objects.filter(keep);
    if (objects.length) {
      files.push(join(dir, `${base}.yaml`));
      writeFileSync(join(dir, `${base}.yaml`), objects.map((o) => JSON.stringify(o)).join('\n---\n'));
    }
    const pod = podTemplateOf(r.objects);
    if (pod && keep(pod)) {
      files.push(join(dir, `${base}-pod-template.yaml`));
      writeFileSync(join(dir, `${base}-pod-template.yaml`), toYaml(pod));
    }
    return files;
  });
}

function venvTool(env: string, tool: string): string {
  const venv = process.env[env];
  if (!venv) throw new Error(`${env} is not set: run tools/bootstrap.sh --python`);
  return join(venv, 'bin', tool);
}

/** The newest Kubernetes version whose schemas the pinned kubernetes-validate carries. */
export function newestKubeVersion(): string {
  const python = venvTool('LOGSTACK_VENV', 'python');
  const r = runTool(python, ['-c', 'import kubernetes_validate.utils as u; print(u.latest_version())']);
  if (r.status !== 0) throw new Error(`kubernetes-validate: ${r.stderr}`);
  return r.stdout.trim();
}

/** kubernetes-validate --strict over files of core objects at one Kubernetes version; its failures. */
export function kubeValidateFiles(files: string[], kubeVersion: string): string[] {
  const r = runTool(venvTool('LOGSTACK_VENV', 'kubernetes-validate'), [
    '-k',
    kubeVersion,
    '--strict',
    '--quiet',
    ...files,
  ]);
  const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /ERROR|WARN/.test(l));
  return r.status === 0 && !lines.length
    ? []
    : lines.length
      ? lines
      : [`kubernetes-validate exit ${r.status}`];
}

export interface CheckovFailure {
  check_id: string;
  resource: string;
  file_path: string;
}

/** One checkov process over a folder of renders, with the chart's .checkov.yaml; its failed checks. */
export function checkovFolder(dir: string): {
  failed: CheckovFailure[];
  parsingErrors: number;
  passed: number;
} {
  const r = runTool(venvTool('LOGSTACK_CHECKOV_VENV', 'checkov'), [
    '-d',
    dir,
    '--framework',
    'kubernetes',
    '--config-file',
    join(chartDir, '.checkov.yaml'),
    '--skip-download',
    '--quiet',
    '-o',
    'json',
  ]);
  const reports = [JSON.parse(r.stdout || '{}')].flat() as Array<{
    summary?: { failed: number; passed: number; parsing_errors: number };
    results?: { failed_checks?: CheckovFailure[] };
  }>;
  return {
    failed: reports.flatMap((rep) => rep.results?.failed_checks ?? []),
    parsingErrors: reports.reduce((n, rep) => n + (rep.summary?.parsing_errors ?? 0), 0),
    passed: reports.reduce((n, rep) => n + (rep.summary?.passed ?? 0), 0),
  };
}

/** True when the finding is one of the documented exceptions (.checkov-subcharts.yaml). */
export function checkovSubchartException(
  f: CheckovFailure,
  list = checkovSubchartExceptions(readFileSync(join(chartDir, '.checkov-subcharts.yaml'), 'utf8')),
): boolean {
  return list.some((e) => e.check === f.check_id && new RegExp(e.resources).test(f.resource));
}

/**
 * The task pods Airflow's KubernetesExecutor (the venv's Airflow and cncf-kubernetes provider)
 * builds from each pod template file, by file: what the API server would receive.
 */
export function taskPodsBuiltByAirflow(templates: string[], dir: string): Record<string, Deep> {
  const out = join(dir, 'task-pods.json');
  const r = runTool(venvTool('LOGSTACK_VENV', 'python'), [
    join(import.meta.dirname, 'build_task_pods.py'),
    out,
    ...templates,
  ]);
  if (r.status !== 0) throw new Error(`Airflow could not build task pods: ${r.stderr.slice(-2000)}`);
  return JSON.parse(readFileSync(out, 'utf8')) as Record<string, Deep>;
}
