import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSpec, loadSpec, readSchemas, type SpecIssue } from '@logstack/spec';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { domainChecks, generateAll, vectorFormatGenerators } from '../src/generators.js';
import { cli, example, tempDir } from './helpers.js';

/** The spec in a file of its own; `validate --json` and `generate` run on it, in-process. */
async function validateThenGenerate(text: string) {
  const dir = tempDir('validate-generate-');
  const file = join(dir, 'logstack.yaml');
  writeFileSync(file, text);
  const validate = await cli('validate', file, '--json');
  const generate = await cli('generate', file, '-o', join(dir, 'out'));
  const issues: SpecIssue[] = validate.code === 2 ? JSON.parse(validate.stdout).issues : [];
  return { validate, generate, issues };
}

const head = 'apiVersion: logstack/v1\nairflow: {namespace: airflow}\n';

/** Every field a task-log event can ship, from the schema (LogField). */
const loki = readSchemas().get('spec/loki.schema.json') as { $defs: { logField: { enum: string[] } } };
const LOG_FIELDS = loki.$defs.logField.enum;
const DEFAULT_LABELS = ['namespace', 'dag_id', 'component'];
const DEFAULT_METADATA = ['task_id', 'run_id', 'map_index', 'attempt', 'pod', 'node', 'logger', 'level'];

/** The default spec with one log field shipped neither as label nor as structured metadata. */
const without = (field: string, rest = '') =>
  `${head}loki:\n  labels: [${DEFAULT_LABELS.filter((f) => f !== field).join(', ')}]\n  structuredMetadata: [${DEFAULT_METADATA.filter((f) => f !== field).join(', ')}]\n${rest}`;

const secret = (key: string) => `{name: loki-auth, key: ${key}}`;
const authOf = (type: 'basic' | 'bearer', extra = '') =>
  type === 'basic'
    ? `{type: basic, usernameSecret: ${secret('user')}, passwordSecret: ${secret('password')}${extra}}`
    : `{type: bearer, tokenSecret: ${secret('token')}${extra}}`;

/**
 * Schema-valid specs the audit found crashing `generate` (or generating wrong logs): each must be
 * refused by the checks, with these codes at these pointers, by `validate` and `generate` alike.
 */
const refused: Record<string, [string, [string, string][]]> = {
  'namespace neither label nor metadata': [
    `${head}loki:\n  labels: [dag_id, component]\n`,
    [['loki.namespace-not-shipped', '/loki/structuredMetadata']],
  ],
  'no labels, only structured metadata': [
    `${head}loki:\n  labels: []\n  structuredMetadata: [namespace, dag_id, task_id, run_id, map_index, attempt, pod, level]\n`,
    [['labels.none', '/loki/labels']],
  ],
  ...Object.fromEntries(
    ['7m', '45s', '90m', '5h'].map((interval) => [
      `cronJob every ${interval}`,
      [
        `${head}dagSync:\n  mode: cronJob\n  interval: ${interval}\n`,
        [['dagSync.interval-not-cron', '/dagSync/interval']],
      ],
    ]),
  ),
  'pod not shipped, Grafana off': [
    without('pod', 'grafana: {enabled: false}\n'),
    [['loki.pod-not-shipped', '/loki/structuredMetadata']],
  ],
  'attempt not shipped, Grafana off': [
    without('attempt', 'grafana: {enabled: false}\n'),
    [['loki.identity-not-shipped', '/loki/structuredMetadata']],
  ],
  'static level next to written level metadata': [
    `${head}loki:\n  staticLabels: {level: info}\n  structuredMetadata: [task_id, run_id, map_index, attempt, pod, level]\n`,
    [['labels.also-metadata', '/loki/staticLabels/level']],
  ],
  'static level with the default metadata': [
    `${head}loki:\n  staticLabels: {level: info}\n`,
    [['loki.level-static', '/loki/staticLabels/level']],
  ],
  'static label named like a high-cardinality field': [
    `${head}loki:\n  staticLabels: {task_id: x}\n`,
    [['labels.high-cardinality', '/loki/staticLabels/task_id']],
  ],
  'field names in a comment of the filename template': [
    `${head.replace('}\n', ', logs: {filenameTemplate: "x.log # dag_id run_id task_id try_number"}}\n')}`,
    Array(4).fill(['airflow.log-template', '/airflow/logs/filenameTemplate']),
  ],
  ...Object.fromEntries(
    [
      ['1m', '1Mi', '100m', '128Mi'],
      ['49m', '127Mi', '10m', '32Mi'],
      ['0.01', '100M', '10m', '32Mi'],
    ].map(([cpu, memory, requestCpu, requestMemory]) => [
      `sidecar limits ${cpu} / ${memory}, below what Vector needs`,
      [
        `${head}sidecar:\n  resources: {requests: {cpu: ${requestCpu}, memory: ${requestMemory}}, limits: {cpu: "${cpu}", memory: ${memory}}}\n`,
        [
          ['sidecar.below-vector-minimum', '/sidecar/resources/limits/cpu'],
          ['sidecar.below-vector-minimum', '/sidecar/resources/limits/memory'],
        ],
      ],
    ]),
  ),
  ...Object.fromEntries(
    (
      [
        ['basic', 'external', 'http://loki.example.com', '/loki/pushUrl'],
        ['bearer', 'external', 'http://loki.example.com:3100/', '/loki/pushUrl'],
        ['basic', 'inChart', undefined, '/loki/mode'],
        ['bearer', 'inChart', undefined, '/loki/mode'],
      ] as const
    ).map(([type, mode, url, pointer]) => [
      `${type} auth to ${url ?? 'the in-chart Loki'} over plain HTTP`,
      [
        `${head}loki:\n  mode: ${mode}\n${url ? `  pushUrl: ${url}\n` : ''}  auth: ${authOf(type)}\n`,
        [['loki.auth-over-plain-http', pointer]],
      ],
    ]),
  ),
  ...Object.fromEntries(
    [
      ['airflow', '"yes"'],
      ['sidecar', '[a, b]'],
      ['loki', '42'],
      ['storage', 'null'],
      ['dagSync', 'true'],
    ].map(([section, value]) => [
      `a section that is not a mapping (${section}: ${value}) reports only that`,
      [`apiVersion: logstack/v1\n${section}: ${value}\n`, [['schema.type', `/${section}`]]],
    ]),
  ),
  'an alias without an anchor': ['apiVersion: logstack/v1\nairflow: *nope\n', [['syntax', '']]],
  'an alias bomb': [
    `apiVersion: logstack/v1\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
    [['syntax', '']],
  ],
};

for (const [name, [text, expected]] of Object.entries(refused))
  test(`refused by the checks, exit 2 from validate and generate: ${name}`, async () => {
    const { validate, generate, issues } = await validateThenGenerate(text);
    assert.is(validate.code, 2, validate.stdout + validate.stderr);
    assert.equal(
      issues.map((i) => [i.code, i.pointer]),
      expected,
    );
    assert.is(generate.code, 2, generate.stderr);
  });

/** Right at the edge of a refusal: these must validate and generate. */
const accepted: Record<string, string> = {
  'sidecar limits exactly at what Vector needs': `${head}sidecar:\n  resources: {requests: {cpu: 50m, memory: 128Mi}, limits: {cpu: 50m, memory: 128Mi}}\n`,
  'basic auth to an https Loki': `${head}loki:\n  mode: external\n  pushUrl: https://loki.example.com\n  auth: ${authOf('basic')}\n`,
  'bearer to an http Loki, plain HTTP intended': `${head}loki:\n  mode: external\n  pushUrl: http://loki.mesh.local\n  auth: ${authOf('bearer', ', allowPlainHttp: true')}\n`,
  'basic auth to the in-chart Loki, plain HTTP intended': `${head}loki:\n  auth: ${authOf('basic', ', allowPlainHttp: true')}\n`,
};
for (const [name, text] of Object.entries(accepted))
  test(`accepted, exit 0 from validate and generate: ${name}`, async () => {
    const { validate, generate } = await validateThenGenerate(text);
    assert.is(validate.code, 0, validate.stdout + validate.stderr);
    assert.is(generate.code, 0, generate.stderr);
  });

/** Schema-valid specs that move fields, labels and modes around; none may end in an internal error. */
const tricky: Record<string, string> = {
  'only a static label': `${head}loki:\n  labels: []\n  staticLabels: {cluster: prod}\n  structuredMetadata: [namespace, dag_id, task_id, run_id, map_index, attempt, pod, level]\n`,
  'level as a label': `${head}loki:\n  labels: [namespace, dag_id, level]\n`,
  'namespace as structured metadata, Vector agent': `${head}clusterAgent: {type: vector-agent}\nloki:\n  labels: [dag_id]\n  structuredMetadata: [namespace, task_id, run_id, map_index, attempt, pod, level]\n`,
  'cronJob every 60s': `${head}dagSync:\n  mode: cronJob\n  interval: 60s\n`,
  'cronJob every 120m': `${head}dagSync:\n  mode: cronJob\n  interval: 120m\n`,
  'sidecar loop every 7m': `${head}dagSync:\n  mode: sidecar\n  interval: 7m\n`,
  'Python-format filename template': `${head.replace('}\n', ', logs: {filenameTemplate: "{dag_id}/{run_id}/{task_id}/{try_number}.log"}}\n')}`,
};
for (const field of LOG_FIELDS)
  for (const [agent, grafana] of [
    ['alloy', true],
    ['none', false],
    ['vector-agent', true],
  ] as const)
    tricky[`${field} not shipped, clusterAgent ${agent}, Grafana ${grafana ? 'on' : 'off'}`] = without(
      field,
      `clusterAgent: {type: ${agent}}\ngrafana: {enabled: ${grafana}}\n`,
    );

/** What the checks say decides: refused means exit 2 from both commands; accepted means every generator succeeds. */
for (const [name, text] of Object.entries(tricky))
  test(`validate refuses it or generate succeeds: ${name}`, async () => {
    const { validate, generate } = await validateThenGenerate(text);
    const checked = checkSpec('logstack.yaml', text, { checks: domainChecks });
    const want = checked.model ? 0 : 2;
    assert.is(validate.code, want, `validate: ${validate.stdout}${validate.stderr}`);
    assert.is(generate.code, want, `generate: ${generate.stderr}`);
  });

test('validate generates TOML with only the format-dependent generators: every other artifact is the same in both formats', () => {
  for (const name of ['minimal', 'complete']) {
    const model = loadSpec(example(name), readFileSync(example(name), 'utf8'));
    const all = (vectorFormat: 'yaml' | 'toml') =>
      new Map(
        generateAll(model, { specLabel: 'logstack.yaml', vectorFormat }).map((a) => [a.path, a.content]),
      );
    const yaml = all('yaml');
    const toml = all('toml');
    const fromFormatGenerators = new Set(
      vectorFormatGenerators
        .flatMap((g) => g(model, { specLabel: 'logstack.yaml', vectorFormat: 'toml' }))
        .map((a) => a.path),
    );
    const differing = [...toml].filter(([path, content]) => yaml.get(path) !== content).map(([path]) => path);
    assert.ok(differing.length > 0, 'the TOML run differs somewhere');
    for (const path of differing) assert.ok(fromFormatGenerators.has(path), `${path} depends on the format`);
  }
});

test.run();
