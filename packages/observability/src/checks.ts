import type { SemanticCheck, SemanticIssue } from '@logstack/spec';
import { isLabel, isMetadata, TASK_IDENTITY } from './fields.js';
import { pipelineFields } from './pipeline.js';

const SPEC_FIELD: Record<string, string> = { attempt: 'attempt (the try number)' };

/** Dashboards and the query library find a task attempt by these fields; each must reach Loki. */
const taskIdentity: SemanticCheck = (model) => {
  if (!model.grafana.enabled) return [];
  const t = pipelineFields(model).taskLogs;
  return TASK_IDENTITY.filter((f) => !isLabel(t, f) && !isMetadata(t, f)).map(
    (f): SemanticIssue => ({
      code: 'grafana.identity-not-shipped',
      pointer: '/loki/structuredMetadata',
      value: model.loki.structuredMetadata,
      message: `${SPEC_FIELD[f] ?? f} is neither a Loki label nor structured metadata: the task-log dashboard and queries could not find a task attempt`,
      allowed: `a list that includes "${f}" (or "${f}" in loki.labels)`,
      hint: `add "${f}" to loki.structuredMetadata, or set grafana.enabled: false`,
    }),
  );
};

/**
 * Error panels, the query library and alerts filter by `level`. The sidecar ships the message text
 * as the line (raw_message), so a level that is neither label nor metadata is nowhere to be found.
 */
const levelShipped: SemanticCheck = (model) => {
  const t = pipelineFields(model).taskLogs;
  if (isLabel(t, 'level') || isMetadata(t, 'level')) return [];
  return [
    {
      code: 'loki.level-not-shipped',
      pointer: '/loki/structuredMetadata',
      value: model.loki.structuredMetadata,
      message:
        'level is neither a Loki label nor structured metadata: the error panels, the query library and the error queries could not tell error lines apart',
      allowed: 'a list that includes "level" (or "level" in loki.labels)',
      hint: 'add "level" to loki.structuredMetadata',
    },
  ];
};

export const observabilityChecks: SemanticCheck[] = [taskIdentity, levelShipped];
