import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, example, repo, specFile, tempDir } from './helpers.js';

const invalid = () => specFile('apiVersion: logstack/v1\nstorage: {retentionDays: 0}\n');

test('--json: a spec that cannot be read gives one JSON object on stdout with the error', async () => {
  const r = await cli('validate', '/nonexistent/spec.yaml', '--json');
  assert.is(r.code, 2);
  assert.equal(JSON.parse(r.stdout), {
    ok: false,
    exitCode: 2,
    error:
      "cannot read spec /nonexistent/spec.yaml: ENOENT: no such file or directory, open '/nonexistent/spec.yaml'",
  });
});

for (const argv of [
  ['check'],
  ['generate', '-o', tempDir()],
  ['explain', '--dags', '1', '--daily-runs', '1'],
])
  test(`${argv[0]} --json: an invalid spec gives { ok: false, exitCode: 2, issues } on stdout`, async () => {
    const file = invalid();
    const r = await cli(argv[0]!, file, ...argv.slice(1), '--json');
    assert.is(r.code, 2);
    const out = JSON.parse(r.stdout);
    assert.equal(Object.keys(out), ['ok', 'exitCode', 'issues']);
    assert.equal([out.ok, out.exitCode], [false, 2]);
    assert.equal(
      out.issues.map((i: { file: string; pointer: string; line: number }) => [i.file, i.pointer, i.line]),
      [[file, '/storage/retentionDays', 2]],
    );
    assert.match(r.stderr, /\/storage\/retentionDays/);
  });

test('--json: an environment error and a bad flag give exit code and error on stdout', async () => {
  const file = join(tempDir(), 'afile');
  writeFileSync(file, '');
  const env = await cli('generate', example('minimal'), '-o', file, '--json');
  assert.is(env.code, 3);
  assert.equal(JSON.parse(env.stdout), {
    ok: false,
    exitCode: 3,
    error: `cannot write into ${file}, nothing written:\n  ${file} is a file, not a folder`,
  });
  const flag = await cli('explain', example('minimal'), '--dags', '-3', '--daily-runs', '1', '--json');
  assert.is(flag.code, 2);
  assert.equal(JSON.parse(flag.stdout), {
    ok: false,
    exitCode: 2,
    error: '--dags: "-3" is not a whole number >= 1',
  });
});

test('a reader that closes the pipe early ends the command quietly with its own exit code', async () => {
  const child = spawn(
    join(repo, 'tools/logstack-dev'),
    ['check', example('minimal'), '-o', tempDir(), '--json'],
    {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.destroy(); // closed before the command writes: every write meets EPIPE
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise((done) => child.on('close', done));
  assert.is(code, 1, stderr);
  assert.is(stderr, '');
});

test.run();
