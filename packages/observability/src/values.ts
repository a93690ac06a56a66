import { type GenerateContext, header, headerText, toYaml } from '@logstack/artifact';
import { inChartLokiUrl, type LogstackModel } from '@logstack/spec';
import { lokiRuleGroups, prometheusRuleGroups, type RuleGroup } from './alerts.js';
import { pipelineHealthDashboard } from './dashboards/pipeline-health.js';
import { taskLogsDashboard } from './dashboards/task-logs.js';
import { type DatasourceEntry, lokiDatasource } from './datasource.js';
import { libraryMarkdown } from './markdown.js';
import { pipelineFields } from './pipeline.js';
import { type LibraryQuery, queryLibrary } from './queries.js';

const GENERATOR = 'observability';

/** Dashboard file names, as the Grafana sidecar writes them into the folder. */
export const DASHBOARD_FILES = {
  taskLogs: 'airflow-task-logs.json',
  pipelineHealth: 'log-pipeline-health.json',
} as const;

export const LOKI_RULES_FILE = 'airflow-logstack-rules.yaml';

/** The umbrella chart's `observability:` section (schemas/chart/observability.schema.json). */
export interface ObservabilityValues {
  grafana: {
    enabled: boolean;
    folder: string;
    datasourceLabel: string;
    dashboardLabel: string;
    datasource: DatasourceEntry;
    /** File name to dashboard JSON text, placed in ConfigMaps as it is (never through tpl). */
    dashboards: Record<string, string>;
  };
  lokiRules: {
    enabled: boolean;
    /** Loki tenant folder the ruler reads the file from: the tenant, or `fake` without auth. */
    tenant: string;
    /** Rule file text (Prometheus rule-file format with LogQL expressions). */
    rules: string;
  };
  prometheusRule: { enabled: boolean; groups: RuleGroup[] };
  queryLibrary: { enabled: boolean; markdown: string; json: string };
}

type Ctx = Pick<GenerateContext, 'specLabel'>;

export function dashboards(model: LogstackModel, ctx: Ctx) {
  const fields = pipelineFields(model);
  // Grafana rejects unknown top-level keys in none of its versions, but the sidecar's JSON is the
  // dashboard model itself: the source is named in the description, where users see it.
  const description = (what: string) => `${what} ${headerText(ctx, GENERATOR)}`;
  return {
    [DASHBOARD_FILES.taskLogs]: taskLogsDashboard(
      fields.taskLogs,
      description('Task logs by DAG, task, run and try.'),
    ),
    [DASHBOARD_FILES.pipelineHealth]: pipelineHealthDashboard(
      fields,
      description('Ingestion rate, sidecar errors and retries, dropped events, Loki latency.'),
    ),
  };
}

export const dashboardJson = (d: unknown) => `${JSON.stringify(d, null, 2)}\n`;

export function lokiRulesText(model: LogstackModel, ctx: Ctx): string {
  return `${header(ctx, GENERATOR, 'hash')}${toYaml({ groups: lokiRuleGroups(pipelineFields(model), model.airflow.namespace, model.grafana.runbookBaseUrl) })}`;
}

export const queriesJson = (queries: LibraryQuery[]) => `${JSON.stringify(queries, null, 2)}\n`;

/** The `observability:` values for the umbrella chart, from the spec. */
export function observabilityValues(
  model: LogstackModel,
  ctx: Ctx = { specLabel: 'the spec' },
): ObservabilityValues {
  const { grafana } = model;
  const boards = dashboards(model, ctx);
  const queries = queryLibrary(model);
  const lokiGroups = lokiRuleGroups(
    pipelineFields(model),
    model.airflow.namespace,
    model.grafana.runbookBaseUrl,
  );
  const datasource = lokiDatasource(model);
  return {
    grafana: {
      enabled: grafana.enabled,
      folder: grafana.folder,
      datasourceLabel: grafana.datasourceLabel,
      dashboardLabel: grafana.dashboardLabel,
      datasource: { ...datasource, url: datasource.url || inChartLokiUrl(model) },
      dashboards: Object.fromEntries(Object.entries(boards).map(([file, d]) => [file, dashboardJson(d)])),
    },
    lokiRules: {
      enabled: grafana.alerts && lokiGroups.length > 0,
      tenant: model.loki.tenant || 'fake',
      rules: lokiGroups.length ? lokiRulesText(model, ctx) : '',
    },
    prometheusRule: { enabled: grafana.alerts, groups: prometheusRuleGroups(grafana.runbookBaseUrl) },
    queryLibrary: {
      enabled: true,
      markdown: libraryMarkdown(queries, header(ctx, GENERATOR, 'markdown')),
      json: queriesJson(queries),
    },
  };
}
