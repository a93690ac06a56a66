import { escapeValuesFor } from '@logstack/helm-escape';
import type { LogstackModel } from '@logstack/spec';
import type { Container, Volume } from './k8s.js';
import { POD_NAMES } from './names.js';
import { configVolume, dataVolume, sidecarContainer } from './sidecar.js';

/** Mode (a): the `airflow:` values the official chart (1.19) needs to run the sidecar in worker pods. */
export interface WorkerPodWiring {
  workers: {
    extraInitContainers: Container[];
    extraVolumes: Volume[];
    terminationGracePeriodSeconds: number;
  };
}

/**
 * Mode (a), the default: extends the chart's own pod template (which keeps the metadata DB env,
 * config and logs mounts) instead of replacing it. The chart renders these lists with
 * `tpl (toYaml ...)`, so every string is escaped for that pass, except the ConfigMap name, which
 * is meant to be rendered by it. The task container needs no extra mount: it already has `logs`.
 */
export function workerPodWiring(m: LogstackModel): WorkerPodWiring {
  const escaped = escapeValuesFor('airflowWorkerExtras', {
    extraInitContainers: [sidecarContainer(m)],
    extraVolumes: [dataVolume()],
  });
  return {
    workers: {
      extraInitContainers: escaped.extraInitContainers,
      extraVolumes: [configVolume(POD_NAMES.chartConfigMap), ...escaped.extraVolumes],
      terminationGracePeriodSeconds: m.sidecar.terminationGracePeriodSeconds,
    },
  };
}
