import type { SemanticCheck } from '@logstack/spec';
import { readerSettings } from './settings.js';

/**
 * What the reader needs of the spec beyond what the other checks already ask: a label to select
 * the task-log streams by. (Every attempt field reaching Loki is observability's
 * loki.identity-not-shipped; a spec without any label is labels.none.)
 */
export const uiLogReaderChecks: SemanticCheck[] = [
  (model) => {
    if (!model.airflow.uiLogs.enabled) return [];
    if (model.loki.labels.length + Object.keys(model.loki.staticLabels).length === 0) return [];
    const s = readerSettings(model);
    if (s.staticPins.length > 0 || Object.values(s.identity).includes('label')) return [];
    return [
      {
        code: 'airflow.ui-logs-no-selector',
        pointer: '/loki/labels',
        value: model.loki.labels,
        message:
          "the Airflow UI reader selects an attempt's streams by namespace, component, dag_id or a static label, and none of them is a Loki label",
        allowed: 'namespace, component or dag_id in loki.labels, or a loki.staticLabels entry',
        hint: 'add "namespace" to loki.labels, or set airflow.uiLogs.enabled to false',
      },
    ];
  },
];
