import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { header, headerText } from '@logstack/artifact';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { generators } from '../src/generators.js';
import { cli, example, specFile, tempDir, withGenerators } from './helpers.js';

const completeSpec = (dir = tempDir()) =>
  specFile(readFileSync(example('complete'), 'utf8'), 'logstack.yaml', dir);

test('generate --format toml after yaml removes the YAML Vector config; check --format toml then passes', async () => {
  const spec = completeSpec();
  const out = join(spec, '..', 'generated');
  assert.is((await cli('generate', spec)).code, 0);
  writeFileSync(join(out, '.gitkeep'), '');
  writeFileSync(join(out, 'vector', 'NOTES.md'), 'my notes, no header\n');
  const toml = await cli('generate', spec, '--format', 'toml', '--json');
  assert.is(toml.code, 0, toml.stderr);
  assert.equal(JSON.parse(toml.stdout).removed, ['vector/task-logs.yaml']);
  assert.equal(readdirSync(join(out, 'vector')).sort(), ['NOTES.md', 'task-logs.toml']);
  assert.is(readFileSync(join(out, '.gitkeep'), 'utf8'), '');
  const check = await cli('check', spec, '--format', 'toml');
  assert.is(check.code, 0, check.stderr);
  assert.match(check.stdout, /artifacts up to date/);
});

test('check reports header-marked leftovers as stale (never other files) and prints the exact fixing command', async () => {
  const spec = completeSpec();
  const out = join(tempDir(), 'my out');
  assert.is((await cli('generate', spec, '-o', out)).code, 0);
  writeFileSync(join(out, '.gitkeep'), '');
  const r = await cli('check', spec, '-o', out, '--format', 'toml');
  assert.is(r.code, 1);
  assert.equal(
    r.stderr.split('\n').filter((l) => /^(stale|missing):/.test(l)),
    [`missing: ${join(out, 'vector/task-logs.toml')}`, `stale: ${join(out, 'vector/task-logs.yaml')}`],
  );
  const fix = `logstack generate ${spec} -o '${out}' --format toml`;
  assert.ok(r.stderr.endsWith(`3 artifacts drifted; run: ${fix}\n`), r.stderr);
  assert.not.match(r.stderr, /gitkeep/);
  assert.is(JSON.parse((await cli('check', spec, '-o', out, '--format', 'toml', '--json')).stdout).fix, fix);
  // Running the printed command (without its program name) fixes the drift.
  assert.is((await cli('generate', spec, '-o', out, '--format', 'toml')).code, 0);
  assert.is((await cli('check', spec, '-o', out, '--format', 'toml')).code, 0);
  assert.ok(existsSync(join(out, '.gitkeep')));
});

test('the hint without -o and --format is just the spec', async () => {
  const spec = completeSpec();
  assert.is((await cli('generate', spec)).code, 0);
  writeFileSync(join(spec, '..', 'generated', 'values.yaml'), 'edited\n');
  const r = await cli('check', spec);
  assert.is(r.code, 1);
  assert.ok(r.stderr.endsWith(`1 artifact drifted; run: logstack generate ${spec}\n`), r.stderr);
});

/** One artifact per header style the generators use, or only the first when `all` is false. */
const styles =
  (all: boolean): (typeof generators)[number] =>
  (_model, ctx) => {
    const files = [
      { path: 'a.yaml', content: `${header(ctx, 'fake', 'hash')}a: 1\n` },
      { path: 'sub/deep/b.alloy', content: `${header(ctx, 'fake', 'slash')}b {}\n` },
      { path: 'sub/c.md', content: `${header(ctx, 'fake', 'markdown')}\n# C\n` },
      { path: 'sub/d.json', content: `${JSON.stringify({ __generated: headerText(ctx, 'fake'), d: 1 })}\n` },
      {
        path: 'e.json',
        content: `${JSON.stringify({ title: 'E', description: `A board. ${headerText(ctx, 'fake')}` })}\n`,
      },
    ];
    return all ? files : files.slice(0, 1);
  };

test('every header style is recognised; files without it, or generated from another spec, are kept', async () => {
  const dir = tempDir();
  const spec = specFile('apiVersion: logstack/v1\n', 'logstack.yaml', dir);
  const out = join(dir, 'generated');
  await withGenerators([styles(true)], async () => {
    assert.is((await cli('generate', spec)).code, 0);
  });
  mkdirSync(join(out, 'keep'));
  const kept = {
    '.gitkeep': '',
    'keep/plain.yaml': 'a: 1\n',
    'keep/later-line.yaml': `a: 1\n# ${headerText({ specLabel: '../logstack.yaml' }, 'fake')}\n`,
    'keep/other.yaml': `# ${headerText({ specLabel: '../other.yaml' }, 'fake')}\n`,
    'keep/broken.json': '{"__generated": ',
  };
  for (const [path, content] of Object.entries(kept)) writeFileSync(join(out, path), content);
  await withGenerators([styles(false)], async () => {
    const check = await cli('check', spec, '--json');
    assert.is(check.code, 1);
    assert.equal(
      JSON.parse(check.stdout).drift.map((d: { kind: string; path: string }) => `${d.kind}:${d.path}`),
      ['stale:e.json', 'stale:sub/c.md', 'stale:sub/d.json', 'stale:sub/deep/b.alloy'],
    );
    const r = await cli('generate', spec, '--json');
    assert.equal(JSON.parse(r.stdout).removed, ['e.json', 'sub/c.md', 'sub/d.json', 'sub/deep/b.alloy']);
    assert.is((await cli('check', spec)).code, 0);
  });
  assert.equal(readdirSync(out).sort(), ['.gitkeep', 'a.yaml', 'keep'], 'emptied folders are removed');
  for (const [path, content] of Object.entries(kept))
    assert.is(readFileSync(join(out, path), 'utf8'), content);
});

test.run();
