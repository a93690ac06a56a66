/**
 * Helm expressions that compute what the official Airflow chart (1.19) computes in its own
 * helpers (chart/templates/_helpers.yaml), written out so a podTemplate needs nothing but the
 * chart's `.Release` and `.Values`. Each names the helper it mirrors.
 */

/** "airflow_metadata_secret" */
export const METADATA_SECRET = `{{ .Values.data.metadataSecretName | default (printf "%s-airflow-metadata" .Release.Name) | quote }}`;

/** "fernet_key_secret" */
export const FERNET_SECRET = `{{ .Values.fernetKeySecretName | default (printf "%s-fernet-key" .Release.Name) | quote }}`;

/** "airflow_config" */
export const AIRFLOW_CONFIG_MAP = `{{ printf "%s-airflow-config" .Release.Name | quote }}`;

/** "airflow_config_path" */
export const AIRFLOW_CFG_PATH = `{{ printf "%s/airflow.cfg" .Values.airflowHome | quote }}`;

/** "pod_template_image" */
export const POD_TEMPLATE_IMAGE = `{{ printf "%s:%s" (.Values.images.pod_template.repository | default .Values.defaultAirflowRepository) (.Values.images.pod_template.tag | default .Values.defaultAirflowTag) | quote }}`;

/** "airflow.fullname" inside "worker.serviceAccountName" */
const FULLNAME = `(.Values.fullnameOverride | default (ternary .Release.Name (printf "%s-%s" .Release.Name (.Values.nameOverride | default .Chart.Name)) (contains (.Values.nameOverride | default .Chart.Name) .Release.Name)) | trunc 63 | trimSuffix "-")`;

/** "worker.serviceAccountName" */
export const WORKER_SERVICE_ACCOUNT = `{{ if .Values.workers.serviceAccount.create }}{{ .Values.workers.serviceAccount.name | default (printf "%s-worker" ${FULLNAME}) }}{{ else }}{{ .Values.workers.serviceAccount.name | default "default" }}{{ end }}`;

/** "airflowPodSecurityContext" for workers, without the legacy securityContext keys. */
export const POD_SECURITY_CONTEXT = `.Values.workers.securityContexts.pod | default (dict "runAsUser" .Values.uid "fsGroup" .Values.gid) | toYaml`;

/** "containerSecurityContext" for workers; our default drops every capability and sets the RuntimeDefault seccomp profile. */
export const CONTAINER_SECURITY_CONTEXT = `.Values.workers.securityContexts.container | default (dict "allowPrivilegeEscalation" false "capabilities" (dict "drop" (list "ALL")) "seccompProfile" (dict "type" "RuntimeDefault")) | toYaml`;

/** A Helm `dict` expression for plain nested string data (resource quantities). */
const helmDict = (data: object): string =>
  `(dict ${Object.entries(data)
    .map(
      ([k, v]) =>
        `${JSON.stringify(k)} ${typeof v === 'object' && v ? helmDict(v) : JSON.stringify(String(v))}`,
    )
    .join(' ')})`;

/** workers.resources, or the spec's task resources when the chart's values leave them empty. */
export const taskResources = (resources: object) =>
  `.Values.workers.resources | default ${helmDict(resources)} | toYaml`;

/** "custom_airflow_environment": the `env` list of the chart's values. */
export const CUSTOM_ENV = [
  '{{- range .Values.env }}',
  '- name: {{ .name | quote }}',
  '  value: {{ .value | quote }}',
  '{{- end }}',
];

/** "airflow_dags_mount" and the dags volume, for dags.persistence (gitSync is not wired here). */
export const DAGS_MOUNT = [
  '{{- if .Values.dags.persistence.enabled }}',
  '- name: dags',
  '  mountPath: {{ printf "%s/dags" .Values.airflowHome | quote }}',
  '  readOnly: true',
  '{{- end }}',
];
export const DAGS_VOLUME = [
  '{{- if .Values.dags.persistence.enabled }}',
  '- name: dags',
  '  persistentVolumeClaim:',
  '    claimName: {{ .Values.dags.persistence.existingClaim | default (printf "%s-dags" .Release.Name) | quote }}',
  '{{- end }}',
];
