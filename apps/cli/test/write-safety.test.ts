import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, example, specFile, tempDir } from './helpers.js';

/** Every entry under `dir` (files with their bytes, folders as '/'), by relative path. */
function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(e.parentPath, e.name);
    entries[relative(dir, path)] = e.isDirectory() ? '/' : readFileSync(path, 'utf8');
  }
  return entries;
}

/** The complete example in a temporary folder, generated, then edited so every artifact would change. */
async function generatedThenEdited() {
  const text = readFileSync(example('complete'), 'utf8');
  const spec = specFile(text);
  assert.is((await cli('generate', spec)).code, 0);
  writeFileSync(spec, text.replace(/namespace: data-platform/g, 'namespace: data-team'));
  return { spec, out: join(spec, '..', 'generated') };
}

test('generate: a folder where a file goes fails with exit 3 naming it, before writing anything', async () => {
  const { spec, out } = await generatedThenEdited();
  rmSync(join(out, 'queries/logql.md'));
  mkdirSync(join(out, 'queries/logql.md'));
  const before = snapshot(out);
  const r = await cli('generate', spec);
  assert.is(r.code, 3);
  assert.is(r.stdout, '');
  assert.is(
    r.stderr,
    `cannot write into ${out}, nothing written:\n  ${join(out, 'queries/logql.md')} is a folder, not a file\n`,
  );
  assert.equal(snapshot(out), before, 'no file rewritten, no temporary file left');
  const check = await cli('check', spec);
  assert.is(check.code, 3);
  assert.is(check.stderr, `cannot use ${join(out, 'queries/logql.md')}: it is a folder, not a file\n`);
});

test('generate and check with -o a regular file exit 3 naming it; the file is untouched', async () => {
  const dir = tempDir();
  const file = join(dir, 'afile');
  writeFileSync(file, 'mine\n');
  for (const command of ['generate', 'check']) {
    const r = await cli(command, example('minimal'), '-o', file);
    assert.is(r.code, 3, command);
    assert.match(r.stderr, new RegExp(`${file}.* is a file, not a folder\\n$`), command);
    assert.not.match(r.stderr, /internal error/);
  }
  assert.is(readFileSync(file, 'utf8'), 'mine\n');
  assert.equal(readdirSync(dir), ['afile']);
});

test('a file where a folder goes fails generate (exit 3) and check (exit 3) by name', async () => {
  const { spec, out } = await generatedThenEdited();
  rmSync(join(out, 'vector'), { recursive: true });
  writeFileSync(join(out, 'vector'), 'in the way\n');
  const before = snapshot(out);
  const r = await cli('generate', spec);
  assert.is(r.code, 3);
  assert.match(r.stderr, new RegExp(`  ${join(out, 'vector')} is a file, not a folder\\n$`));
  assert.equal(snapshot(out), before);
  const check = await cli('check', spec);
  assert.is(check.code, 3);
  assert.match(
    check.stderr,
    /^cannot use .*\/vector\/task-logs\.yaml: a part of the path is a file, not a folder\n$/,
  );
});

test('render -o a regular file exits 3 naming it', async () => {
  const file = join(tempDir(), 'afile');
  writeFileSync(file, 'mine\n');
  const r = await cli('render', example('minimal'), '-o', file);
  assert.is(r.code, 3);
  assert.match(r.stderr, new RegExp(`  ${file} is a file, not a folder\\n$`));
  assert.is(readFileSync(file, 'utf8'), 'mine\n');
});

test.run();
