import type { LogstackModel } from './generated/logstack.js';

/**
 * Where the in-chart Loki is reached. One contract for every client (the task-log sidecars, Alloy,
 * the Vector agent, the Grafana datasource, the chart's fallback URL): the umbrella fixes the Loki
 * chart's fullnameOverride to `loki`, so the names do not depend on the release name.
 * Monolithic: the one pod's Service `loki:3100` serves push, query and rules. SimpleScalable and
 * Distributed: the Loki chart's nginx gateway `loki-gateway:80` routes push to the write path
 * (write / distributor), queries to the read path and the rules API to the ruler (backend / ruler).
 */
export interface InChartLokiService {
  /** Service name in the release namespace. */
  name: string;
  port: number;
  /** `app.kubernetes.io/component` of the pods the Service selects. */
  component: string;
}

export const LOKI_FULLNAME = 'loki';

export function inChartLokiService(model: LogstackModel): InChartLokiService {
  return model.loki.scale.mode === 'monolithic'
    ? { name: LOKI_FULLNAME, port: 3100, component: 'single-binary' }
    : { name: `${LOKI_FULLNAME}-gateway`, port: 80, component: 'gateway' };
}

/** The in-chart Loki's base URL, qualified with the spec's namespace (the sidecar ConfigMap is placed without tpl). */
export function inChartLokiUrl(model: LogstackModel): string {
  const s = inChartLokiService(model);
  return `http://${s.name}.${model.airflow.namespace}.svc:${s.port}`;
}
