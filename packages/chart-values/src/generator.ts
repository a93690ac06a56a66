import { type Generator, header, toYaml } from '@logstack/artifact';
import type { LogstackModel, SemanticCheck } from '@logstack/spec';
import { chartValues } from './values.js';

export const VALUES_FILE = 'values.yaml';

/** The umbrella values file users pass with -f: `helm install ... -f values.yaml`. */
export const chartValuesArtifacts: Generator<LogstackModel> = (model, ctx) => [
  {
    path: VALUES_FILE,
    content: `${header(ctx, 'chart-values', 'hash')}# Pass to the airflow-logstack chart: helm install <release> charts/airflow-logstack -n ${model.airflow.namespace} -f ${VALUES_FILE}\n${toYaml(chartValues(model))}`,
  },
];

/** What only the chart's side can find wrong in a spec. */
export const chartValuesChecks: SemanticCheck[] = [
  (model) =>
    model.loki.mode === 'external' && model.storage.type === 'existingSecret'
      ? [
          {
            code: 'chart.storage-unused',
            pointer: '/storage/existingSecret',
            value: model.storage.existingSecret,
            message: 'storage is configured but loki.mode is external, so no in-chart Loki uses it',
            allowed: 'storage only with loki.mode inChart',
            hint: 'remove storage.existingSecret, or set loki.mode to inChart',
          },
        ]
      : [],
];
