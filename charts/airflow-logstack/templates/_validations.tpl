{{/*
Checks of what only Helm can know (the values as merged, the cluster's APIs). The values schema
catches shapes and ranges first; each fail here says what to change.
*/}}
{{- define "logstack.validations" -}}
{{- $v := .Values -}}
{{- if ne $v.specNamespace .Release.Namespace -}}
{{- fail (printf "the release is in namespace %q but its values were generated for %q (specNamespace): the task-log sidecars would push to http://loki.%s.svc and the alert rules would watch the wrong namespace. Install with -n %s, or set airflow.namespace: %s in the spec, run logstack generate and pass its values.yaml with -f." .Release.Namespace $v.specNamespace $v.specNamespace $v.specNamespace .Release.Namespace) -}}
{{- end -}}
{{- if and (eq $v.monitoring.monitors "always") (not $v.monitoring.namespace) -}}
{{- fail "monitoring.monitors is \"always\" but monitoring.namespace is empty: set monitoring.namespace to the namespace your Prometheus Operator watches for ServiceMonitors (for example monitoring), or set monitoring.monitors to auto so they are rendered only where the monitoring.coreos.com/v1 API exists." -}}
{{- end -}}
{{- if and $v.taskLogs.enabled $v.airflow.enabled (ne (toString (dig "executor" "KubernetesExecutor" $v.airflow)) "KubernetesExecutor") -}}
{{- fail (printf "airflow.executor is %q: the task-log sidecar is wired into KubernetesExecutor task pods only (a Celery worker keeps task logs on a persistent volume the sidecar would ship again after each restart). Set airflow.executor to KubernetesExecutor, or taskLogs.enabled to false." (toString $v.airflow.executor)) -}}
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
{{- /* Kubernetes refuses a Job whose name is over 63 characters and creates no pods for a
StatefulSet whose name is over 52 (kubernetes/kubernetes#64023): the Airflow chart names them
<release>-run-airflow-migrations, <release>-postgresql and <release>-triggerer; Alloy its
headless Service <fullname>-cluster. */ -}}
{{- $release := .Release.Name -}}
{{- if and $v.airflow.enabled (not (dig "useStandardNaming" false $v.airflow)) (gt (len $release) 40) -}}
{{- fail (printf "the release name %q is %d characters: the Airflow chart would name its migration Job %s-run-airflow-migrations (Kubernetes allows 63) and its StatefulSets %s-postgresql and %s-triggerer (pods are created only up to 52). Use a release name of at most 40 characters, or set airflow.useStandardNaming: true, airflow.fullnameOverride: airflow and airflow.postgresql.fullnameOverride: airflow-postgresql (one release per namespace)." $release (len $release) $release $release $release) -}}
{{- end -}}
{{- if $v.alloy.enabled -}}
{{- $alloyName := dig "fullnameOverride" "" $v.alloy | default (ternary $release (printf "%s-%s" $release (dig "nameOverride" "alloy" $v.alloy)) (contains (dig "nameOverride" "alloy" $v.alloy) $release)) | trunc 63 | trimSuffix "-" -}}
{{- if gt (len $alloyName) 55 -}}
{{- fail (printf "Alloy's objects would be named %q (%d characters) and its headless Service %s-cluster, over Kubernetes' 63. Use a shorter release name, or set alloy.fullnameOverride to a name of at most 55 characters that is unique in the cluster (it also names Alloy's ClusterRole)." $alloyName (len $alloyName) $alloyName) -}}
{{- end -}}
{{- end -}}
{{- if and $v.airflow.enabled $v.airflowSecrets.create -}}
{{- $names := list "fernetKeySecretName" "webserverSecretKeySecretName" "apiSecretKeySecretName" "jwtSecretName" -}}
{{- range $names -}}
{{- if not (index $v.airflow .) -}}
{{- fail (printf "airflow.%s is empty: the Airflow chart would draw a new key on every render, so every helm upgrade would restart the API server and scheduler. Set it to %q (airflowSecrets.name), the Secret this chart makes once and keeps." . $v.airflowSecrets.name) -}}
{{- end -}}
{{- end -}}
{{- if dig "postgresql" "enabled" true $v.airflow -}}
{{- if not (dig "postgresql" "auth" "existingSecret" "" $v.airflow) -}}
{{- fail (printf "airflow.postgresql.auth.existingSecret is empty: the bundled PostgreSQL would use the chart's default password. Set it to %q (airflowSecrets.name)." $v.airflowSecrets.name) -}}
{{- end -}}
{{- if not (dig "data" "metadataSecretName" "" $v.airflow) -}}
{{- fail (printf "airflow.data.metadataSecretName is empty: Airflow would connect with the chart's default PostgreSQL password, not the one in %q. Set it to %q (airflowSecrets.name)." $v.airflowSecrets.name $v.airflowSecrets.name) -}}
{{- end -}}
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
{{- $rules := $v.observability.lokiRules -}}
{{- if and $v.loki.enabled $rules.enabled $rules.rules -}}
{{- /* The rules ConfigMap reaches the ruler only when the Loki values pick up exactly what it carries. */ -}}
{{- $sc := dig "sidecar" "rules" dict $v.loki -}}
{{- if not (and (dig "ruler" "enabled" true $v.loki) (dig "enabled" true $sc) (dig "singleBinary" "sidecar" true $v.loki)) -}}
{{- fail "observability.lokiRules is on but the in-chart Loki runs no ruler or no rules sidecar (loki.ruler.enabled, loki.sidecar.rules.enabled and loki.singleBinary.sidecar must all be true): the alert rules would never be loaded. Turn them on, or set observability.lokiRules.enabled to false." -}}
{{- end -}}
{{- if ne $rules.label (toString (dig "label" "" $sc)) -}}
{{- fail (printf "observability.lokiRules.label is %q but Loki's rules sidecar watches the label %q (loki.sidecar.rules.label): the rules ConfigMap would be ignored. Set both to the same label." $rules.label (toString (dig "label" "" $sc))) -}}
{{- end -}}
{{- $want := toString (dig "labelValue" "" $sc) -}}
{{- if and $want (ne $rules.labelValue $want) -}}
{{- fail (printf "observability.lokiRules.labelValue is %q but Loki's rules sidecar only picks up the value %q (loki.sidecar.rules.labelValue): the rules ConfigMap would be ignored. Set both to the same value." $rules.labelValue $want) -}}
{{- end -}}
{{- if ne $rules.folderAnnotation (toString (dig "folderAnnotation" "" $sc)) -}}
{{- fail (printf "observability.lokiRules.folderAnnotation is %q but Loki's rules sidecar reads the folder from the annotation %q (loki.sidecar.rules.folderAnnotation): the rule file would not land in the tenant's folder the ruler reads. Set both to the same annotation." $rules.folderAnnotation (toString (dig "folderAnnotation" "" $sc))) -}}
{{- end -}}
{{- if not (has (toString (dig "resource" "both" $sc)) (list "configmap" "both")) -}}
{{- fail (printf "loki.sidecar.rules.resource is %q: the rules are a ConfigMap, so the sidecar must read configmap or both." (toString (dig "resource" "" $sc))) -}}
{{- end -}}
{{- $namespaced := dig "rbac" "namespaced" false $v.loki -}}
{{- $everywhere := has "ALL" (splitList "," (toString (dig "searchNamespace" "" $sc))) -}}
{{- if and (not $namespaced) (not $everywhere) -}}
{{- fail "loki.rbac.namespaced is false: the Loki chart would give its rules sidecar a ClusterRole reading every Secret and ConfigMap in the cluster (named loki-clusterrole, which a second release collides with), though it only reads the release namespace. Set loki.rbac.namespaced to true." -}}
{{- end -}}
{{- if and $namespaced $everywhere -}}
{{- fail "loki.sidecar.rules.searchNamespace is ALL but loki.rbac.namespaced is true: the rules sidecar may only list ConfigMaps of the release namespace. Leave searchNamespace empty, or set loki.rbac.namespaced to false to grant it cluster-wide read access." -}}
{{- end -}}
{{- with (dig "searchNamespace" "" $sc) -}}
{{- $ns := splitList "," (toString .) -}}
{{- if not (or (has $.Release.Namespace $ns) (has "ALL" $ns)) -}}
{{- fail (printf "loki.sidecar.rules.searchNamespace is %q but the rules ConfigMap is in the release namespace %q: add it to the list, or leave searchNamespace empty." (toString .) $.Release.Namespace) -}}
{{- end -}}
{{- end -}}
{{- $store := dig "loki" "rulerConfig" "storage" dict $v.loki -}}
{{- $folder := toString (dig "folder" "/rules" $sc) -}}
{{- if not (and (eq (toString (dig "type" "" $store)) "local") (eq (toString (dig "local" "directory" "" $store)) $folder)) -}}
{{- fail (printf "loki.loki.rulerConfig.storage must be type local with local.directory %q (loki.sidecar.rules.folder): the ruler only loads the rules from the folder the sidecar writes them to." $folder) -}}
{{- end -}}
{{- if and (not (dig "loki" "auth_enabled" true $v.loki)) (ne $rules.tenant "fake") -}}
{{- fail (printf "observability.lokiRules.tenant is %q but loki.loki.auth_enabled is false, so Loki's only tenant is fake: the ruler would evaluate the rules against a tenant no log is written to. Set observability.lokiRules.tenant to fake, or turn auth on with the spec's loki.tenant." $rules.tenant) -}}
{{- end -}}
{{- end -}}
{{- if and $v.taskLogs.enabled (not $v.taskLogs.config) -}}
{{- fail "taskLogs.enabled is true but taskLogs.config is empty: the task-log sidecars would start with no configuration. Pass the values.yaml that logstack generate writes (-f), or set taskLogs.enabled to false." -}}
{{- end -}}
{{- end -}}
