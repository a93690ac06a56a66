import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { header, headerText } from '@logstack/artifact';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { generators } from '../src/generators.js';
import { cli, example, specFile, tempDir, withGenerators } from './helpers.js';

// generate never writes through a symbolic link, and takes over only files it generated from the
// same spec: anything else at an artifact path is a conflict (exit 3, nothing written) unless --force.

/** Artifacts at the depths and in the header styles the real generators use. */
const fakes: (typeof generators)[number] = (_model, ctx) => [
  { path: 'values.yaml', content: `${header(ctx, 'fake', 'hash')}a: 1\n` },
  { path: 'vector/task-logs.yaml', content: `${header(ctx, 'fake', 'hash')}b: 1\n` },
  { path: 'alerts/loki/rules.yaml', content: `${header(ctx, 'fake', 'hash')}c: 1\n` },
  { path: 'queries/logql.md', content: `${header(ctx, 'fake', 'markdown')}\n# Q\n` },
  {
    path: 'grafana/dashboards/board.json',
    content: `${JSON.stringify({ title: 'B', description: `A board. ${headerText(ctx, 'fake')}` })}\n`,
  },
];

/** Every file and link under `dir` with its bytes (links as `-> target`). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) out[path] = `-> ${readlinkSync(join(dir, path))}`;
      else if (e.isDirectory()) walk(path);
      else out[path] = readFileSync(join(dir, path), 'utf8');
    }
  };
  walk('');
  return out;
}

/** A spec and its output folder, generated once with the fakes. */
async function generated() {
  const dir = tempDir('ownership-');
  const spec = specFile('apiVersion: logstack/v1\n', 'logstack.yaml', dir);
  const out = join(dir, 'generated');
  await withGenerators([fakes], async () => assert.is((await cli('generate', spec)).code, 0));
  return { dir, spec, out };
}

const generate = (...argv: string[]) => withGeneratorsResult(() => cli('generate', ...argv));
async function withGeneratorsResult<T>(fn: () => Promise<T>): Promise<T> {
  let result: T | undefined;
  await withGenerators([fakes], async () => {
    result = await fn();
  });
  return result as T;
}

test('links to files outside the folder, at three depths, are refused even with --force; their targets are untouched', async () => {
  const { dir, spec, out } = await generated();
  const links = ['values.yaml', 'vector/task-logs.yaml', 'alerts/loki/rules.yaml'];
  for (const [i, path] of links.entries()) {
    const precious = join(dir, `precious-${i}.txt`);
    writeFileSync(precious, `mine ${i}\n`);
    execFileSync('rm', [join(out, path)]);
    symlinkSync(precious, join(out, path));
  }
  writeFileSync(spec, 'apiVersion: logstack/v1\n# changed, so every artifact would be rewritten\n');
  const before = snapshot(dir);
  for (const force of [[], ['--force']]) {
    const r = await generate(spec, ...force);
    assert.is(r.code, 3, r.stderr);
    assert.ok(r.stderr.startsWith(`cannot write into ${out}, nothing written:\n`), r.stderr);
    for (const path of links)
      assert.ok(
        r.stderr.includes(`  ${join(out, path)} is a symbolic link; logstack never writes through links`),
        path,
      );
    assert.equal(snapshot(dir), before, 'nothing written, through a link or beside it');
  }
});

test('a linked folder on the way to an artifact, at the top and one level down, is refused', async () => {
  const { dir, spec, out } = await generated();
  const elsewhere = join(dir, 'elsewhere');
  mkdirSync(join(elsewhere, 'loki'), { recursive: true });
  mkdirSync(join(elsewhere, 'dashboards'), { recursive: true });
  execFileSync('rm', ['-r', join(out, 'alerts'), join(out, 'grafana/dashboards')]);
  symlinkSync(elsewhere, join(out, 'alerts'));
  symlinkSync(join(elsewhere, 'dashboards'), join(out, 'grafana/dashboards'));
  const before = snapshot(dir);
  const r = await generate(spec, '--force');
  assert.is(r.code, 3);
  assert.ok(r.stderr.includes(`  ${join(out, 'alerts')} is a symbolic link`), r.stderr);
  assert.ok(r.stderr.includes(`  ${join(out, 'grafana/dashboards')} is a symbolic link`), r.stderr);
  assert.equal(snapshot(dir), before);
  assert.equal(readdirSync(join(elsewhere, 'loki')), [], 'no file arrived through the link');
});

test('foreign files (no header, another spec, a broken or headerless JSON) are conflicts, all named; --force takes them over', async () => {
  const { spec, out } = await generated();
  const other = `# ${headerText({ specLabel: '../other.yaml' }, 'fake')}\nb: 2\n`;
  const foreign: Record<string, [content: string, why: string]> = {
    'values.yaml': ['# my own values\nairflow: {}\n', 'exists and was not written by logstack'],
    'vector/task-logs.yaml': [other, 'was generated from ../other.yaml, not from ../logstack.yaml'],
    'queries/logql.md': ['# Notes\n', 'exists and was not written by logstack'],
    'grafana/dashboards/board.json': ['{"title": "hand-made"}\n', 'exists and was not written by logstack'],
    'alerts/loki/rules.yaml': ['', 'exists and was not written by logstack'],
  };
  for (const [path, [content]] of Object.entries(foreign)) writeFileSync(join(out, path), content);
  const before = snapshot(out);
  const r = await generate(spec);
  assert.is(r.code, 3);
  for (const [path, [, why]] of Object.entries(foreign))
    assert.ok(r.stderr.includes(`  ${join(out, path)} ${why}`), `${path}: ${r.stderr}`);
  assert.match(
    r.stderr,
    /5 files are not logstack's for this spec: move them away, or run again with --force/,
  );
  assert.equal(snapshot(out), before);
  const json = await generate(spec, '--json');
  assert.is(JSON.parse(json.stdout).exitCode, 3);
  const forced = await generate(spec, '--force');
  assert.is(forced.code, 0, forced.stderr);
  assert.is((await withGeneratorsResult(() => cli('check', spec))).code, 0);
});

test('the issue’s case with the real generators: a link at values.yaml keeps precious.txt and exits 3', async () => {
  const dir = tempDir('precious-');
  const precious = join(dir, 'precious.txt');
  writeFileSync(precious, 'precious\n');
  const out = join(dir, 'out');
  mkdirSync(out);
  symlinkSync(precious, join(out, 'values.yaml'));
  const r = await cli('generate', example('minimal'), '-o', out);
  assert.is(r.code, 3);
  assert.match(r.stderr, /out\/values\.yaml is a symbolic link/);
  assert.is(readFileSync(precious, 'utf8'), 'precious\n');
  assert.equal(readdirSync(out), ['values.yaml'], 'nothing else written either');
});

test('a FIFO at an artifact path is refused without being opened', async () => {
  const { spec, out } = await generated();
  execFileSync('rm', [join(out, 'queries/logql.md')]);
  execFileSync('mkfifo', [join(out, 'queries/logql.md')]);
  const r = await generate(spec, '--force');
  assert.is(r.code, 3);
  assert.match(r.stderr, /queries\/logql\.md is a special file, not a regular file/);
});

test('render -o: a rendered.yaml logstack did not render is a conflict; --force replaces it, later runs need no flag', async () => {
  const dir = tempDir('render-own-');
  writeFileSync(join(dir, 'rendered.yaml'), 'kind: Mine\n');
  const r = await cli('render', example('minimal'), '-o', dir);
  assert.is(r.code, 3);
  assert.match(r.stderr, /rendered\.yaml exists and was not written by logstack/);
  assert.is(readFileSync(join(dir, 'rendered.yaml'), 'utf8'), 'kind: Mine\n');
  assert.is((await cli('render', example('minimal'), '-o', dir, '--force')).code, 0);
  assert.match(readFileSync(join(dir, 'rendered.yaml'), 'utf8'), /^# Generated by logstack \(render\) from /);
  assert.is((await cli('render', example('minimal'), '-o', dir)).code, 0);
});

test('temporary files and the lock of a run in progress are neither stale for check nor removed by generate', async () => {
  const { spec, out } = await generated();
  const inFlight = readFileSync(join(out, 'values.yaml'), 'utf8');
  writeFileSync(join(out, '.values.yaml.4242.0badcafe.logstack-tmp'), inFlight);
  writeFileSync(join(out, 'vector/.task-logs.yaml.4242.0badcafe.logstack-tmp'), inFlight);
  const check = await withGeneratorsResult(() => cli('check', spec));
  assert.is(check.code, 0, check.stderr);
  assert.is((await generate(spec)).code, 0);
  assert.ok(existsSync(join(out, '.values.yaml.4242.0badcafe.logstack-tmp')));
  assert.ok(existsSync(join(out, 'vector/.task-logs.yaml.4242.0badcafe.logstack-tmp')));
});

test.run();
