import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toYaml } from '@logstack/artifact';
import type { LogstackModel } from '@logstack/spec';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { fullPodTemplate, workerPodWiring } from '../src/index.js';
import { HELM_MAJORS, requireHelm, run, tempDir, upstreamAirflow, writeFiles } from './tools.js';

// The two places the official chart (1.19) puts our values, with its own expressions: the
// airflow-config ConfigMap renders podTemplate with `tpl`, and its pod template file renders
// worker extras with `tpl (toYaml ...)`. The chart's values.yaml and values.schema.json are the
// upstream files, so Helm itself also validates the merged values against the upstream schema.
const POD_TEMPLATE_CONFIGMAP = `{{- if .Values.podTemplate }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-airflow-config
data:
  pod_template_file.yaml: |-
    {{- tpl .Values.podTemplate . | nindent 4 }}
{{- end }}
`;

const WORKER_EXTRAS_POD = `apiVersion: v1
kind: Pod
metadata:
  name: worker-extras
spec:
  initContainers:
    {{- if .Values.workers.extraInitContainers }}
    {{- tpl (toYaml .Values.workers.extraInitContainers) . | nindent 4 }}
    {{- end }}
  containers:
    - name: base
      image: {{ printf "%s:%s" .Values.defaultAirflowRepository .Values.defaultAirflowTag }}
      volumeMounts:
        - name: logs
          mountPath: {{ printf "%s/logs" .Values.airflowHome | quote }}
        {{- if .Values.workers.extraVolumeMounts }}
        {{- tpl (toYaml .Values.workers.extraVolumeMounts) . | nindent 8 }}
        {{- end }}
  restartPolicy: Never
  terminationGracePeriodSeconds: {{ .Values.workers.terminationGracePeriodSeconds }}
  volumes:
    - name: logs
      emptyDir: {}
    {{- if .Values.workers.extraVolumes }}
    {{- tpl (toYaml .Values.workers.extraVolumes) . | nindent 4 }}
    {{- end }}
`;

// biome-ignore lint/suspicious/noExplicitAny: parsed Kubernetes objects, asserted field by field
export type Obj = any;

export interface Scenario {
  name: string;
  release: string;
  /** Airflow chart values besides ours. */
  values: Record<string, unknown>;
}

export const WORKER_EXTRAS_SCENARIO = 'worker extras (DAG sync), volumes, secrets, pull secrets';

export const SCENARIOS: Scenario[] = [
  { name: 'defaults', release: 'af-prod', values: {} },
  {
    name: 'external metadata DB, dags PVC, long release name',
    // 51 characters: the sidecar ConfigMap name truncates the release name to 46.
    release: 'data-platform-airflow-logstack-production-eu-west-1',
    values: {
      data: { metadataSecretName: 'airflow-db-external' },
      fernetKeySecretName: 'airflow-fernet-external',
      dags: { persistence: { enabled: true, existingClaim: 'dags-rwx' } },
      env: [{ name: 'TEAM', value: 'data' }],
      workers: { resources: { requests: { cpu: '250m', memory: '512Mi' } } },
      executor: 'KubernetesExecutor',
    },
  },
  {
    // What other parts of the product (DAG sync) and users put into task pods through the chart.
    name: WORKER_EXTRAS_SCENARIO,
    release: 'af-extras',
    values: {
      executor: 'KubernetesExecutor',
      workers: {
        extraInitContainers: [
          {
            name: 'logstack-dag-sync',
            image: 'ghcr.io/example/dag-sync:1.0.0',
            args: ['dags', 'sync'],
            volumeMounts: [{ name: 'logstack-dags', mountPath: '/opt/airflow/dags' }],
          },
        ],
        extraVolumes: [
          { name: 'logstack-dags', emptyDir: { sizeLimit: '256Mi' } },
          // Worker extras are templated by the chart: one tpl pass.
          { name: '{{ .Release.Name }}-cache', emptyDir: {} },
        ],
        extraVolumeMounts: [
          { name: 'logstack-dags', mountPath: '/opt/airflow/dags', readOnly: true },
          { name: '{{ .Release.Name }}-cache', mountPath: '/cache' },
        ],
        env: [{ name: 'WORKER_ONLY', value: 'worker' }],
      },
      volumes: [{ name: 'corp-ca', secret: { secretName: 'corp-ca' } }],
      volumeMounts: [{ name: 'corp-ca', mountPath: '/etc/corp-ca', readOnly: true }],
      secret: [{ envName: 'WAREHOUSE_PASSWORD', secretName: 'warehouse', secretKey: 'password' }],
      extraEnv: "- name: RELEASE\n  value: '{{ .Release.Name }}'\n",
      extraEnvFrom: "- secretRef:\n    name: '{{ .Release.Name }}-connections'\n",
      imagePullSecrets: ['regcred', { name: 'mirror-cred' }],
      registry: { secretName: 'legacy-registry' },
    },
  },
];

export interface Rendered {
  helm: number;
  scenario: Scenario;
  /** The Pod that worker extras (mode a) end up in. */
  extrasPod: Obj;
  /** pod_template_file.yaml as the chart writes it (mode b), text and parsed. */
  podTemplateText: string;
  podTemplate: Obj;
}

const WORKER_LISTS = ['extraInitContainers', 'extraVolumes', 'extraVolumeMounts'] as const;

/**
 * Values with both our modes: the podTemplate (b) and the worker wiring (a), whose lists come
 * before the scenario's own worker extras, as the umbrella chart joins its fragments.
 */
export function withOurValues(ours: Obj, values: Obj): Obj {
  // The user's values come after ours (helm -f ours -f theirs): their workers.resources win.
  const workers: Obj = { ...ours.workers, ...values.workers };
  for (const k of WORKER_LISTS) workers[k] = [...(ours.workers?.[k] ?? []), ...(values.workers?.[k] ?? [])];
  return { ...values, ...ours, workers };
}

let chartDir: string | undefined;

/** The stand-in chart: upstream values and schema, the two templates above. */
function testChart(): string {
  if (chartDir) return chartDir;
  chartDir = tempDir('airflow-chart-');
  writeFiles(chartDir, {
    'Chart.yaml': 'apiVersion: v2\nname: airflow\nversion: 1.19.0\n',
    'templates/configmap.yaml': POD_TEMPLATE_CONFIGMAP,
    'templates/worker-extras-pod.yaml': WORKER_EXTRAS_POD,
  });
  for (const f of ['values.yaml', 'values.schema.json'])
    copyFileSync(join(upstreamAirflow, f), join(chartDir, f));
  return chartDir;
}

/** One `helm template` of the stand-in chart with these values. */
export function helmTemplate(bin: string, release: string, values: Obj) {
  requireHelm(bin);
  const file = join(tempDir('airflow-values-'), 'values.yaml');
  writeFileSync(file, toYaml(values));
  return run(bin, ['template', release, testChart(), '-f', file]);
}

/** Renders modes (a) and (b) for every scenario with Helm 3 and 4: one `helm template` each. */
export function renderThroughChart(m: LogstackModel, scenarios: Scenario[] = SCENARIOS): Rendered[] {
  const ours = { ...workerPodWiring(m), podTemplate: fullPodTemplate(m) };
  const out: Rendered[] = [];
  for (const { major, bin } of HELM_MAJORS) {
    scenarios.forEach((scenario) => {
      const r = helmTemplate(bin, scenario.release, withOurValues(ours, scenario.values));
      if (r.code !== 0) throw new Error(`${bin} template (${scenario.name}) failed:\n${r.stderr}`);
      const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj);
      const extrasPod = docs.find((d) => d?.kind === 'Pod')!;
      const configMap = docs.find((d) => d?.kind === 'ConfigMap')!;
      const podTemplateText = configMap.data['pod_template_file.yaml'] as string;
      out.push({
        helm: major,
        scenario,
        extrasPod,
        podTemplateText,
        podTemplate: parseYaml(podTemplateText),
      });
    });
  }
  return out;
}

/** Kubernetes' own schema check (strict, 1.33) over many files in one run: {file: error text or ''}. */
export function kubernetesValidate(bin: string, files: string[]): Map<string, string> {
  const r = run(bin, ['-k', '1.33.0', '--strict', ...files]);
  const result = new Map<string, string>();
  for (const f of files) {
    const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.includes(f));
    const passed = lines.some((l) => l.startsWith(`INFO ${f} passed`));
    result.set(f, passed ? '' : lines.join('\n') || `no verdict for ${f}:\n${r.stdout}\n${r.stderr}`);
  }
  return result;
}

/** Pods as Airflow's KubernetesExecutor builds them from each pod template file. */
export function airflowBuildsPods(python: string, files: string[]): Record<string, Obj> {
  const out = join(tempDir('airflow-pods-'), 'pods.json');
  const script = new URL('./load_pod_template.py', import.meta.url).pathname;
  const r = run(python, [script, out, ...files]);
  if (r.code !== 0) throw new Error(`Airflow could not load the pod templates:\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(readFileSync(out, 'utf8'));
}
