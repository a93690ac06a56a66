import type { SemanticCheck, SemanticIssue } from '@logstack/spec';
import { isLabel, isMetadata, TASK_IDENTITY } from './fields.js';
import { pipelineFields } from './pipeline.js';

interface QueriedField {
  code: string;
  /** The field as the spec's user knows it. */
  name: string;
  /** What the generated queries could not do without it. */
  without: string;
  hint: string;
}

const toMetadata = (field: string) => `add "${field}" to loki.structuredMetadata`;

const SPEC_NAME: Record<string, string> = { attempt: 'attempt (the try number)' };

const identity = (field: string): QueriedField => ({
  code: 'loki.identity-not-shipped',
  name: SPEC_NAME[field] ?? field,
  without: 'the task-log dashboard and queries could not find a task attempt',
  hint: toMetadata(field),
});

/**
 * Task-log fields the dashboards, the query library and the alerts filter by. The query library is
 * always generated, so each must reach Loki whatever grafana.enabled says; a query pinning a field
 * the streams lack fails to build (selectors.ts), so a pin on a new field needs a line here.
 */
const QUERIED_FIELDS: Record<string, QueriedField> = {
  ...Object.fromEntries(TASK_IDENTITY.map((f) => [f, identity(f)])),
  map_index: {
    ...identity('map_index'),
    without: 'the query library could not find one mapped task instance',
  },
  // Namespace is what tells two Airflow installs apart when they share a Loki, and what makes a pod name unique.
  namespace: {
    code: 'loki.namespace-not-shipped',
    name: 'namespace',
    without:
      'task logs of Airflow installs in different namespaces could not be told apart, and the pod query could not find a pod',
    hint: 'add "namespace" to loki.labels (it is low-cardinality) or to loki.structuredMetadata',
  },
  pod: {
    code: 'loki.pod-not-shipped',
    name: 'pod',
    without: "the query library could not find a worker pod's task logs",
    hint: toMetadata('pod'),
  },
  level: {
    code: 'loki.level-not-shipped',
    name: 'level',
    without: 'the error panels, the query library and the error queries could not tell error lines apart',
    hint: toMetadata('level'),
  },
};

/** The sidecar ships the message text as the line (raw_message): a field that is neither label nor metadata is nowhere to be found. */
const queriedFieldsShipped: SemanticCheck = (model) => {
  const t = pipelineFields(model).taskLogs;
  return Object.entries(QUERIED_FIELDS)
    .filter(([field]) => !isLabel(t, field) && !isMetadata(t, field))
    .map(
      ([field, q]): SemanticIssue => ({
        code: q.code,
        pointer: '/loki/structuredMetadata',
        value: model.loki.structuredMetadata,
        message: `${q.name} is neither a Loki label nor structured metadata: ${q.without}`,
        allowed: `a list that includes "${field}" (or "${field}" in loki.labels)`,
        hint: q.hint,
      }),
    );
};

/** A static level is one constant on every line: error filters would test it instead of each line's level. */
const levelNotStatic: SemanticCheck = (model) => {
  const value = model.loki.staticLabels.level;
  const fieldToo = [...model.loki.labels, ...model.loki.structuredMetadata].includes('level');
  // A level field next to the static one is a clash the spec's own checks report.
  if (value === undefined || fieldToo) return [];
  return [
    {
      code: 'loki.level-static',
      pointer: '/loki/staticLabels/level',
      value,
      message: `level is a static label: every line would carry level "${value}", so the error panels, the query library and the error queries could not tell error lines apart`,
      allowed: 'level in loki.labels or loki.structuredMetadata, not in loki.staticLabels',
      hint: 'remove "level" from loki.staticLabels',
    },
  ];
};

export const observabilityChecks: SemanticCheck[] = [queriedFieldsShipped, levelNotStatic];
