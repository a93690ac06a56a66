import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as logs from '@grafana/grafana-foundation-sdk/logs';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { SIDECAR_LAYOUT } from '@logstack/vector-config';
import type { PipelineFields } from '../fields.js';
import { allTaskLogs } from '../queries.js';
import { eq, selectClusterLogs } from '../selectors.js';
import {
  type DashboardModel,
  logql,
  lokiRef,
  numberPanels,
  promql,
  promRef,
  promVariable,
} from './common.js';

export const PIPELINE_HEALTH_UID = 'logstack-pipeline-health';

/** Sidecar metrics as the task-log PodMonitor labels them: the container, and Vector's sink id. */
export const SIDECAR_METRICS = `container="${SIDECAR_LAYOUT.containerName}", component_id="${SIDECAR_LAYOUT.sinkId}"`;

const ts = (title: string, unit: string, description: string) =>
  new timeseries.PanelBuilder().title(title).description(description).unit(unit).height(8).span(12);

/**
 * "Log pipeline health": is every line getting in, and how fast. Task pods live for seconds, so the
 * sidecars' own metrics are sampled (only pods alive at a scrape); Loki's metrics and the task-log
 * streams themselves cover every line.
 */
export function pipelineHealthDashboard(fields: PipelineFields, description: string): DashboardModel {
  const t = fields.taskLogs;
  const builder = new dashboard.DashboardBuilder('Log pipeline health')
    .uid(PIPELINE_HEALTH_UID)
    .description(description)
    .tags(['loki', 'vector', 'airflow-logstack'])
    .editable()
    .time({ from: 'now-3h', to: 'now' })
    .refresh('1m')
    .withVariable(promVariable())
    .withPanel(
      ts('Task log lines ingested per second, by DAG', 'short', 'Counted from the task-log streams in Loki.')
        .datasource(lokiRef)
        .withTarget(logql(`sum by (dag_id) (rate(${allTaskLogs(t)} [$__auto]))`, '{{dag_id}}')),
    )
    .withPanel(
      ts('Loki lines and bytes received per second', 'short', 'Every push Loki accepted, by tenant.')
        .datasource(promRef)
        .withTarget(
          promql(
            'sum by (tenant) (rate(loki_distributor_lines_received_total[$__rate_interval]))',
            'lines {{tenant}}',
          ),
        )
        .withTarget(
          promql(
            'sum by (tenant) (rate(loki_distributor_bytes_received_total[$__rate_interval]))',
            'bytes {{tenant}}',
            'B',
          ),
        ),
    )
    .withPanel(
      ts('Sidecar send errors', 'short', 'Errors of the task-log sidecars’ Loki sink, by error type.')
        .datasource(promRef)
        .withTarget(
          promql(
            `sum by (error_type, stage) (rate(vector_component_errors_total{${SIDECAR_METRICS}}[$__rate_interval]))`,
            '{{error_type}} ({{stage}})',
          ),
        ),
    )
    .withPanel(
      ts('Sidecar retries', 'short', 'Loki answers other than 2xx: Vector retries 429 and 5xx with backoff.')
        .datasource(promRef)
        .withTarget(
          promql(
            `sum by (status) (rate(vector_http_client_responses_total{${SIDECAR_METRICS}, status!~"2.*"}[$__rate_interval]))`,
            'HTTP {{status}}',
          ),
        ),
    )
    .withPanel(
      ts('Dropped events', 'short', 'Events a sidecar discarded, and samples Loki refused (by reason).')
        .datasource(promRef)
        .withTarget(
          promql(
            `sum by (intentional) (rate(vector_component_discarded_events_total{${SIDECAR_METRICS}}[$__rate_interval]))`,
            'sidecar, intentional={{intentional}}',
          ),
        )
        .withTarget(
          promql(
            'sum by (reason) (rate(loki_discarded_samples_total[$__rate_interval]))',
            'Loki: {{reason}}',
            'B',
          ),
        ),
    )
    .withPanel(
      ts('Loki request latency (p99)', 's', 'Push and query paths.')
        .datasource(promRef)
        .withTarget(
          promql(
            'histogram_quantile(0.99, sum by (le, route) (rate(loki_request_duration_seconds_bucket{route=~"loki_api_v1_push|loki_api_v1_query_range|loki_api_v1_query"}[$__rate_interval])))',
            '{{route}}',
          ),
        ),
    )
    .withPanel(
      ts('Loki request errors', 'percentunit', 'Share of Loki requests answered with a 5xx, by route.')
        .datasource(promRef)
        .withTarget(
          promql(
            'sum by (route) (rate(loki_request_duration_seconds_count{status_code=~"5.."}[$__rate_interval])) / sum by (route) (rate(loki_request_duration_seconds_count[$__rate_interval]))',
            '{{route}}',
          ),
        ),
    );
  const c = fields.clusterLogs;
  if (c?.labels.includes('container'))
    builder.withPanel(
      new logs.PanelBuilder()
        .title('Sidecar error and warning lines')
        .description(
          'The sidecars’ own output, shipped by the node agent: failed pushes and "Retrying after error".',
        )
        .datasource(lokiRef)
        .withTarget(
          logql(
            `${selectClusterLogs(c, [eq('container', SIDECAR_LAYOUT.containerName)])} |~ " (ERROR|WARN) "`,
          ),
        )
        .showTime(true)
        .wrapLogMessage(true)
        .height(10)
        .span(24),
    );
  return numberPanels(builder.build());
}
