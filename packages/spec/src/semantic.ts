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
  if (auth.type !== 'none' && !auth.allowPlainHttp) {
    const url = m.loki.mode === 'external' ? m.loki.pushUrl : undefined;
    const plain = m.loki.mode === 'inChart' || /^http:/i.test(url ?? '');
    if (plain)
      out.push({
        code: 'loki.auth-over-plain-http',
        pointer: m.loki.mode === 'external' ? '/loki/pushUrl' : '/loki/mode',
        value: url ?? m.loki.mode,
        message: `${auth.type === 'basic' ? 'basic-auth credentials' : 'a bearer token'} would travel to ${url ?? 'the in-chart Loki (its Service answers http:// only)'} in plain HTTP, readable by anyone on the path`,
        allowed:
          'an https:// pushUrl, or loki.auth.allowPlainHttp: true when the path is encrypted otherwise (a mesh, a local proxy)',
        hint:
          m.loki.mode === 'external'
            ? 'use https:// in loki.pushUrl'
            : 'set loki.auth.allowPlainHttp: true if the plain HTTP hop is intended',
      });
  }
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

/**
 * The least the Vector sidecar can run on, measured with the real Vector 0.56.0 and the generated
 * config: 53 MiB resident at idle, 86 MiB at most while shipping 250,000 task log lines as fast as a
 * local Loki stand-in took them; 140 ms of CPU to start and 2.5m at idle (internal metrics every
 * second). The floors leave about 50% above the peak, and at 50m Vector starts within 3 s, far inside
 * the startup probe's 120 s. Below them the sidecar is OOM-killed or never ready, and every task pod
 * waits on it.
 */
export const SIDECAR_MIN_LIMITS = { cpu: '50m', memory: '128Mi' } as const;

function belowVectorFloor(limits: { cpu: string; memory: string }): SemanticIssue[] {
  const out: SemanticIssue[] = [];
  if (cpuMillis(limits.cpu) < cpuMillis(SIDECAR_MIN_LIMITS.cpu))
    out.push({
      code: 'sidecar.below-vector-minimum',
      pointer: '/sidecar/resources/limits/cpu',
      value: limits.cpu,
      message: `CPU limit ${limits.cpu} is below the ${SIDECAR_MIN_LIMITS.cpu} Vector needs to start within the startup probe and keep up at idle: task pods would wait on a sidecar that is never ready`,
      allowed: `>= ${SIDECAR_MIN_LIMITS.cpu}`,
    });
  if (memoryBytes(limits.memory) < memoryBytes(SIDECAR_MIN_LIMITS.memory))
    out.push({
      code: 'sidecar.below-vector-minimum',
      pointer: '/sidecar/resources/limits/memory',
      value: limits.memory,
      message: `memory limit ${limits.memory} is below the ${SIDECAR_MIN_LIMITS.memory} Vector needs (53 MiB at idle, 86 MiB while shipping): the sidecar would be OOM-killed`,
      allowed: `>= ${SIDECAR_MIN_LIMITS.memory}`,
    });
  return out;
}

const sidecar: SemanticCheck = (m) => {
  const floor = belowVectorFloor(m.sidecar.resources.limits);
  const reported = new Set(floor.map((i) => i.pointer));
  const out = [
    ...floor,
    ...limitsBelowRequests(m.sidecar.resources, '/sidecar/resources', 'sidecar.limits-below-requests').filter(
      (i) => !reported.has(i.pointer),
    ),
  ];
  return out;
};

/** The spec package's own checks; domain packages add theirs (the log filename template is checked by vector-config, which parses it). */
const taskContainer: SemanticCheck = (m) =>
  limitsBelowRequests(m.airflow.taskResources, '/airflow/taskResources', 'airflow.limits-below-requests');

export const specChecks: SemanticCheck[] = [lokiLabels, lokiTarget, storage, sidecar, taskContainer];
