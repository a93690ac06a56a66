import { SIDECAR_LAYOUT } from '@logstack/vector-config';

/** Names the pod wiring adds to worker pods, besides SIDECAR_LAYOUT's. */
export const POD_NAMES = {
  configVolume: `${SIDECAR_LAYOUT.containerName}-config`,
  dataVolume: `${SIDECAR_LAYOUT.containerName}-data`,
  lokiAuthVolume: `${SIDECAR_LAYOUT.containerName}-loki-auth`,
  lokiTlsVolume: `${SIDECAR_LAYOUT.containerName}-loki-tls`,
  metricsPort: 'vector-metrics',
  /**
   * The umbrella chart's sidecar ConfigMap. Deliberately a Helm expression, left unescaped: the
   * Airflow chart's own `tpl` pass over worker extras and podTemplate renders it, so it resolves
   * to the same name the umbrella's ConfigMap template computes.
   */
  chartConfigMap: '{{ printf "%s-vector-task-logs" (.Release.Name | trunc 46 | trimSuffix "-") }}',
  /** Plain mode: the ConfigMap users create from the generated Vector config. */
  plainConfigMap: SIDECAR_LAYOUT.containerName,
  /** Plain mode: the Secret holding the metadata DB URL under key `connection`, as the chart names it. */
  plainMetadataSecret: 'airflow-metadata',
} as const;
