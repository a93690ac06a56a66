import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { header } from '@logstack/artifact';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pkg from '../package.json' with { type: 'json' };
import { writeArtifacts } from '../src/files.js';
import type { generators } from '../src/generators.js';
import { cli, example, repo, tempDir, withGenerators } from './helpers.js';

const bad = (text: string) => {
  const dir = tempDir();
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, text);
  return file;
};

test('validate: a valid spec exits 0', async () => {
  const r = await cli('validate', example('complete'));
  assert.is(r.code, 0);
  assert.match(r.stdout, /valid/);
});

test('validate: an invalid spec exits 2 and names file, line, pointer, value, allowed and fix', async () => {
  const file = bad('apiVersion: logstack/v1\nclusterAgent:\n  type: fluentbit\nlokki: {}\n');
  const r = await cli('validate', file);
  assert.is(r.code, 2);
  assert.match(r.stderr, /bad\.yaml:3:9 \/clusterAgent\/type: "fluentbit" is not an allowed value/);
  assert.match(r.stderr, /allowed: "alloy", "vector-agent", "none"/);
  assert.match(r.stderr, /bad\.yaml:4:1 \/lokki: unknown key "lokki"/);
  assert.match(r.stderr, /fix: +did you mean "loki"\?/);
  assert.match(r.stderr, /2 problems found/);
});

test('validate --json: machine output on stdout, still exit 2', async () => {
  const r = await cli('validate', bad('apiVersion: logstack/v1\nstorage: {retentionDays: 0}\n'), '--json');
  assert.is(r.code, 2);
  const out = JSON.parse(r.stdout);
  assert.is(out.valid, false);
  assert.equal(
    out.issues.map((i: { pointer: string; line: number }) => [i.pointer, i.line]),
    [['/storage/retentionDays', 2]],
  );
});

test('a YAML syntax error shows line and column', async () => {
  const r = await cli('validate', bad('apiVersion: logstack/v1\nloki:\n  labels: [a, b\n'));
  assert.is(r.code, 2);
  assert.match(r.stderr, /bad\.yaml:4:1 \/: YAML syntax error/);
});

test('a missing spec file exits 2 with the path', async () => {
  const r = await cli('validate', '/nonexistent/spec.yaml');
  assert.is(r.code, 2);
  assert.match(r.stderr, /cannot read spec \/nonexistent\/spec\.yaml/);
});

test('unknown command and unknown option exit 2', async () => {
  assert.is((await cli('frobnicate')).code, 2);
  assert.is((await cli('validate', example('minimal'), '--nope')).code, 2);
});

test('--help and --version exit 0', async () => {
  const help = await cli('--help');
  assert.is(help.code, 0);
  for (const cmd of ['validate', 'generate', 'check', 'render', 'explain', 'queries', 'dags', 'verify'])
    assert.match(help.stdout, new RegExp(`\\b${cmd}\\b`));
  const version = await cli('--version');
  assert.is(version.code, 0);
  assert.is(version.stdout.trim(), pkg.version);
  assert.is((await cli('generate', '--help')).code, 0);
});

const fake: (typeof generators)[number] = (model, ctx) => [
  { path: 'a/one.yaml', content: `${header(ctx, 'fake', 'hash')}ns: ${model.airflow.namespace}\n` },
  { path: 'two.txt', content: 'two\n' },
];

test('generate writes every artifact, and a second run changes nothing', async () => {
  await withGenerators([fake], async () => {
    const out = tempDir();
    const first = await cli('generate', example('complete'), '-o', out, '--json');
    assert.is(first.code, 0);
    assert.equal(JSON.parse(first.stdout).changed, ['a/one.yaml', 'two.txt']);
    assert.match(readFileSync(join(out, 'a/one.yaml'), 'utf8'), /ns: data-platform/);
    const second = await cli('generate', example('complete'), '-o', out, '--json');
    assert.equal(JSON.parse(second.stdout).changed, []);
  });
});

test('generate on an invalid spec writes nothing and exits 2', async () => {
  await withGenerators([fake], async () => {
    const out = tempDir();
    const r = await cli('generate', bad('apiVersion: logstack/v1\nloki: {mode: external}\n'), '-o', out);
    assert.is(r.code, 2);
    assert.equal(readdirSync(out), []);
  });
});

test('a generator that fails leaves every existing file as it was', async () => {
  const out = tempDir();
  await withGenerators([fake], async () => {
    assert.is((await cli('generate', example('complete'), '-o', out)).code, 0);
  });
  const before = readFileSync(join(out, 'a/one.yaml'), 'utf8');
  const failing: (typeof generators)[number] = () => {
    throw new Error('boom');
  };
  const changedFake: (typeof generators)[number] = () => [{ path: 'a/one.yaml', content: 'changed\n' }];
  await withGenerators([changedFake, failing], async () => {
    const r = await cli('generate', example('complete'), '-o', out);
    assert.is(r.code, 2);
    assert.match(r.stderr, /logstack\.yaml \/: the spec passed the checks but cannot be generated: boom/);
  });
  assert.is(readFileSync(join(out, 'a/one.yaml'), 'utf8'), before);
});

test('writeArtifacts: a target that is a folder fails before any write, with no temporary file left', () => {
  const out = tempDir();
  mkdirSync(join(out, 'blocked'), { recursive: true });
  writeFileSync(join(out, 'blocked', 'keep'), 'x');
  writeFileSync(join(out, 'first.yaml'), 'old\n');
  assert.throws(
    () =>
      writeArtifacts(out, [
        { path: 'first.yaml', content: 'new\n' },
        { path: 'blocked', content: 'cannot replace a directory\n' },
      ]),
    (err: Error & { exitCode: number }) =>
      err.exitCode === 3 && err.message.includes(`${join(out, 'blocked')} is a folder, not a file`),
  );
  assert.is(readFileSync(join(out, 'first.yaml'), 'utf8'), 'old\n');
  assert.equal(readdirSync(out).sort(), ['blocked', 'first.yaml']);
  assert.equal(readdirSync(join(out, 'blocked')), ['keep']);
});

test('check: up to date exits 0; a changed, a missing and a stale file exit 1 with a diff', async () => {
  await withGenerators([fake], async () => {
    const out = tempDir();
    await cli('generate', example('complete'), '-o', out);
    assert.is((await cli('check', example('complete'), '-o', out)).code, 0);
    const oneYaml = readFileSync(join(out, 'a/one.yaml'), 'utf8');
    writeFileSync(join(out, 'a/one.yaml'), oneYaml.replace('ns: data-platform', 'ns: edited'));
    writeFileSync(join(out, 'stale.yaml'), oneYaml);
    const r = await cli('check', example('complete'), '-o', out);
    assert.is(r.code, 1);
    assert.match(r.stderr, /changed: .*a\/one\.yaml/);
    assert.match(r.stderr, /^-ns: edited$/m);
    assert.match(r.stderr, /^\+ns: data-platform$/m);
    assert.match(r.stderr, /stale: .*stale\.yaml/);
    const json = await cli('check', example('complete'), '-o', out, '--json');
    assert.equal(
      JSON.parse(json.stdout).drift.map((d: { kind: string; path: string }) => `${d.kind}:${d.path}`),
      ['changed:a/one.yaml', 'stale:stale.yaml'],
    );
  });
});

test('generate is deterministic across processes: two runs, same bytes', () => {
  const a = tempDir();
  const b = tempDir();
  const dev = join(repo, 'tools/logstack-dev');
  for (const out of [a, b])
    execFileSync(dev, ['generate', 'examples/complete/logstack.yaml', '-o', out], { cwd: repo });
  const files = (d: string) =>
    spawnSync('find', ['.', '-type', 'f'], { cwd: d, encoding: 'utf8' }).stdout.split('\n').sort();
  assert.equal(files(a), files(b));
  assert.ok(files(a).length > 1, 'the real generators produce artifacts');
  for (const f of files(a).filter(Boolean))
    assert.is(readFileSync(join(a, f), 'utf8'), readFileSync(join(b, f), 'utf8'), f);
});

test('every real artifact carries a header naming its source spec', async () => {
  const out = tempDir();
  const r = await cli('generate', example('minimal'), '-o', out, '--json');
  assert.is(r.code, 0, r.stderr);
  const paths: string[] = JSON.parse(r.stdout).artifacts;
  assert.ok(paths.length > 0);
  for (const p of paths)
    assert.match(
      readFileSync(join(out, p), 'utf8'),
      /Generated by logstack .* from \.\.\/.*\/examples\/minimal\/logstack\.yaml\./,
      p,
    );
});

test('committed example artifacts are exactly what the generator makes now (drift check)', async () => {
  for (const name of ['minimal', 'complete']) {
    const r = await cli('check', example(name));
    assert.is(r.code, 0, `examples/${name}: ${r.stderr}\nrun: bash tools/main.sh`);
  }
});

test('committed rendered examples are what a real helm template renders now (drift check)', async () => {
  for (const name of ['minimal', 'complete']) {
    const r = await cli('render', example(name));
    assert.is(r.code, 0, r.stderr);
    const committed = readFileSync(join(repo, 'examples', name, 'rendered.yaml'), 'utf8');
    assert.ok(committed === r.stdout, `examples/${name}/rendered.yaml drifted; run: bash tools/main.sh`);
  }
});

test.run();
