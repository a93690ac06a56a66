import type { LogstackModel } from './generated/logstack.js';
import type { SpecIssue } from './issues.js';
import { cpuMillis, memoryBytes } from './quantity.js';

/** What a semantic check reports; the loader adds file, line and column. */
export type SemanticIssue = Omit<SpecIssue, 'file' | 'line' | 'column'>;

/** A check beyond the schema. Packages that know a domain export their own; the CLI runs them all. */
export type SemanticCheck = (model: LogstackModel) => SemanticIssue[];

/** Loki's default max_label_names_per_series. */
export const LOKI_MAX_LABELS = 15;

/** Fields with a value per task, run, try or pod: as labels they would make a stream each. */
export const HIGH_CARDINALITY_FIELDS = [
  'task_id',
  'run_id',
  'map_index',
  'attempt',
  'pod',
  'filename',
] as const;

const lokiLabels: SemanticCheck = (m) => {
  const out: SemanticIssue[] = [];
  const total = m.loki.labels.length + Object.keys(m.loki.staticLabels).length;
  if (total === 0)
    out.push({
      code: 'labels.none',
      pointer: '/loki/labels',
      value: [],
      message:
        'no Loki labels: loki.labels and loki.staticLabels are both empty, and Loki refuses a stream without labels',
      allowed: 'at least one field in loki.labels or one entry in loki.staticLabels',
      hint: 'add "namespace" to loki.labels',
    });
  if (total > LOKI_MAX_LABELS)
    out.push({
      code: 'labels.too-many',
      pointer: '/loki/labels',
      value: total,
      message: `${total} Loki labels (labels plus staticLabels); Loki accepts at most ${LOKI_MAX_LABELS} per stream`,
      allowed: `at most ${LOKI_MAX_LABELS}`,
      hint: 'move fields to loki.structuredMetadata',
    });
  m.loki.labels.forEach((field, i) => {
    if ((HIGH_CARDINALITY_FIELDS as readonly string[]).includes(field))
      out.push({
        code: 'labels.high-cardinality',
        pointer: `/loki/labels/${i}`,
        value: field,
        message: `"${field}" is high-cardinality and would create a Loki stream per value`,
        allowed: 'low-cardinality fields such as namespace, dag_id, component, level, container',
        hint: `move "${field}" to loki.structuredMetadata`,
      });
    if (m.loki.structuredMetadata.includes(field))
      out.push({
        code: 'labels.also-metadata',
        pointer: `/loki/labels/${i}`,
        value: field,
        message: `"${field}" is both a label and structured metadata`,
        allowed: 'each field in one of loki.labels or loki.structuredMetadata',
        hint: `remove "${field}" from one of the two lists`,
      });
  });
  for (const name of Object.keys(m.loki.staticLabels)) {
    const pointer = `/loki/staticLabels/${name}`;
    if ((m.loki.labels as string[]).includes(name))
      out.push({
        code: 'labels.static-clash',
        pointer,
        value: name,
        message: `static label "${name}" has the name of a field label`,
        allowed: 'names not in loki.labels',
      });
    if ((HIGH_CARDINALITY_FIELDS as readonly string[]).includes(name))
      out.push({
        code: 'labels.high-cardinality',
        pointer,
        value: name,
        message: `static label "${name}" has the name of a high-cardinality field: every line would carry one constant ${name}, and queries would select by it instead of the line's own`,
        allowed: `names other than ${HIGH_CARDINALITY_FIELDS.join(', ')}`,
        hint: `rename the static label; "${name}" belongs in loki.structuredMetadata`,
      });
    // Only a list the user wrote can hold a static label's name: derived defaults drop it from the default.
    if ((m.loki.structuredMetadata as string[]).includes(name))
      out.push({
        code: 'labels.also-metadata',
        pointer,
        value: name,
        message: `"${name}" is both a static label and structured metadata: Loki renames one of the two (${name}_extracted), so a filter on ${name} may test the static value`,
        allowed: 'each name in one of loki.staticLabels or loki.structuredMetadata',
        hint: `remove "${name}" from loki.staticLabels or from loki.structuredMetadata`,
      });
  }
  return out;
};

const lokiTarget: SemanticCheck = (m) => {
  const out: SemanticIssue[] = [];
  if (m.loki.mode === 'external' && !m.loki.pushUrl)
    out.push({
      code: 'loki.push-url-missing',
      pointer: '/loki/pushUrl',
      message: 'loki.mode is external but loki.pushUrl is not set',
      allowed: 'an http(s) URL of Loki, for example https://loki.example.com',
      hint: 'set loki.pushUrl, or use mode: inChart',
    });
  const auth = m.loki.auth;
  if (auth.type === 'basic' && (!auth.usernameSecret || !auth.passwordSecret))
    out.push({
      code: 'loki.auth-incomplete',
      pointer: '/loki/auth',
      value: auth.type,
      message: 'basic auth needs usernameSecret and passwordSecret',
      allowed: '{ name, key } Secret references',
    });
  if (auth.type === 'bearer' && !auth.tokenSecret)
    out.push({
      code: 'loki.auth-incomplete',
      pointer: '/loki/auth',
      value: auth.type,
      message: 'bearer auth needs tokenSecret',
      allowed: '{ name, key } Secret reference',
    });
  return out;
};

const storage: SemanticCheck = (m) =>
  m.storage.type === 'existingSecret' && !m.storage.existingSecret
    ? [
        {
          code: 'storage.secret-missing',
          pointer: '/storage/existingSecret',
          message: 'storage.type is existingSecret but storage.existingSecret is not set',
          allowed: '{ secretName, endpoint, bucket }',
        },
      ]
    : [];

/** Limits below requests in a container's resources, reported at `<pointer>/limits/cpu|memory`. */
export function limitsBelowRequests(
  resources: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } },
  pointer: string,
  code: string,
): SemanticIssue[] {
  const { requests, limits } = resources;
  const out: SemanticIssue[] = [];
  if (cpuMillis(limits.cpu) < cpuMillis(requests.cpu))
    out.push({
      code,
      pointer: `${pointer}/limits/cpu`,
      value: limits.cpu,
      message: `CPU limit ${limits.cpu} is below the request ${requests.cpu}`,
      allowed: `>= ${requests.cpu}`,
    });
  if (memoryBytes(limits.memory) < memoryBytes(requests.memory))
    out.push({
      code,
      pointer: `${pointer}/limits/memory`,
      value: limits.memory,
      message: `memory limit ${limits.memory} is below the request ${requests.memory}`,
      allowed: `>= ${requests.memory}`,
    });
  return out;
}

const sidecar: SemanticCheck = (m) => {
  const out = limitsBelowRequests(m.sidecar.resources, '/sidecar/resources', 'sidecar.limits-below-requests');
  return out;
};

/** The spec package's own checks; domain packages add theirs (the log filename template is checked by vector-config, which parses it). */
export const specChecks: SemanticCheck[] = [lokiLabels, lokiTarget, storage, sidecar];
