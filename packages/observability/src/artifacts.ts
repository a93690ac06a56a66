import { type Artifact, type Generator, header, jsonArtifact, yamlArtifact } from '@logstack/artifact';
import type { LogstackModel } from '@logstack/spec';
import { lokiRuleGroups, prometheusRuleGroups } from './alerts.js';
import { datasourceFile } from './datasource.js';
import { libraryMarkdown } from './markdown.js';
import { pipelineFields } from './pipeline.js';
import { queryLibrary } from './queries.js';
import { dashboards, lokiRulesText } from './values.js';

const GENERATOR = 'observability';

/**
 * Grafana provisioning files, alert rules and the query library, for people who place them without
 * the umbrella chart (the chart gets the same content through observabilityValues).
 */
export const observabilityArtifacts: Generator<LogstackModel> = (model, ctx) => {
  const out: Artifact[] = [];
  if (model.grafana.enabled) {
    out.push(yamlArtifact('grafana/datasource.yaml', datasourceFile(model), ctx, GENERATOR));
    // The sidecar hands the file to Grafana as the dashboard model: no extra top-level key.
    for (const [file, board] of Object.entries(dashboards(model, ctx)))
      out.push(jsonArtifact(`grafana/dashboards/${file}`, board, ctx, GENERATOR, false));
  }
  if (model.grafana.alerts) {
    if (lokiRuleGroups(pipelineFields(model), model.airflow.namespace).length)
      out.push({ path: 'alerts/loki-rules.yaml', content: lokiRulesText(model, ctx) });
    out.push(
      yamlArtifact(
        'alerts/prometheus-rule.yaml',
        {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'PrometheusRule',
          metadata: { name: 'airflow-logstack', labels: { 'app.kubernetes.io/part-of': 'airflow-logstack' } },
          spec: { groups: prometheusRuleGroups(model.grafana.runbookBaseUrl) },
        },
        ctx,
        GENERATOR,
      ),
    );
  }
  const queries = queryLibrary(model);
  out.push({
    path: 'queries/logql.md',
    content: libraryMarkdown(queries, header(ctx, GENERATOR, 'markdown')),
  });
  out.push(jsonArtifact('queries/logql.json', { queries }, ctx, GENERATOR));
  return out;
};
