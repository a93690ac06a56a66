export {
  type AlertRule,
  alertNames,
  DEFAULT_RUNBOOK_BASE,
  lokiRuleGroups,
  prometheusRuleGroups,
  RUNBOOK_DIR,
  type RuleGroup,
  runbookUrl,
} from './alerts.js';
export { observabilityArtifacts } from './artifacts.js';
export { observabilityChecks } from './checks.js';
export { LOKI_DATASOURCE_UID } from './dashboards/common.js';
export { PIPELINE_HEALTH_UID } from './dashboards/pipeline-health.js';
export { TASK_LOGS_UID } from './dashboards/task-logs.js';
export { type DatasourceEntry, lokiDatasource } from './datasource.js';
export type { PipelineFields, StreamFields } from './fields.js';
export { analyzeLogQL, type LogQLAnalysis, logqlErrors } from './logql.js';
export { libraryMarkdown, libraryText } from './markdown.js';
export { pipelineFields } from './pipeline.js';
export { analyzePromQL, type PromQLAnalysis, promqlErrors } from './promql.js';
export { type LibraryQuery, type QueryParam, queryLibrary } from './queries.js';
export { DASHBOARD_FILES, dashboards, type ObservabilityValues, observabilityValues } from './values.js';
