import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSpec, imageRef, loadSpec, readSchemas, SpecError } from '../src/index.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const example = (name: string) => readFileSync(`${repo}examples/${name}/logstack.yaml`, 'utf8');

test('both examples are valid', () => {
  for (const name of ['minimal', 'complete']) {
    const { model, issues } = checkSpec(`examples/${name}/logstack.yaml`, example(name));
    assert.equal(issues, [], name);
    assert.ok(model, name);
  }
});

test('a minimal spec gets every default the schema declares', () => {
  const model = loadSpec('m.yaml', 'apiVersion: logstack/v1\n') as unknown as Record<string, unknown>;
  const schemas = readSchemas();
  const root = schemas.get('logstack.schema.json') as { properties: Record<string, { $ref?: string }> };
  for (const [section, prop] of Object.entries(root.properties)) {
    if (!prop.$ref) continue;
    const sectionSchema = schemas.get(prop.$ref) as { properties: Record<string, { default?: unknown }> };
    const value = model[section] as Record<string, unknown>;
    assert.type(value, 'object', section);
    for (const [key, child] of Object.entries(sectionSchema.properties))
      if ('default' in child) {
        // Object defaults are filled in further by their own properties' defaults.
        if (child.default && typeof child.default === 'object' && !Array.isArray(child.default))
          assert.type(value[key], 'object', `${section}.${key}`);
        else assert.equal(value[key], child.default, `${section}.${key}`);
      }
  }
});

test('the complete example keeps what it sets instead of defaults', () => {
  const model = loadSpec('c.yaml', example('complete'));
  assert.is(model.airflow.namespace, 'data-platform');
  assert.is(model.storage.retentionDays, 14);
  assert.equal(model.loki.staticLabels, { cluster: 'prod-eu-1' });
  assert.is(model.secrets.metadataDb.enabled, true);
});

test('JSON specs are accepted and located by line too', () => {
  const json = '{\n  "apiVersion": "logstack/v1",\n  "loki": {\n    "tenant": "a b"\n  }\n}\n';
  const { issues } = checkSpec('s.json', json);
  assert.is(issues.length, 1);
  assert.is(issues[0]!.pointer, '/loki/tenant');
  assert.is(issues[0]!.line, 4);
});

test('loadSpec throws a SpecError carrying every issue, formatted with file, line and pointer', () => {
  try {
    loadSpec('x.yaml', 'apiVersion: logstack/v1\nlokki: {}\nstorage:\n  retentionDays: 0\n');
    assert.unreachable('should throw');
  } catch (err) {
    assert.instance(err, SpecError);
    const e = err as SpecError;
    assert.is(e.issues.length, 2);
    assert.match(e.message, /^x\.yaml:2:1 \/lokki: unknown key "lokki"/m);
    assert.match(e.message, /^x\.yaml:4:18 \/storage\/retentionDays: 0 is out of range/m);
    assert.match(e.message, /fix: {5}did you mean "loki"\?/);
  }
});

test('loading is deterministic and does not depend on key order of defaults', () => {
  const a = JSON.stringify(loadSpec('a.yaml', example('complete')));
  const b = JSON.stringify(loadSpec('a.yaml', example('complete')));
  assert.is(a, b);
});

test('generated types are in step with the schemas', () => {
  // Fails with a message naming the drifted file when a schema changed without `node tools/gen-types.mjs`.
  execFileSync(process.execPath, [`${repo}tools/gen-types.mjs`, '--check'], { cwd: repo, stdio: 'pipe' });
});

test('imageRef: repository:tag, and @digest appended when a digest pins the image', () => {
  assert.is(
    imageRef({ repository: 'timberio/vector', tag: '0.57.0-alpine' }),
    'timberio/vector:0.57.0-alpine',
  );
  const digest = `sha256:${'ab'.repeat(32)}`;
  assert.is(imageRef({ repository: 'r.example/x', tag: '1', digest }), `r.example/x:1@${digest}`);
});

test('a field made a label leaves the default structured metadata; a written list stays as written', () => {
  const promoted = loadSpec(
    't.yaml',
    'apiVersion: logstack/v1\nloki:\n  labels: [namespace, dag_id, level]\n',
  );
  assert.equal(promoted.loki.labels, ['namespace', 'dag_id', 'level']);
  assert.not.ok((promoted.loki.structuredMetadata as string[]).includes('level'));
  assert.ok(promoted.loki.structuredMetadata.includes('logger'), 'the other defaults stay');
  const written = checkSpec(
    't.yaml',
    'apiVersion: logstack/v1\nloki:\n  labels: [namespace, level]\n  structuredMetadata: [level]\n',
  );
  assert.equal(
    written.issues.map((i) => i.code),
    ['labels.also-metadata'],
  );
});

test('a static label leaves the default structured metadata; a written list stays as written and is refused', () => {
  const defaulted = loadSpec('t.yaml', 'apiVersion: logstack/v1\nloki:\n  staticLabels: {logger: airflow}\n');
  assert.equal(defaulted.loki.structuredMetadata, [
    'task_id',
    'run_id',
    'map_index',
    'attempt',
    'pod',
    'node',
    'level',
  ]);
  const written = checkSpec(
    't.yaml',
    'apiVersion: logstack/v1\nloki:\n  staticLabels: {logger: airflow}\n  structuredMetadata: [task_id, logger]\n',
  );
  assert.equal(
    written.issues.map((i) => [i.code, i.pointer, i.line]),
    [['labels.also-metadata', '/loki/staticLabels/logger', 3]],
  );
});

test.run();
