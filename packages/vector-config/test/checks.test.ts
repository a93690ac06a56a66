import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { vectorVersionOfTag } from '../src/index.js';
import { load } from './helpers.js';

const withSidecar = (tag: string, mode?: string) =>
  load(
    `apiVersion: logstack/v1\nsidecar:\n  image:\n    repository: timberio/vector\n    tag: "${tag}"\n${mode ? `  templateConfinement: ${mode}\n` : ''}`,
  );
const codes = (r: ReturnType<typeof load>) => r.issues.map((i) => i.code);

test('versions are read from tags; tags without a version are not guessed', () => {
  assert.equal(vectorVersionOfTag('0.56.0-alpine'), { major: 0, minor: 56, patch: 0 });
  assert.equal(vectorVersionOfTag('v0.57.1-distroless-libc'), { major: 0, minor: 57, patch: 1 });
  assert.equal(vectorVersionOfTag('0.57'), { major: 0, minor: 57, patch: 0 });
  for (const tag of ['latest', 'nightly-2026-11-25-alpine', 'alpine', 'sha-abc'])
    assert.is(vectorVersionOfTag(tag), undefined);
});

test('auto fits any versioned image on both sides of 0.57', () => {
  for (const tag of ['0.56.0-alpine', '0.56.9-alpine', '0.57.0-alpine', '0.58.2-alpine']) {
    const r = withSidecar(tag);
    assert.ok(r.model, tag);
    assert.equal(codes(r), [], tag);
  }
});

test('auto with an unparseable tag is an error at the tag, in the spec’s shape', () => {
  const r = withSidecar('latest');
  assert.is(r.model, undefined);
  const [issue] = r.issues;
  assert.is(issue?.code, 'sidecar.vector-version-unknown');
  assert.is(issue?.pointer, '/sidecar/image/tag');
  assert.is(issue?.value, 'latest');
  assert.is(issue?.file, 'spec.yaml');
  assert.is(issue?.line, 5);
  assert.ok(issue?.message && issue.allowed && issue.hint);
});

test('requireBelow057: fine with 0.56.x, an error with 0.57.0 and with an unknown version', () => {
  assert.equal(codes(withSidecar('0.56.9-alpine', 'requireBelow057')), []);
  const r = withSidecar('0.57.0-alpine', 'requireBelow057');
  assert.equal(codes(r), ['sidecar.template-confinement']);
  assert.is(r.issues[0]?.pointer, '/sidecar/templateConfinement');
  assert.is(r.issues[0]?.line, 6);
  assert.match(r.issues[0]?.message ?? '', /Vector 0\.57\.0/);
  assert.equal(codes(withSidecar('latest', 'requireBelow057')), ['sidecar.vector-version-unknown']);
});

test('allowUnconfined: fine with 0.57.0 and an unversioned tag, an error with 0.56.x where the option does not exist', () => {
  assert.equal(codes(withSidecar('0.57.0-alpine', 'allowUnconfined')), []);
  assert.equal(codes(withSidecar('nightly-alpine', 'allowUnconfined')), []);
  const r = withSidecar('0.56.9-alpine', 'allowUnconfined');
  assert.equal(codes(r), ['sidecar.template-confinement']);
  assert.match(r.issues[0]?.message ?? '', /exists only from 0\.57/);
});

test('a filename template with statements other than if/endif is rejected at the template', () => {
  const r = load(
    'apiVersion: logstack/v1\nairflow:\n  logs:\n    filenameTemplate: "{% for x in y %}dag_id={{ ti.dag_id }}/run_id={{ ti.run_id }}/task_id={{ ti.task_id }}/{{ try_number }}.log{% endfor %}"\n',
  );
  assert.equal(codes(r), ['airflow.log-template-unsupported']);
  assert.is(r.issues[0]?.pointer, '/airflow/logs/filenameTemplate');
  assert.is(r.issues[0]?.line, 4);
});

const withTemplate = (template: string) =>
  load(`apiVersion: logstack/v1\nairflow:\n  logs:\n    filenameTemplate: '${template}'\n`);

test('a filename template whose path cannot yield dag_id is refused at the template', () => {
  const template = '{{ ti.run_id }}/{{ ti.task_id }}/{{ try_number }}.log';
  const r = withTemplate(template);
  assert.is(r.model, undefined);
  assert.equal(
    r.issues.map((i) => [i.code, i.pointer, i.line, i.value, i.message]),
    [
      [
        'airflow.log-template',
        '/airflow/logs/filenameTemplate',
        4,
        template,
        'the log filename template cannot yield dag_id: task identity comes from the file path',
      ],
    ],
  );
});

test('field names written as plain text are not fields: the path pattern decides, not a word search', () => {
  const r = withTemplate('x.log # dag_id run_id task_id try_number');
  assert.equal(
    r.issues.map((i) => [i.code, i.pointer, i.message]),
    ['dag_id', 'run_id', 'task_id', 'the try number'].map((name) => [
      'airflow.log-template',
      '/airflow/logs/filenameTemplate',
      `the log filename template cannot yield ${name}: task identity comes from the file path`,
    ]),
  );
});

test('Airflow’s default template and Python-format fields yield the whole task identity', () => {
  assert.equal(load('apiVersion: logstack/v1\n').issues, []);
  assert.equal(withTemplate('{dag_id}/{run_id}/{task_id}/{try_number}.log').issues, []);
  assert.equal(
    withTemplate('{{ ti.dag_id }}/{{ ti.run_id }}/{{ ti.task_id }}/{{ ti.try_number }}.log').issues,
    [],
  );
});

test('mutual TLS needs both halves', () => {
  const r = load('apiVersion: logstack/v1\nloki:\n  tls:\n    clientCertSecret: { name: c, key: tls.crt }\n');
  assert.equal(codes(r), ['loki.tls-incomplete']);
  assert.is(r.issues[0]?.pointer, '/loki/tls/clientCertSecret');
});

test('a $ in a value copied into the config is rejected', () => {
  const r = load('apiVersion: logstack/v1\nloki:\n  staticLabels: { team: "a$b" }\n');
  assert.equal(codes(r), ['vector.dollar-in-config']);
  assert.is(r.issues[0]?.pointer, '/loki/staticLabels/team');
});

test.run();
