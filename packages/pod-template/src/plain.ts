import { imageRef, type LogstackModel } from '@logstack/spec';
import { SIDECAR_LAYOUT, sidecarTimings } from '@logstack/vector-config';
import type { K8sObject } from './k8s.js';
import { lokiSecretVolumes } from './loki-secrets.js';
import { POD_NAMES } from './names.js';
import { configVolume, dataVolume, sidecarContainer } from './sidecar.js';

/** Security context of the Airflow task container in the pods this package writes. */
export const baseContainerSecurity = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Where Airflow writes task logs: the env wins over airflow.cfg, so the sidecar and Airflow agree. */
export const baseLogFolderEnv = (m: LogstackModel) => ({
  name: 'AIRFLOW__LOGGING__BASE_LOG_FOLDER',
  value: m.airflow.logs.folder,
});

/**
 * Mode (c): a pod_template_file for the KubernetesExecutor without the official chart. The
 * executor merges its own `base` container (args, image) into this one, so `base` carries what
 * the task needs from the platform: the metadata DB URL (from Secret `airflow-metadata`, key
 * `connection`, the chart's convention), and the shared `logs` volume the sidecar reads.
 */
export function plainPodTemplateFile(m: LogstackModel, vectorFormat: 'yaml' | 'toml' = 'yaml'): K8sObject {
  const configFile = vectorFormat === 'toml' ? SIDECAR_LAYOUT.configFileToml : SIDECAR_LAYOUT.configFile;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'placeholder-name', labels: { tier: 'airflow', component: 'worker' } },
    spec: {
      initContainers: [sidecarContainer(m, configFile)],
      containers: [
        {
          name: 'base',
          image: imageRef(m.airflow.image),
          imagePullPolicy: m.airflow.image.pullPolicy,
          env: [
            { name: 'AIRFLOW__CORE__EXECUTOR', value: m.airflow.executor },
            {
              name: 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN',
              valueFrom: { secretKeyRef: { name: POD_NAMES.plainMetadataSecret, key: 'connection' } },
            },
            baseLogFolderEnv(m),
          ],
          resources: m.airflow.taskResources,
          securityContext: baseContainerSecurity,
          volumeMounts: [{ name: SIDECAR_LAYOUT.logsVolume, mountPath: m.airflow.logs.folder }],
        },
      ],
      restartPolicy: 'Never',
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 50000,
        runAsGroup: 0,
        fsGroup: 0,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      terminationGracePeriodSeconds: sidecarTimings(m).terminationGracePeriodSeconds,
      volumes: [
        { name: SIDECAR_LAYOUT.logsVolume, emptyDir: {} },
        configVolume(POD_NAMES.plainConfigMap),
        dataVolume(),
        ...lokiSecretVolumes(m),
      ],
    },
  };
}
