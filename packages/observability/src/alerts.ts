import { SIDECAR_LAYOUT } from '@logstack/vector-config';
import { SIDECAR_METRICS } from './dashboards/pipeline-health.js';
import type { PipelineFields } from './fields.js';
import { allTaskLogs } from './queries.js';
import { eq, selectClusterLogs } from './selectors.js';

/** One alert, as both the Loki ruler and Prometheus read it (they share Prometheus' rule format). */
export interface AlertRule {
  alert: string;
  /** LogQL for the Loki ruler, PromQL for a PrometheusRule. */
  expr: string;
  for: string;
  labels: { severity: 'warning' | 'critical' };
  annotations: { summary: string; description: string; runbook_url: string };
}

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: AlertRule[];
}

/** Runbook pages live in the repository's docs/runbooks, one per alert; the default links the project's copy. */
export const RUNBOOK_DIR = 'docs/runbooks';
export const DEFAULT_RUNBOOK_BASE = `https://github.com/airflow-logstack/airflow-logstack/blob/main/${RUNBOOK_DIR}`;
export const runbookUrl = (alert: string, base = DEFAULT_RUNBOOK_BASE) =>
  `${base.replace(/\/+$/, '')}/${alert}.md`;

const rule = (
  alert: string,
  expr: string,
  forDuration: string,
  severity: 'warning' | 'critical',
  summary: string,
  description: string,
  base: string,
): AlertRule => ({
  alert,
  expr,
  for: forDuration,
  labels: { severity },
  annotations: { summary, description, runbook_url: runbookUrl(alert, base) },
});

/**
 * Alerts evaluated by Loki's ruler (LogQL). They read streams, so they see every task pod, even
 * the ones that lived for a second and were never scraped.
 */
export function lokiRuleGroups(
  fields: PipelineFields,
  namespace: string,
  base = DEFAULT_RUNBOOK_BASE,
): RuleGroup[] {
  const t = fields.taskLogs;
  const c = fields.clusterLogs;
  const rules: AlertRule[] = [];
  if (c?.labels.includes('container')) {
    const scheduler = selectClusterLogs(c, [eq('namespace', namespace), eq('container', 'scheduler')]);
    const sidecar = selectClusterLogs(c, [
      eq('namespace', namespace),
      eq('container', SIDECAR_LAYOUT.containerName),
    ]);
    // The scheduler's lines are in Loki only when the agent ships every pod (not the Vector
    // agent, which picks task pods): without them this alert could never fire.
    if (c.everyPod)
      rules.push(
        rule(
          'LogstackNoTaskLogsForDagRun',
          // A DAG run that the scheduler finished in the last hour with no task-log line in two hours
          // (runs can start long before they finish).
          `sum by (dag_id) (count_over_time(${scheduler} |= "DagRun Finished" | regexp \`dag_id=(?P<dag_id>[^,\\s"]+)\` [1h])) unless on (dag_id) sum by (dag_id) (count_over_time(${allTaskLogs(t)} [2h]))`,
          '5m',
          'warning',
          'DAG {{ $labels.dag_id }} ran but no task log reached Loki',
          'The scheduler finished a run of {{ $labels.dag_id }} in the last hour, but Loki holds no task-log line of that DAG from the last two hours.',
          base,
        ),
      );
    rules.push(
      rule(
        'LogstackSidecarSendErrorLogs',
        `sum by (namespace) (count_over_time(${sidecar} |= " ERROR " [10m])) > 0`,
        '0m',
        'warning',
        'Task-log sidecars in {{ $labels.namespace }} log errors',
        '{{ $value }} error lines from the task-log sidecars in 10 minutes: task log lines may not reach Loki.',
        base,
      ),
    );
  }
  return rules.length ? [{ name: 'airflow-logstack-logs', interval: '1m', rules }] : [];
}

/** Alerts on metrics, for a Prometheus Operator PrometheusRule. */
export function prometheusRuleGroups(base = DEFAULT_RUNBOOK_BASE): RuleGroup[] {
  return [
    {
      name: 'airflow-logstack',
      rules: [
        rule(
          'LogstackLokiIngestionFailures',
          // Loki creates a series per reason at its first discard, which increase() cannot see
          // (prometheus/prometheus#1673): a series absent 15 minutes ago counts as a discard too.
          'sum by (tenant, reason) (increase(loki_discarded_samples_total[15m])) > 0 or sum by (tenant, reason) (loki_discarded_samples_total unless loki_discarded_samples_total offset 15m)',
          '0m',
          'critical',
          'Loki discards log lines ({{ $labels.reason }})',
          'Loki refused about {{ $value | humanize }} lines of tenant {{ $labels.tenant }} in the last 15 minutes, reason {{ $labels.reason }}. Those lines are lost.',
          base,
        ),
        rule(
          'LogstackSidecarSendErrors',
          // A sidecar lives one task: its counters start at zero and Vector registers them at the
          // first error, so increase() would miss the jump from nothing (prometheus/prometheus#1673).
          `sum by (namespace, pod) (max_over_time(vector_component_errors_total{${SIDECAR_METRICS}}[10m])) > 0`,
          '0m',
          'warning',
          'Task-log sidecar of {{ $labels.pod }} fails to send to Loki',
          'The Loki sink of the sidecar in {{ $labels.namespace }}/{{ $labels.pod }} has counted {{ $value }} errors since the pod started.',
          base,
        ),
        rule(
          'LogstackSidecarDroppedEvents',
          `sum by (namespace, pod) (max_over_time(vector_component_discarded_events_total{${SIDECAR_METRICS}}[10m])) > 0`,
          '0m',
          'critical',
          'Task-log sidecar of {{ $labels.pod }} dropped log lines',
          'The sidecar in {{ $labels.namespace }}/{{ $labels.pod }} has discarded {{ $value }} events since the pod started: they are not in Loki.',
          base,
        ),
        rule(
          'LogstackLokiRequestErrors',
          'sum by (route) (rate(loki_request_duration_seconds_count{status_code=~"5.."}[5m])) / sum by (route) (rate(loki_request_duration_seconds_count[5m])) > 0.05',
          '10m',
          'warning',
          'Loki answers {{ $labels.route }} with errors',
          '{{ $value | humanizePercentage }} of Loki requests on {{ $labels.route }} failed with a 5xx for 10 minutes.',
          base,
        ),
      ],
    },
  ];
}

/** Every alert name, for the runbook pages. */
export function alertNames(fields: PipelineFields): string[] {
  return [...lokiRuleGroups(fields, 'airflow'), ...prometheusRuleGroups()].flatMap((g) =>
    g.rules.map((r) => r.alert),
  );
}
