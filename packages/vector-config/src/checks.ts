import type { LogstackModel, SemanticCheck, SemanticIssue } from '@logstack/spec';
import { confinementDecision, type VectorVersion } from './confinement.js';
import { FilenameTemplateError, type PathField, taskLogPathPattern } from './filename-template.js';

const show = (v: VectorVersion) => `${v.major}.${v.minor}.${v.patch}`;

const templateConfinement: SemanticCheck = (model: LogstackModel) => {
  const d = confinementDecision(model);
  if (d.ok) return [];
  const { tag } = model.sidecar.image;
  const mode = model.sidecar.templateConfinement;
  if (d.reason === 'unparseable')
    return [
      {
        code: 'sidecar.vector-version-unknown',
        pointer: '/sidecar/image/tag',
        value: tag,
        message: `cannot tell the Vector version from the tag "${tag}"; templateConfinement ${mode} needs it to know whether Vector confines the loki label templates (0.57 and newer do)`,
        allowed: 'a tag that starts with the version, such as 0.56.0-alpine or 0.57.0-alpine',
        hint:
          mode === 'auto'
            ? 'pin a versioned tag, or set sidecar.templateConfinement to allowUnconfined (for 0.57+ images)'
            : 'pin a versioned tag below 0.57',
      },
    ];
  const version = d.version ? show(d.version) : tag;
  const issue: SemanticIssue =
    d.reason === 'too-new'
      ? {
          code: 'sidecar.template-confinement',
          pointer: '/sidecar/templateConfinement',
          value: mode,
          message: `requireBelow057 with Vector ${version} (tag "${tag}"): Vector 0.57+ refuses the loki label templates such as "{{ dag_id }}" unless the sink allows unconfined templates`,
          allowed: 'a Vector image below 0.57, or templateConfinement auto or allowUnconfined',
          hint: 'use an image such as 0.56.0-alpine, or set sidecar.templateConfinement to auto',
        }
      : {
          code: 'sidecar.template-confinement',
          pointer: '/sidecar/templateConfinement',
          value: mode,
          message: `allowUnconfined with Vector ${version} (tag "${tag}"): dangerously_allow_unconfined_template_resolution exists only from 0.57 on, and older Vector refuses a config with an unknown sink option`,
          allowed: 'a Vector image 0.57 or newer, or templateConfinement auto or requireBelow057',
          hint: 'set sidecar.templateConfinement to auto, or use a 0.57+ image',
        };
  return [issue];
};

/** Task identity the sidecar reads from the log file path; each one missing ships as "unknown" on every line. */
const PATH_IDENTITY: [PathField, string][] = [
  ['dag_id', 'dag_id'],
  ['run_id', 'run_id'],
  ['task_id', 'task_id'],
  ['attempt', 'the try number'],
];

const filenameTemplate: SemanticCheck = (model) => {
  const { folder, filenameTemplate: template } = model.airflow.logs;
  try {
    const { fields } = taskLogPathPattern(folder, template);
    return PATH_IDENTITY.filter(([field]) => !fields.includes(field)).map(([, name]) => ({
      code: 'airflow.log-template',
      pointer: '/airflow/logs/filenameTemplate',
      value: template,
      message: `the log filename template cannot yield ${name}: task identity comes from the file path`,
      allowed:
        'a template with {{ ti.dag_id }}, {{ ti.run_id }}, {{ ti.task_id }} and {{ try_number }} (or {dag_id}-style fields), like Airflow’s default',
      hint: 'use the default template or add the missing field',
    }));
  } catch (err) {
    if (!(err instanceof FilenameTemplateError)) throw err;
    return [
      {
        code: 'airflow.log-template-unsupported',
        pointer: '/airflow/logs/filenameTemplate',
        value: template,
        message: `the sidecar cannot derive a file pattern from this template: ${err.message}`,
        allowed:
          'literal text, {{ ... }} values and {% if %}...{% endif %} blocks, as in Airflow’s default template',
        hint: 'use the default template or rewrite the condition as {% if %}...{% endif %}',
      },
    ];
  }
};

const lokiTls: SemanticCheck = (model) => {
  const t = model.loki.tls;
  if (Boolean(t.clientCertSecret) === Boolean(t.clientKeySecret)) return [];
  return [
    {
      code: 'loki.tls-incomplete',
      pointer: t.clientCertSecret ? '/loki/tls/clientCertSecret' : '/loki/tls/clientKeySecret',
      message: 'mutual TLS needs both clientCertSecret and clientKeySecret',
      allowed: 'both Secret references, or neither',
    },
  ];
};

// Vector below 0.57 interpolates $NAME and ${NAME} in the whole config file by default.
const dollarInVerbatimValues: SemanticCheck = (model) => {
  const values: [string, string][] = [
    ...Object.entries(model.loki.staticLabels).map(([k, v]): [string, string] => [
      `/loki/staticLabels/${k}`,
      String(v),
    ]),
    ...(model.loki.pushUrl ? [['/loki/pushUrl', model.loki.pushUrl] as [string, string]] : []),
  ];
  return values
    .filter(([, v]) => v.includes('$'))
    .map(([pointer, value]) => ({
      code: 'vector.dollar-in-config',
      pointer,
      value,
      message:
        'a "$" in this value would be read as an environment variable by Vector below 0.57, and kept as is by 0.57+',
      allowed: 'a value without "$"',
    }));
};

/** Checks only the Vector config knows: image version vs template handling, the log filename template (parsed as the sidecar parses it), TLS, `$`. */
export const vectorConfigChecks: SemanticCheck[] = [
  templateConfinement,
  filenameTemplate,
  lokiTls,
  dollarInVerbatimValues,
];
