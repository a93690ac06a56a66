import { TPL_PASSES } from '@logstack/helm-escape';
import type { LogstackModel } from '@logstack/spec';
import { SIDECAR_LAYOUT, sidecarTimings } from '@logstack/vector-config';
import * as chart from './chart-expressions.js';
import * as extras from './chart-extras.js';
import { lokiSecretVolumes } from './loki-secrets.js';
import { POD_NAMES } from './names.js';
import { baseLogFolderEnv } from './plain.js';
import { configVolume, dataVolume, sidecarContainer } from './sidecar.js';
import { TemplateText } from './splice.js';

/**
 * Mode (b): a whole `podTemplate` for the official chart, rendered by its `tpl` pass with the
 * chart's `.Release` and `.Values`. It keeps what the chart's own template gives task pods (the
 * metadata DB connection and Fernet key from the chart's Secrets, airflow.cfg, the logs volume,
 * worker resources, security contexts, scheduling, service account, `env`, a dags PVC, the worker
 * extras, secrets and pull secrets); without them task pods fall back to SQLite and fail with
 * `no such table: dag`, or miss the DAG files other init containers bring.
 */
export function fullPodTemplate(m: LogstackModel): string {
  const t = new TemplateText();
  const sidecar = sidecarContainer(m);
  const ownVolumes = [
    configVolume(t.inline(POD_NAMES.chartConfigMap)),
    dataVolume(),
    ...lokiSecretVolumes(m),
  ];
  const ownNames = [sidecar.name, ...ownVolumes.map((v) => v.name)];
  const secretEnv = (name: string, secret: string, key: string) => ({
    name,
    valueFrom: { secretKeyRef: { name: t.inline(secret), key } },
  });
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'placeholder-name',
      labels: { tier: 'airflow', component: 'worker', release: t.inline('{{ .Release.Name | quote }}') },
      annotations: {
        'cluster-autoscaler.kubernetes.io/safe-to-evict': t.inline(
          '{{ .Values.workers.safeToEvict | toString | quote }}',
        ),
      },
    },
    spec: {
      initContainers: [sidecar, t.items(extras.extraInitContainers(ownNames))],
      containers: [
        {
          name: 'base',
          image: t.inline(chart.POD_TEMPLATE_IMAGE),
          imagePullPolicy: t.inline('{{ .Values.images.pod_template.pullPolicy | quote }}'),
          env: [
            { name: 'AIRFLOW__CORE__EXECUTOR', value: t.inline('{{ .Values.executor | quote }}') },
            secretEnv('AIRFLOW__CORE__FERNET_KEY', chart.FERNET_SECRET, 'fernet-key'),
            secretEnv('AIRFLOW__DATABASE__SQL_ALCHEMY_CONN', chart.METADATA_SECRET, 'connection'),
            secretEnv('AIRFLOW_CONN_AIRFLOW_DB', chart.METADATA_SECRET, 'connection'),
            baseLogFolderEnv(m),
            t.items(chart.CUSTOM_ENV),
            t.items(extras.extraEnv),
          ],
          envFrom: t.inline(extras.envFrom),
          resources: t.block(chart.taskResources(m.airflow.taskResources)),
          securityContext: t.block(chart.CONTAINER_SECURITY_CONTEXT),
          volumeMounts: [
            { name: SIDECAR_LAYOUT.logsVolume, mountPath: m.airflow.logs.folder },
            {
              name: 'config',
              mountPath: t.inline(chart.AIRFLOW_CFG_PATH),
              subPath: 'airflow.cfg',
              readOnly: true,
            },
            t.items(chart.DAGS_MOUNT),
            t.items(extras.extraVolumeMounts),
          ],
        },
        t.items(extras.extraContainers),
      ],
      imagePullSecrets: t.inline(extras.imagePullSecrets),
      restartPolicy: 'Never',
      securityContext: t.block(chart.POD_SECURITY_CONTEXT),
      nodeSelector: t.block('.Values.workers.nodeSelector | default .Values.nodeSelector | toYaml'),
      affinity: t.block('.Values.workers.affinity | default .Values.affinity | toYaml'),
      tolerations: t.block('.Values.workers.tolerations | default .Values.tolerations | toYaml'),
      terminationGracePeriodSeconds: sidecarTimings(m).terminationGracePeriodSeconds,
      serviceAccountName: t.inline(chart.WORKER_SERVICE_ACCOUNT),
      volumes: [
        // Always a per-pod emptyDir: a shared logs PVC would make every sidecar ship every pod's logs.
        { name: SIDECAR_LAYOUT.logsVolume, emptyDir: {} },
        { name: 'config', configMap: { name: t.inline(chart.AIRFLOW_CONFIG_MAP) } },
        t.items(chart.DAGS_VOLUME),
        ...ownVolumes,
        t.items(extras.extraVolumes(ownNames)),
      ],
    },
  };
  return `${extras.GIT_SYNC_GUARD}\n${t.render(pod, TPL_PASSES.airflowPodTemplate)}`;
}
