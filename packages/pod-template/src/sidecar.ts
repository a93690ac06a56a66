import { imageRef, type LogstackModel } from '@logstack/spec';
import { SIDECAR_LAYOUT, sidecarTimings } from '@logstack/vector-config';
import { DRAIN, drainScript, startupCheck } from './drain.js';
import type { Container, Volume } from './k8s.js';
import { lokiSecretMounts } from './loki-secrets.js';
import { POD_NAMES } from './names.js';

const fieldEnv = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { fieldPath } } });

/**
 * The Vector task-log sidecar as a native sidecar: an init container with restartPolicy Always
 * (Kubernetes 1.29+), so the pod completes when the task container exits. Its startup probe holds
 * the task container back until Vector is up; its preStop drain runs before SIGTERM.
 */
export function sidecarContainer(
  m: LogstackModel,
  configFile: string = SIDECAR_LAYOUT.configFile,
): Container {
  const s = m.sidecar;
  return {
    name: SIDECAR_LAYOUT.containerName,
    image: imageRef(s.image),
    imagePullPolicy: s.image.pullPolicy,
    restartPolicy: 'Always',
    // After the drain nothing is in flight; when the drain gave up (Loki down past the tolerance),
    // Vector stops within this bound, before the kubelet's SIGKILL (terminationGracePeriodSeconds).
    args: [
      '--config',
      `${SIDECAR_LAYOUT.configDir}/${configFile}`,
      '--graceful-shutdown-limit-secs',
      String(sidecarTimings(m).gracefulShutdownSeconds),
    ],
    // Vector 0.57 no longer interpolates ${VAR} in config files; the VRL reads these with get_env_var.
    env: [
      fieldEnv('POD_NAME', 'metadata.name'),
      fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
      fieldEnv('NODE_NAME', 'spec.nodeName'),
    ],
    ports: [{ name: POD_NAMES.metricsPort, containerPort: s.metricsPort, protocol: 'TCP' }],
    resources: {
      requests: { cpu: s.resources.requests.cpu, memory: s.resources.requests.memory },
      limits: { cpu: s.resources.limits.cpu, memory: s.resources.limits.memory },
    },
    // exec, not httpGet: the API listens on 127.0.0.1 only, and kubelet probes come to the pod IP.
    startupProbe: {
      exec: { command: ['/bin/sh', '-c', startupCheck(m)] },
      periodSeconds: 1,
      timeoutSeconds: DRAIN.probeTimeoutSeconds,
      failureThreshold: DRAIN.probeFailureThreshold,
    },
    lifecycle: { preStop: { exec: { command: ['/bin/sh', '-c', drainScript(m)] } } },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: s.securityContext.runAsUser,
      runAsGroup: s.securityContext.runAsGroup,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: [
      { name: SIDECAR_LAYOUT.logsVolume, mountPath: m.airflow.logs.folder, readOnly: true },
      { name: POD_NAMES.configVolume, mountPath: SIDECAR_LAYOUT.configDir, readOnly: true },
      { name: POD_NAMES.dataVolume, mountPath: SIDECAR_LAYOUT.dataDir },
      ...lokiSecretMounts(m),
    ],
  };
}

/** The sidecar's ConfigMap volume; `configMapName` may be a Helm expression (see POD_NAMES). */
export const configVolume = (configMapName: string): Volume => ({
  name: POD_NAMES.configVolume,
  configMap: { name: configMapName },
});

/** Vector's data_dir: file checkpoints only (no disk buffer in the pod: it would die with it). */
export const dataVolume = (): Volume => ({ name: POD_NAMES.dataVolume, emptyDir: { sizeLimit: '64Mi' } });
