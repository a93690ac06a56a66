import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as loki from '@grafana/grafana-foundation-sdk/loki';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import { variable } from '../queries.js';

/** The uid of the Loki datasource this package provisions; dashboards point at it directly. */
export const LOKI_DATASOURCE_UID = 'logstack-loki';
export const LOKI_DATASOURCE_NAME = 'Loki (airflow-logstack)';

export const lokiRef: dashboard.DataSourceRef = { type: 'loki', uid: LOKI_DATASOURCE_UID };
/** Prometheus is not provisioned here: a datasource variable lets each Grafana pick its own. */
export const promRef: dashboard.DataSourceRef = { type: 'prometheus', uid: variable('prometheus') };

export const promVariable = () =>
  new dashboard.DatasourceVariableBuilder('prometheus').label('Prometheus').type('prometheus');

export const logql = (expr: string, legend?: string, refId = 'A') => {
  const q = new loki.DataqueryBuilder().datasource(lokiRef).expr(expr).refId(refId);
  return legend ? q.legendFormat(legend) : q;
};

export const promql = (expr: string, legend?: string, refId = 'A') => {
  const q = new prometheus.DataqueryBuilder().datasource(promRef).expr(expr).refId(refId);
  return legend ? q.legendFormat(legend) : q;
};

/** A dashboard model as Grafana's sidecar expects the file: plain JSON, no extra keys. */
export type DashboardModel = dashboard.Dashboard;

/**
 * Numbers panels (Grafana keys panel state by id; the builder leaves ids out) and lays them out
 * left to right in rows: the builder's own layout can put a full-width panel at x=12.
 */
export function numberPanels(d: DashboardModel): DashboardModel {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  (d.panels ?? []).forEach((panel, i) => {
    panel.id = i + 1;
    if (!('gridPos' in panel) || !panel.gridPos) return;
    const { w, h } = panel.gridPos;
    if (x + w > 24) {
      y += rowHeight;
      x = 0;
      rowHeight = 0;
    }
    panel.gridPos = { ...panel.gridPos, x, y };
    x += w;
    rowHeight = Math.max(rowHeight, h);
  });
  return d;
}
