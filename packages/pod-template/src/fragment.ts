import { escapeValuesFor } from '@logstack/helm-escape';
import type { LogstackModel } from '@logstack/spec';
import { sidecarTimings } from '@logstack/vector-config';
import type { Container, Volume } from './k8s.js';
import { lokiSecretVolumes } from './loki-secrets.js';
import { POD_NAMES } from './names.js';
import { baseContainerSecurity } from './plain.js';
import { configVolume, dataVolume, sidecarContainer } from './sidecar.js';

/** Mode (a): the `airflow:` values the official chart (1.19) needs to run the sidecar in worker pods. */
export interface WorkerPodWiring {
  workers: {
    /** The task container's (base) requests and limits: the chart's pod template uses them. */
    resources: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
    /** The task container's security context, with the RuntimeDefault seccomp profile. */
    securityContexts: { container: typeof baseContainerSecurity };
    extraInitContainers: Container[];
    extraVolumes: Volume[];
    /** Only for the KubernetesExecutor: in 1.19 the same key is the Celery workers' warm-shutdown time. */
    terminationGracePeriodSeconds?: number;
  };
}

const PER_POD_LOGS_MESSAGE =
  'logstack: the task-log sidecar (workers.extraInitContainers) needs an emptyDir logs volume per task pod, but logs.persistence is set: each sidecar would ship every file on the shared volume again. Turn logs.persistence off (Loki keeps the task logs) or use the logstack podTemplate, whose task pods always get an emptyDir.';

/**
 * Stops the chart's render when worker pods would not get a logs volume of their own. With
 * `logs.persistence` every task pod mounts the same PVC, so each sidecar would read (and ship to
 * Loki) every log file on it from the beginning; with `logs.persistence.subPath` the task container
 * writes below a folder the sidecar does not watch. The chart's toYaml folds long strings at spaces,
 * so the message is a raw string (a line break in it is harmless) whose whitespace is collapsed.
 */
const PER_POD_LOGS_GUARD =
  '{{ if or .Values.logs.persistence.enabled .Values.logs.persistence.subPath }}' +
  `{{ fail (regexReplaceAll \`\\s+\` \`${PER_POD_LOGS_MESSAGE}\` "\\x20") }}` +
  '{{ end }}';

/**
 * Mode (a), the default: extends the chart's own pod template (which keeps the metadata DB env,
 * config and logs mounts) instead of replacing it. The chart renders these lists with
 * `tpl (toYaml ...)`, so every string is escaped for that pass, except the ConfigMap name and
 * the guard before it, which are meant to be rendered by it. The task container needs no extra
 * mount: it already has `logs`.
 */
export function workerPodWiring(m: LogstackModel): WorkerPodWiring {
  const escaped = escapeValuesFor('airflowWorkerExtras', {
    extraInitContainers: [sidecarContainer(m)],
    extraVolumes: [dataVolume(), ...lokiSecretVolumes(m)],
  });
  return {
    workers: {
      resources: m.airflow.taskResources,
      securityContexts: { container: baseContainerSecurity },
      extraInitContainers: escaped.extraInitContainers,
      extraVolumes: [configVolume(PER_POD_LOGS_GUARD + POD_NAMES.chartConfigMap), ...escaped.extraVolumes],
      ...(m.airflow.executor === 'KubernetesExecutor'
        ? { terminationGracePeriodSeconds: sidecarTimings(m).terminationGracePeriodSeconds }
        : {}),
    },
  };
}
