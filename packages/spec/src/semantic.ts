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
  for (const name of Object.keys(m.loki.staticLabels))
    if ((m.loki.labels as string[]).includes(name))
      out.push({
        code: 'labels.static-clash',
        pointer: `/loki/staticLabels/${name}`,
        value: name,
        message: `static label "${name}" has the name of a field label`,
        allowed: 'names not in loki.labels',
      });
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

const REQUIRED_TEMPLATE_FIELDS: [string, RegExp][] = [
  ['dag_id', /\b(ti\.)?dag_id\b/],
  ['run_id', /\b(ti\.)?run_id\b/],
  ['task_id', /\b(ti\.)?task_id\b/],
  ['try number', /\btry_number\b/],
];

const logTemplate: SemanticCheck = (m) =>
  REQUIRED_TEMPLATE_FIELDS.filter(([, re]) => !re.test(m.airflow.logs.filenameTemplate)).map(([field]) => ({
    code: 'airflow.log-template',
    pointer: '/airflow/logs/filenameTemplate',
    value: m.airflow.logs.filenameTemplate,
    message: `the log filename template cannot yield ${field}: task identity comes from the file path`,
    allowed: 'a template with dag_id, run_id, task_id and try_number, like Airflow’s default',
    hint: 'use the default template or add the missing field',
  }));

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
  if (m.sidecar.drainTimeoutSeconds >= m.sidecar.terminationGracePeriodSeconds)
    out.push({
      code: 'sidecar.drain-exceeds-grace',
      pointer: '/sidecar/drainTimeoutSeconds',
      value: m.sidecar.drainTimeoutSeconds,
      message: `drain timeout ${m.sidecar.drainTimeoutSeconds}s is not shorter than terminationGracePeriodSeconds ${m.sidecar.terminationGracePeriodSeconds}s: the kubelet would kill Vector mid-drain`,
      allowed: `< ${m.sidecar.terminationGracePeriodSeconds}`,
      hint: `raise sidecar.terminationGracePeriodSeconds to at least ${m.sidecar.drainTimeoutSeconds + 5}`,
    });
  return out;
};

/** The spec package's own checks; domain packages add theirs. */
export const specChecks: SemanticCheck[] = [lokiLabels, lokiTarget, logTemplate, storage, sidecar];
