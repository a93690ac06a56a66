import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { check, model } from './tools.js';

const spec = (sidecar: string, airflow = '') =>
  `apiVersion: logstack/v1\n${airflow}sidecar:\n${sidecar
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n')}\n`;

/** Each bad spec and the problems it must get, in the spec's error shape. */
const cases: [string, string, { code: string; pointer: string; line?: number; message: RegExp }[]][] = [
  [
    'a distroless image has no shell for the probe and drain',
    spec('image: { repository: timberio/vector, tag: 0.56.0-distroless-libc }'),
    [{ code: 'sidecar.image-no-shell', pointer: '/sidecar/image/tag', line: 3, message: /distroless-libc/ }],
  ],
  [
    'a debian image has a shell but no wget',
    spec('image: { repository: timberio/vector, tag: 0.57.0-debian }'),
    [{ code: 'sidecar.image-no-shell', pointer: '/sidecar/image/tag', message: /"debian" Vector image/ }],
  ],
  [
    'a floating tag says nothing about the variant',
    spec('image: { repository: timberio/vector, tag: latest-alpine }'),
    [{ code: 'sidecar.image-no-shell', pointer: '/sidecar/image/tag', message: /not a Vector release tag/ }],
  ],
  [
    'limits below requests (the spec package checks it, the pod wiring adds nothing)',
    spec('resources:\n  requests: { cpu: 200m, memory: 256Mi }\n  limits: { cpu: 100m, memory: 128Mi }'),
    [
      {
        code: 'sidecar.limits-below-requests',
        pointer: '/sidecar/resources/limits/cpu',
        message: /CPU limit/,
      },
      {
        code: 'sidecar.limits-below-requests',
        pointer: '/sidecar/resources/limits/memory',
        message: /memory/,
      },
    ],
  ],
  [
    'API and metrics on one port',
    spec('metricsPort: 9000\napiPort: 9000'),
    [{ code: 'sidecar.port-clash', pointer: '/sidecar/apiPort', message: /both listen on port 9000/ }],
  ],
  [
    'the CeleryExecutor',
    'apiVersion: logstack/v1\nairflow:\n  executor: CeleryExecutor\n',
    [
      {
        code: 'airflow.executor-unsupported',
        pointer: '/airflow/executor',
        line: 3,
        message: /^the task-log sidecar supports KubernetesExecutor task pods only: Celery workers/,
      },
    ],
  ],
  [
    'Celery and Kubernetes executors together (Celery workers would get the sidecar too)',
    'apiVersion: logstack/v1\nairflow:\n  executor: CeleryExecutor,KubernetesExecutor\n',
    [
      {
        code: 'airflow.executor-unsupported',
        pointer: '/airflow/executor',
        line: 3,
        message: /Celery workers/,
      },
    ],
  ],
  [
    'logs folder inside a Loki credentials mount',
    'apiVersion: logstack/v1\nairflow:\n  logs:\n    folder: /etc/vector-secrets/loki-tls/logs\nloki:\n  tls:\n    caSecret: { name: ca, key: ca.crt }\n',
    [
      {
        code: 'sidecar.mount-clash',
        pointer: '/airflow/logs/folder',
        line: 4,
        message: /overlaps \/etc\/vector-secrets\/loki-tls,/,
      },
    ],
  ],
  [
    'logs folder inside the sidecar config mount',
    'apiVersion: logstack/v1\nairflow:\n  logs:\n    folder: /etc/vector/logs\n',
    [{ code: 'sidecar.mount-clash', pointer: '/airflow/logs/folder', line: 4, message: /\/etc\/vector/ }],
  ],
];

for (const [name, text, expected] of cases)
  test(name, () => {
    const { issues } = check(text);
    assert.is(issues.length, expected.length, JSON.stringify(issues, null, 1));
    expected.forEach((want, i) => {
      const got = issues[i]!;
      assert.is(got.code, want.code);
      assert.is(got.pointer, want.pointer);
      assert.is(got.file, 'logstack.yaml');
      assert.match(got.message, want.message);
      assert.ok(got.allowed, `${want.code} says what is allowed`);
      if (want.line !== undefined) assert.is(got.line, want.line);
    });
  });

test('the executor check says exactly what is refused, what is allowed and what to do', () => {
  const { issues } = check('apiVersion: logstack/v1\nairflow:\n  executor: CeleryExecutor\n');
  assert.equal(issues, [
    {
      file: 'logstack.yaml',
      line: 3,
      column: 13,
      code: 'airflow.executor-unsupported',
      pointer: '/airflow/executor',
      value: 'CeleryExecutor',
      message:
        'the task-log sidecar supports KubernetesExecutor task pods only: Celery workers keep task logs on a persistent volume, which the sidecar would ship again after every restart, and its grace period would cut their warm shutdown',
      allowed: 'KubernetesExecutor',
      hint: 'set airflow.executor to KubernetesExecutor',
    },
  ]);
});

test('the defaults pass every check, and an alpine tag of another version too', () => {
  model();
  model(spec('image: { repository: registry.example.com/timberio/vector, tag: 0.57.1-alpine }'));
});

test.run();
