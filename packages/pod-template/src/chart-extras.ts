/**
 * The values beyond chart-expressions.ts that the official chart's own pod template
 * (chart/files/pod-template-file.kubernetes-helm-yaml in apache/airflow, 1.19 line) puts into task
 * pods, rendered the same way: what the chart passes through `tpl` (worker extras, extraEnv,
 * extraEnvFrom) gets one `tpl` pass here too, so values escaped for
 * TPL_PASSES.airflowWorkerExtras arrive intact; `volumes`, `volumeMounts` and `workers.env` get none.
 * The functions take the indentation of the YAML they are spliced into (see splice.ts).
 */

/** `$` is the chart's root context inside the podTemplate's `tpl` pass, also within `range` and `with`. */
const tplEach = (list: string, ownNames: readonly string[], indent: number) =>
  `{{- range ${list} }}{{- if not (has .name (list ${ownNames.map((n) => JSON.stringify(n)).join(' ')})) }}{{- tpl (toYaml (list .)) $ | nindent ${indent} }}{{- end }}{{- end }}`;

/**
 * workers.extraInitContainers. Entries named like this wiring's own containers and volumes are left
 * out: the umbrella chart also sets mode (a)'s sidecar there, and a pod with two of them is invalid.
 */
export const extraInitContainers = (ownNames: readonly string[]) => (indent: number) => [
  tplEach('.Values.workers.extraInitContainers', ownNames, indent),
];

/** workers.extraContainers (with the KubernetesExecutor they must exit on their own, as the chart warns). */
export const extraContainers = (indent: number) => [
  `{{- with .Values.workers.extraContainers }}{{- tpl (toYaml .) $ | nindent ${indent} }}{{- end }}`,
];

/** `volumeMounts` for all Airflow containers, then workers.extraVolumeMounts. */
export const extraVolumeMounts = (indent: number) => [
  `{{- with .Values.volumeMounts }}{{- toYaml . | nindent ${indent} }}{{- end }}`,
  `{{- with .Values.workers.extraVolumeMounts }}{{- tpl (toYaml .) $ | nindent ${indent} }}{{- end }}`,
];

/** `volumes` for all Airflow containers, then workers.extraVolumes (without this wiring's own). */
export const extraVolumes = (ownNames: readonly string[]) => (indent: number) => [
  `{{- with .Values.volumes }}{{- toYaml . | nindent ${indent} }}{{- end }}`,
  tplEach('.Values.workers.extraVolumes', ownNames, indent),
];

/**
 * "custom_airflow_environment" after `env` (`secret`, extraEnv), then "container_extra_envs"
 * (workers.env). Without the chart's AIRFLOW__KUBERNETES_* copies, which only Airflow 1.10 read.
 */
export const extraEnv = (indent: number) => [
  '{{- range .Values.secret }}',
  '- name: {{ .envName | quote }}',
  '  valueFrom:',
  '    secretKeyRef:',
  '      name: {{ .secretName | quote }}',
  '      key: {{ .secretKey | default "value" | quote }}',
  '{{- end }}',
  `{{- with .Values.extraEnv }}{{- tpl . $ | nindent ${indent} }}{{- end }}`,
  `{{- with .Values.workers.env }}{{- toYaml . | nindent ${indent} }}{{- end }}`,
];

/** "custom_airflow_environment_from": extraEnvFrom, or an empty list. */
export const envFrom = (indent: number) =>
  `{{- with .Values.extraEnvFrom }}{{- tpl . $ | nindent ${indent + 2} }}{{- else }} []{{- end }}`;

/** "image_pull_secrets": the deprecated registry Secret, then imagePullSecrets (names or {name}). */
export const imagePullSecrets = (indent: number) =>
  [
    '{{- $pullSecrets := list }}',
    '{{- if or .Values.registry.secretName .Values.registry.connection }}',
    '{{- $pullSecrets = append $pullSecrets (dict "name" (.Values.registry.secretName | default (printf "%s-registry" .Release.Name))) }}',
    '{{- end }}',
    '{{- range .Values.imagePullSecrets }}',
    '{{- $pullSecrets = append $pullSecrets (ternary (dict "name" .) . (kindIs "string" .)) }}',
    '{{- end }}',
    `{{- toYaml $pullSecrets | nindent ${indent + 2} }}`,
  ].join('');

/** The chart's git-sync init container is not mirrored: refuse a render that would leave task pods without DAGs. */
export const GIT_SYNC_GUARD =
  '{{- if and .Values.dags.gitSync.enabled (not .Values.dags.persistence.enabled) }}' +
  '{{ fail "logstack: the logstack podTemplate does not add the chart git-sync container, so task pods would have no DAG files. Use the default wiring (workers.extraInitContainers), dags.persistence, or logstack DAG sync." }}' +
  '{{ end -}}';
