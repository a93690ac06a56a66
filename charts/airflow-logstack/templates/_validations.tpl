{{/*
Checks of what only Helm can know (the values as merged, the cluster's APIs). The values schema
catches shapes and ranges first; each fail here says what to change.
*/}}
{{- define "logstack.validations" -}}
{{- $v := .Values -}}
{{- if and (eq $v.monitoring.monitors "always") (not $v.monitoring.namespace) -}}
{{- fail "monitoring.monitors is \"always\" but monitoring.namespace is empty: set monitoring.namespace to the namespace your Prometheus Operator watches for ServiceMonitors (for example monitoring), or set monitoring.monitors to auto so they are rendered only where the monitoring.coreos.com/v1 API exists." -}}
{{- end -}}
{{- if and $v.alloy.enabled $v.vector.enabled -}}
{{- fail "alloy.enabled and vector.enabled are both true: two node agents would ship every pod's logs twice. Keep one (the spec's clusterAgent.type decides which)." -}}
{{- end -}}
{{- if $v.loki.enabled -}}
{{- $retention := toString (dig "loki" "limits_config" "retention_period" "" $v.loki) -}}
{{- if not (regexMatch "^([1-9][0-9]*(ms|s|m|h|d|w|y))+$" $retention) -}}
{{- fail (printf "loki.loki.limits_config.retention_period is %q: Loki would keep every log forever (0) or cannot read it. Set it to a positive duration such as 168h (7 days), or change storage.retentionDays in the spec." $retention) -}}
{{- end -}}
{{- end -}}
{{- if and $v.loki.enabled $v.objectStorage.enabled -}}
{{- $claim := $v.objectStorage.claimName -}}
{{- $refs := list -}}
{{- range (dig "singleBinary" "extraEnvFrom" list $v.loki) -}}
{{- $refs = append $refs (coalesce (dig "configMapRef" "name" "" .) (dig "secretRef" "name" "" .)) -}}
{{- end -}}
{{- if not (has $claim $refs) -}}
{{- fail (printf "objectStorage.claimName is %q but loki.singleBinary.extraEnvFrom does not read a ConfigMap and Secret of that name: Loki would start without its bucket. Add configMapRef and secretRef named %q to loki.singleBinary.extraEnvFrom, or rename the claim." $claim $claim) -}}
{{- end -}}
{{- end -}}
{{- if and $v.airflow.enabled $v.metadataDb.enabled -}}
{{- if ne (toString (dig "data" "metadataSecretName" "" $v.airflow)) $v.metadataDb.targetName -}}
{{- fail (printf "metadataDb.enabled is true but airflow.data.metadataSecretName is not %q: task pods would not get the connection and fall back to SQLite. Set airflow.data.metadataSecretName to metadataDb.targetName." $v.metadataDb.targetName) -}}
{{- end -}}
{{- if dig "postgresql" "enabled" true $v.airflow -}}
{{- fail "metadataDb.enabled is true but airflow.postgresql.enabled is also true: Airflow would run its own PostgreSQL beside the external database. Set airflow.postgresql.enabled to false." -}}
{{- end -}}
{{- end -}}
{{- if and $v.taskLogs.enabled (not $v.taskLogs.config) -}}
{{- fail "taskLogs.enabled is true but taskLogs.config is empty: the task-log sidecars would start with no configuration. Pass the values.yaml that logstack generate writes (-f), or set taskLogs.enabled to false." -}}
{{- end -}}
{{- end -}}
