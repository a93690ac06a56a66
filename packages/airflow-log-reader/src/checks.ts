import type { SemanticCheck, SemanticIssue } from '@logstack/spec';
import { ATTEMPT_FIELDS, fieldPlace, readerSettings } from './settings.js';

/** What the reader needs of the spec: every attempt field shipped, and a stream selector. */
export const uiLogReaderChecks: SemanticCheck[] = [
  (model) => {
    if (!model.airflow.uiLogs.enabled) return [];
    const out: SemanticIssue[] = [];
    for (const field of ATTEMPT_FIELDS)
      if (!fieldPlace(model, field))
        out.push({
          code: 'airflow.ui-logs-field-missing',
          pointer: '/loki/structuredMetadata',
          value: model.loki.structuredMetadata,
          message: `the Airflow UI reader finds an attempt by ${ATTEMPT_FIELDS.join(', ')}, but "${field}" is neither a Loki label nor structured metadata`,
          allowed: `structuredMetadata (or labels) containing ${field}`,
          hint: `add "${field}" to loki.structuredMetadata, or set airflow.uiLogs.enabled to false`,
        });
    const s = readerSettings(model);
    if (out.length === 0 && s.staticPins.length === 0 && !Object.values(s.identity).includes('label'))
      out.push({
        code: 'airflow.ui-logs-no-selector',
        pointer: '/loki/labels',
        value: model.loki.labels,
        message:
          'the Airflow UI reader needs a stream label it can pin: none of namespace, component, dag_id is a label and there are no static labels',
        allowed: 'namespace, component or dag_id in loki.labels, or a loki.staticLabels entry',
        hint: 'add "namespace" to loki.labels',
      });
    return out;
  },
];
