{{/*
Names and labels of the umbrella's own objects. Every name stays within 63 characters.
*/}}

{{- define "logstack.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
"<release>-<suffix>", with the release name shortened so the whole fits in 63 characters.
Call with (dict "ctx" $ "suffix" "x").
*/}}
{{- define "logstack.resourceName" -}}
{{- $suffix := .suffix -}}
{{- printf "%s-%s" (.ctx.Release.Name | trunc (int (sub 62 (len $suffix))) | trimSuffix "-") $suffix -}}
{{- end -}}

{{/*
The task-log sidecar's ConfigMap. The worker pod wiring (packages/pod-template) writes this same
expression into the Airflow chart's values, where it is resolved by that chart's tpl pass.
*/}}
{{- define "logstack.taskLogsConfigMapName" -}}
{{- printf "%s-vector-task-logs" (.Release.Name | trunc 46 | trimSuffix "-") -}}
{{- end -}}

{{- define "logstack.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "logstack.selectorLabels" -}}
app.kubernetes.io/name: {{ include "logstack.name" . }}
app.kubernetes.io/instance: {{ .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{/*
Standard labels. Call with (dict "ctx" $ "component" "task-logs").
*/}}
{{- define "logstack.labels" -}}
helm.sh/chart: {{ include "logstack.chart" .ctx }}
{{ include "logstack.selectorLabels" .ctx }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: airflow-logstack
{{- with .component }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end -}}

{{/*
"true" when the Prometheus Operator monitors are rendered: always, or auto where the cluster
serves monitoring.coreos.com/v1.
*/}}
{{- define "logstack.monitorsEnabled" -}}
{{- $mode := .Values.monitoring.monitors -}}
{{- if or (eq $mode "always") (and (eq $mode "auto") (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1")) -}}
true
{{- end -}}
{{- end -}}

{{- define "logstack.monitorNamespace" -}}
{{- default .Release.Namespace .Values.monitoring.namespace -}}
{{- end -}}
