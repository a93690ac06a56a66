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

/** Renders modes (a) and (b) for every scenario with Helm 3 and 4: one `helm template` each. */
export function renderThroughChart(m: LogstackModel): Rendered[] {
  const dir = tempDir('airflow-chart-');
  writeFiles(dir, {
    'Chart.yaml': 'apiVersion: v2\nname: airflow\nversion: 1.19.0\n',
    'templates/configmap.yaml': POD_TEMPLATE_CONFIGMAP,
    'templates/worker-extras-pod.yaml': WORKER_EXTRAS_POD,
    'ours.yaml': toYaml({ ...workerPodWiring(m), podTemplate: fullPodTemplate(m) }),
  });
  for (const f of ['values.yaml', 'values.schema.json']) copyFileSync(join(upstreamAirflow, f), join(dir, f));
  const out: Rendered[] = [];
  for (const { major, bin } of HELM_MAJORS) {
    requireHelm(bin);
    SCENARIOS.forEach((scenario, i) => {
      writeFileSync(join(dir, `scenario-${i}.yaml`), toYaml(scenario.values));
      const r = run(bin, [
        'template',
        scenario.release,
        dir,
        '-f',
        join(dir, `scenario-${i}.yaml`),
        '-f',
        join(dir, 'ours.yaml'),
      ]);
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
