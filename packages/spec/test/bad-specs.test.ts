import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSpec } from '../src/index.js';

interface Expected {
  code: string;
  pointer: string;
  message: string;
  value?: unknown;
  line?: number;
  column?: number;
  allowed?: RegExp;
  hint?: RegExp;
}

const head = 'apiVersion: logstack/v1\n';

/** Each bad spec and exactly the problems it must report, in order. */
const cases: [string, string, Expected[]][] = [
  [
    'unknown top-level key suggests the closest known key',
    `${head}lokki: {}\n`,
    [
      {
        code: 'schema.additionalProperties',
        pointer: '/lokki',
        message: 'unknown key "lokki"',
        line: 2,
        hint: /did you mean "loki"\?/,
      },
    ],
  ],
  [
    'unknown nested key suggests the closest known key',
    `${head}loki:\n  lables: [dag_id]\n`,
    [
      {
        code: 'schema.additionalProperties',
        pointer: '/loki/lables',
        message: 'unknown key "lables"',
        line: 3,
        hint: /"labels"/,
      },
    ],
  ],
  [
    'unknown key far from every known key gets no guess',
    `${head}zzzzzzzz: 1\n`,
    [
      {
        code: 'schema.additionalProperties',
        pointer: '/zzzzzzzz',
        message: 'unknown key "zzzzzzzz"',
        allowed: /airflow, loki/,
      },
    ],
  ],
  [
    'missing apiVersion',
    'airflow: {}\n',
    [
      {
        code: 'schema.required',
        pointer: '/apiVersion',
        message: 'missing required key "apiVersion"',
        line: 1,
      },
    ],
  ],
  [
    'wrong apiVersion',
    'apiVersion: logstack/v2\n',
    [{ code: 'schema.const', pointer: '/apiVersion', message: 'must be "logstack/v1"', line: 1 }],
  ],
  [
    'executor outside the enum lists what is allowed',
    `${head}airflow:\n  executor: LocalExecutor\n`,
    [
      {
        code: 'schema.enum',
        pointer: '/airflow/executor',
        message: '"LocalExecutor" is not an allowed value',
        line: 3,
        allowed: /"KubernetesExecutor"/,
      },
    ],
  ],
  [
    'chart version outside the 1.19 line',
    `${head}airflow:\n  chartVersion: 1.20.0\n`,
    [
      {
        code: 'schema.pattern',
        pointer: '/airflow/chartVersion',
        message: 'does not have the required form ^1\\.19\\.[0-9]+$',
        value: '1.20.0',
        allowed: /1\.19 line/,
      },
    ],
  ],
  [
    'namespace that is not a DNS label',
    `${head}airflow:\n  namespace: Data_Platform\n`,
    [
      {
        code: 'schema.pattern',
        pointer: '/airflow/namespace',
        message: 'does not have the required form ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
        value: 'Data_Platform',
        allowed: /RFC 1123 label/,
      },
    ],
  ],
  [
    'image without a tag',
    `${head}sidecar:\n  image:\n    repository: timberio/vector\n`,
    [
      {
        code: 'schema.required',
        pointer: '/sidecar/image/tag',
        message: 'missing required key "tag"',
        line: 4,
      },
    ],
  ],
  [
    'image digest that is not a sha256 digest',
    `${head}dagSync:\n  image:\n    repository: r/x\n    tag: "1"\n    digest: sha256:abc\n`,
    [
      {
        code: 'schema.pattern',
        pointer: '/dagSync/image/digest',
        message: 'does not have the required form ^sha256:[a-f0-9]{64}$',
        line: 6,
        allowed: /repository:tag@digest/,
      },
    ],
  ],
  [
    'log format outside json|text',
    `${head}airflow:\n  logs:\n    format: xml\n`,
    [
      {
        code: 'schema.enum',
        pointer: '/airflow/logs/format',
        message: '"xml" is not an allowed value',
        allowed: /"json", "text"/,
      },
    ],
  ],
  [
    'relative log folder',
    `${head}airflow:\n  logs:\n    folder: opt/airflow/logs\n`,
    [
      {
        code: 'schema.pattern',
        pointer: '/airflow/logs/folder',
        message: 'does not have the required form ^/[^\\0]*$',
        value: 'opt/airflow/logs',
      },
    ],
  ],
  [
    'a high-cardinality field used as a label',
    `${head}loki:\n  labels: [namespace, dag_id, run_id]\n  structuredMetadata: [task_id]\n`,
    [
      {
        code: 'labels.high-cardinality',
        pointer: '/loki/labels/2',
        message: '"run_id" is high-cardinality and would create a Loki stream per value',
        value: 'run_id',
        hint: /structuredMetadata/,
      },
    ],
  ],
  [
    'a static label named like a high-cardinality field',
    `${head}loki:\n  staticLabels: {pod: worker}\n`,
    [
      {
        code: 'labels.high-cardinality',
        pointer: '/loki/staticLabels/pod',
        message:
          'static label "pod" has the name of a high-cardinality field: every line would carry one constant pod, and queries would select by it instead of the line\'s own',
        value: 'pod',
        line: 3,
        allowed: /^names other than task_id, run_id, map_index, attempt, pod, filename$/,
        hint: /"pod" belongs in loki.structuredMetadata/,
      },
    ],
  ],
  [
    'no Loki labels at all',
    `${head}loki:\n  labels: []\n  structuredMetadata: [namespace, dag_id, task_id, run_id, attempt, level]\n`,
    [
      {
        code: 'labels.none',
        pointer: '/loki/labels',
        message:
          'no Loki labels: loki.labels and loki.staticLabels are both empty, and Loki refuses a stream without labels',
        value: [],
        line: 3,
        allowed: /at least one field in loki.labels or one entry in loki.staticLabels/,
      },
    ],
  ],
  [
    'more than 15 Loki labels',
    `${head}loki:\n  labels: [namespace, dag_id, component, level]\n  structuredMetadata: [task_id]\n  staticLabels: {a: x, b: x, c: x, d: x, e: x, f: x, g: x, h: x, i: x, j: x, k: x, l: x}\n`,
    [
      {
        code: 'labels.too-many',
        pointer: '/loki/labels',
        message: '16 Loki labels (labels plus staticLabels); Loki accepts at most 15 per stream',
        value: 16,
        allowed: /at most 15/,
      },
    ],
  ],
  [
    'a field that is both label and structured metadata',
    `${head}loki:\n  labels: [namespace, level]\n  structuredMetadata: [level]\n`,
    [
      {
        code: 'labels.also-metadata',
        pointer: '/loki/labels/1',
        message: '"level" is both a label and structured metadata',
      },
    ],
  ],
  [
    'a static label that is also written structured metadata',
    `${head}loki:\n  staticLabels: {level: info}\n  structuredMetadata: [task_id, level]\n`,
    [
      {
        code: 'labels.also-metadata',
        pointer: '/loki/staticLabels/level',
        message:
          '"level" is both a static label and structured metadata: Loki renames one of the two (level_extracted), so a filter on level may test the static value',
        value: 'level',
        line: 3,
        hint: /remove "level" from loki.staticLabels or from loki.structuredMetadata/,
      },
    ],
  ],
  [
    'label name that is not a log field',
    `${head}loki:\n  labels: [namespace, team]\n`,
    [
      {
        code: 'schema.enum',
        pointer: '/loki/labels/1',
        message: '"team" is not an allowed value',
        allowed: /"dag_id"/,
      },
    ],
  ],
  [
    'external Loki without a push URL',
    `${head}loki:\n  mode: external\n`,
    [
      {
        code: 'loki.push-url-missing',
        pointer: '/loki/pushUrl',
        message: 'loki.mode is external but loki.pushUrl is not set',
        line: 3,
      },
    ],
  ],
  [
    'push URL that is not http(s)',
    `${head}loki:\n  mode: external\n  pushUrl: ftp://loki\n`,
    [
      {
        code: 'schema.pattern',
        pointer: '/loki/pushUrl',
        message: 'does not have the required form ^https?://',
        value: 'ftp://loki',
      },
    ],
  ],
  [
    'basic auth without its Secret references',
    `${head}loki:\n  mode: external\n  pushUrl: https://loki.example.com\n  auth:\n    type: basic\n`,
    [
      {
        code: 'loki.auth-incomplete',
        pointer: '/loki/auth',
        message: 'basic auth needs usernameSecret and passwordSecret',
      },
    ],
  ],
  [
    'a secret value inline instead of a Secret reference',
    `${head}loki:\n  mode: external\n  pushUrl: https://loki.example.com\n  auth:\n    type: bearer\n    token: s3cr3t\n`,
    [
      {
        code: 'schema.additionalProperties',
        pointer: '/loki/auth/token',
        message: 'unknown key "token"',
        allowed: /tokenSecret/,
      },
      {
        code: 'loki.auth-incomplete',
        pointer: '/loki/auth',
        message: 'bearer auth needs tokenSecret',
        line: 6,
      },
    ],
  ],
  [
    'batch timeout of a minute',
    `${head}loki:\n  batch:\n    timeoutMs: 60000\n`,
    [
      {
        code: 'schema.maximum',
        pointer: '/loki/batch/timeoutMs',
        message: '60000 is out of range',
        allowed: /<= 5000/,
      },
    ],
  ],
  [
    'retention of zero days',
    `${head}storage:\n  retentionDays: 0\n`,
    [
      {
        code: 'schema.minimum',
        pointer: '/storage/retentionDays',
        message: '0 is out of range',
        allowed: />= 1/,
      },
    ],
  ],
  [
    'existing-bucket storage without its settings',
    `${head}storage:\n  type: existingSecret\n`,
    [
      {
        code: 'storage.secret-missing',
        pointer: '/storage/existingSecret',
        message: 'storage.type is existingSecret but storage.existingSecret is not set',
      },
    ],
  ],
  [
    'unknown cluster agent',
    `${head}clusterAgent:\n  type: fluentbit\n`,
    [
      {
        code: 'schema.enum',
        pointer: '/clusterAgent/type',
        message: '"fluentbit" is not an allowed value',
        allowed: /"alloy", "vector-agent", "none"/,
      },
    ],
  ],
  [
    "Vector agent buffer below Vector's minimum",
    `${head}clusterAgent:\n  type: vector-agent\n  vectorAgent:\n    bufferBytes: 1000\n`,
    [
      {
        code: 'schema.minimum',
        pointer: '/clusterAgent/vectorAgent/bufferBytes',
        message: '1000 is out of range',
        allowed: />= 268435488/,
      },
    ],
  ],
  [
    'dashboard folder with a slash',
    `${head}grafana:\n  folder: Airflow/Logs\n`,
    [
      {
        code: 'schema.pattern',
        pointer: '/grafana/folder',
        message: 'does not have the required form ^[^/]+$',
        value: 'Airflow/Logs',
        allowed: /No slashes/,
      },
    ],
  ],
  [
    'sidecar limits below requests',
    `${head}sidecar:\n  resources:\n    requests: {cpu: 200m, memory: 512Mi}\n    limits: {cpu: 100m, memory: 256Mi}\n`,
    [
      {
        code: 'sidecar.limits-below-requests',
        pointer: '/sidecar/resources/limits/cpu',
        message: 'CPU limit 100m is below the request 200m',
      },
      {
        code: 'sidecar.limits-below-requests',
        pointer: '/sidecar/resources/limits/memory',
        message: 'memory limit 256Mi is below the request 512Mi',
      },
    ],
  ],
  [
    'the removed drain and grace settings point to the outage tolerance they are derived from',
    `${head}sidecar:\n  drainTimeoutSeconds: 60\n`,
    [
      {
        code: 'schema.additionalProperties',
        pointer: '/sidecar/drainTimeoutSeconds',
        message: 'unknown key "drainTimeoutSeconds"',
      },
    ],
  ],
  [
    'an outage tolerance too short to cover one retry',
    `${head}sidecar:\n  lokiOutageToleranceSeconds: 5\n`,
    [
      {
        code: 'schema.minimum',
        pointer: '/sidecar/lokiOutageToleranceSeconds',
        message: '5 is out of range',
        allowed: />= 10/,
      },
    ],
  ],
  [
    'memory quantity with a bad unit',
    `${head}sidecar:\n  resources:\n    requests: {cpu: 100m, memory: 128MB}\n    limits: {cpu: 500m, memory: 384Mi}\n`,
    [
      {
        code: 'schema.pattern',
        pointer: '/sidecar/resources/requests/memory',
        message: 'does not have the required form ^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$',
        value: '128MB',
      },
    ],
  ],
  [
    'DAG sync interval in days',
    `${head}dagSync:\n  interval: 1d\n`,
    [
      {
        code: 'schema.pattern',
        pointer: '/dagSync/interval',
        message: 'does not have the required form ^[1-9][0-9]*(s|m|h)$',
        value: '1d',
      },
    ],
  ],
  [
    'a type mismatch',
    `${head}grafana:\n  enabled: "yes"\n`,
    [{ code: 'schema.type', pointer: '/grafana/enabled', message: 'must be boolean' }],
  ],
  [
    'a spec that is a list',
    '- apiVersion: logstack/v1\n',
    [{ code: 'schema.type', pointer: '', message: 'a spec must be a mapping', line: 1 }],
  ],
  [
    'YAML syntax error with line and column',
    `${head}loki:\n  labels: [a, b\n`,
    [
      {
        code: 'syntax',
        pointer: '',
        message:
          'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
        line: 4,
      },
    ],
  ],
  [
    'an alias without an anchor',
    `${head}airflow: *nope\n`,
    [
      {
        code: 'syntax',
        pointer: '',
        message: 'YAML syntax error: alias *nope refers to no anchor: &nope must be set before it',
        line: 2,
        column: 10,
      },
    ],
  ],
  [
    'an alias bomb',
    `${head}a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n`,
    [
      {
        code: 'syntax',
        pointer: '',
        message:
          'YAML syntax error: alias *b expands into more than 100 copies of anchored nodes: aliases of aliases multiply',
        line: 4,
        column: 40,
      },
    ],
  ],
  [
    'duplicate key',
    `${head}loki: {}\nloki: {}\n`,
    [{ code: 'syntax', pointer: '', message: 'YAML syntax error: Map keys must be unique', line: 3 }],
  ],
];

for (const [name, text, expected] of cases) {
  test(name, () => {
    const { model, issues } = checkSpec('bad.yaml', text);
    assert.is(model, undefined, 'an invalid spec yields no model');
    assert.is(issues.length, expected.length, `issues: ${JSON.stringify(issues, null, 2)}`);
    expected.forEach((e, i) => {
      const got = issues[i]!;
      assert.is(got.file, 'bad.yaml');
      assert.is(got.code, e.code);
      assert.is(got.pointer, e.pointer);
      assert.is(got.message, e.message);
      if ('value' in e) assert.equal(got.value, e.value, 'value');
      if (e.line !== undefined) assert.is(got.line, e.line, 'line');
      if (e.column !== undefined) assert.is(got.column, e.column, 'column');
      assert.type(got.line, 'number', 'every issue has a line');
      if (e.allowed) assert.match(got.allowed ?? '', e.allowed);
      if (e.hint) assert.match(got.hint ?? '', e.hint);
    });
  });
}

test('all problems are reported at once, schema and semantic together', () => {
  const { issues } = checkSpec(
    'bad.yaml',
    `${head}lokki: {}\nloki:\n  labels: [namespace, pod]\n  structuredMetadata: [task_id]\nstorage:\n  retentionDays: 0\n`,
  );
  assert.equal(
    issues.map((i) => i.pointer),
    ['/lokki', '/storage/retentionDays', '/loki/labels/1'],
  );
});

test.run();
