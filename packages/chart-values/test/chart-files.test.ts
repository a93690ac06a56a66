import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { lockDigest } from '../src/chart-lock.js';
import {
  chartDir,
  chartFiles,
  documentedValues,
  fillGeneratedBlocks,
  generatedBlockNames,
  runTool,
} from '../src/index.js';

const files = chartFiles();
const onDisk = (p: string) => readFileSync(join(chartDir, p), 'utf8');

for (const f of files)
  test(`${f.path} in the chart is what logstack chart generates (run logstack chart when this fails)`, () => {
    assert.is(onDisk(f.path), f.content);
  });

test('chartFiles is deterministic', () => {
  assert.equal(chartFiles(), files);
});

test('every key of the own sections, and every top-level key, has a # -- comment and so a README row', () => {
  const values = parse(onDisk('values.yaml')) as Record<string, Record<string, unknown>>;
  const documented = new Set(documentedValues(onDisk('values.yaml')).map((d) => d.key));
  const own = ['taskLogs', 'airflowSecrets', 'metadataDb', 'objectStorage', 'monitoring'];
  const observability = values.observability as Record<string, Record<string, unknown>>;
  const expected = [
    ...Object.keys(values),
    ...own.flatMap((s) => Object.keys(values[s] ?? {}).map((k) => `${s}.${k}`)),
    ...['airflow', 'loki', 'alloy', 'vector'].map((s) => `${s}.enabled`),
    // observability: every key of its parts, the generated content keys too.
    ...Object.entries(observability).flatMap(([part, keys]) => [
      `observability.${part}`,
      ...Object.keys(keys ?? {}).map((k) => `observability.${part}.${k}`),
    ]),
  ];
  for (const key of expected) assert.ok(documented.has(key), `${key} is documented`);
  const readme = onDisk('README.md');
  for (const key of expected) assert.ok(readme.includes(`| \`${key}\` |`), `${key} is in the README`);
});

test('documentedValues reads helm-docs comments: description, section, default, and generated blocks', () => {
  const text = `# -- Top.\n# @section -- A\ntop:\n  # -- Inner, on\n  # two lines.\n  # @section -- A\n  inner: 3\n  # -- Gen.\n  # BEGIN GENERATED top.gen\n  gen:\n    x: 1\n    # -- not a key doc\n    y: 2\n  # END GENERATED top.gen\n  undocumented: 1\n`;
  assert.equal(documentedValues(text), [
    {
      key: 'top',
      section: 'A',
      description: 'Top.',
      default: '{"inner":3,"gen":{"x":1,"y":2},"undocumented":1}',
      generated: false,
    },
    { key: 'top.inner', section: 'A', description: 'Inner, on two lines.', default: '3', generated: false },
    {
      key: 'top.gen',
      section: 'A',
      description: 'Gen.',
      default: '(generated from the default spec)',
      generated: true,
    },
  ]);
});

test('fillGeneratedBlocks replaces exactly the lines between the markers, at their indentation', () => {
  const text = 'a:\n  # BEGIN GENERATED a.b\n  b: old\n  # END GENERATED a.b\nc: 1\n';
  const filled = fillGeneratedBlocks(text, { 'a.b': { b: { x: 'y' } } });
  assert.is(filled, 'a:\n  # BEGIN GENERATED a.b\n  b:\n    x: y\n  # END GENERATED a.b\nc: 1\n');
  assert.equal(generatedBlockNames(filled), ['a.b']);
  assert.throws(() => fillGeneratedBlocks(text, {}), /no content for the generated block a\.b/);
  assert.throws(() => fillGeneratedBlocks(text, { 'a.b': {}, nope: {} }), /no generated block named nope/);
});

test('the bundled values.schema.json refers to nothing outside itself', () => {
  const text = onDisk('values.schema.json');
  for (const m of text.matchAll(/"\$ref": "([^"]*)"/g)) assert.match(m[1] ?? '', /^#\//);
});

test('Chart.lock carries the digest Helm computes: helm dependency build accepts it and rejects a changed pin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logstack-lock-'));
  cpSync(chartDir, dir, { recursive: true });
  const ok = runTool('helm3', ['dependency', 'build', dir]);
  // No chart repository is reachable: Helm gets past the lock check and stops at the repositories.
  assert.match(ok.stderr, /no repository definition for https:\/\/airflow\.apache\.org/);
  writeFileSync(join(dir, 'Chart.lock'), onDisk('Chart.lock').replace('version: 1.11.1', 'version: 1.11.2'));
  const tampered = runTool('helm3', ['dependency', 'build', dir]);
  assert.match(tampered.stderr, /Chart\.lock\) is out of sync/);
});

test('the lock digest changes with any pin', () => {
  const deps = [{ name: 'a', version: '1.0.0', repository: 'https://x', condition: 'a.enabled' }];
  assert.is.not(lockDigest(deps), lockDigest([{ ...deps[0], version: '1.0.1' } as (typeof deps)[0]]));
});

test.run();
