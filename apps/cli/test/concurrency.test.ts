import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LOCK_FILE, withFolderLock } from '../src/folder-lock.js';
import { cli, example, repo, tempDir } from './helpers.js';

const dev = join(repo, 'tools/logstack-dev');

/** Runs the CLI from source in its own process; resolves with the exit code and stderr. */
// The in-flight temporary files that made one run of a pair fail are covered deterministically in
// ownership.test.ts; this is the same with real processes.
const run = (...argv: string[]) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(dev, argv, { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });

/** A pid that is certainly not running: a process that has exited. */
const deadPid = () => spawnSync('true').pid as number;

test('three generate runs and a check into one folder at once all succeed; the folder is complete and clean', async () => {
  const out = tempDir('concurrent-');
  const runs = await Promise.all([
    ...Array.from({ length: 3 }, () => run('generate', 'examples/complete/logstack.yaml', '-o', out)),
    ...Array.from({ length: 1 }, () => run('check', 'examples/complete/logstack.yaml', '-o', out)),
  ]);
  for (const [i, r] of runs.slice(0, 3).entries()) assert.is(r.code, 0, `generate ${i}: ${r.stderr}`);
  // A check sees the folder before or after a generate, never half of one: up to date or missing files.
  for (const r of runs.slice(3)) assert.ok(r.code === 0 || r.code === 1, r.stderr);
  for (const r of runs.slice(3)) assert.not.match(r.stderr, /^(changed|stale):/m, r.stderr);
  const check = await cli('check', example('complete'), '-o', out);
  assert.is(check.code, 0, check.stderr);
  const leftovers = readdirSync(out, { recursive: true }).filter((f) =>
    /logstack-tmp|\.lock/.test(String(f)),
  );
  assert.equal(leftovers, [], 'no temporary file or lock left');
});

test('a lock left by a dead run (pid gone) or an old one is broken; the run goes on', () => {
  for (const [holder, age] of [
    [`${deadPid()} ${hostname()} cafe\n`, 0],
    [`${process.ppid} ${hostname()} cafe\n`, 3600],
    ['', 60],
  ] as const) {
    const dir = tempDir('lock-');
    const lock = join(dir, LOCK_FILE);
    writeFileSync(lock, holder);
    if (age) utimesSync(lock, new Date(Date.now() - age * 1000), new Date(Date.now() - age * 1000));
    assert.is(
      withFolderLock(dir, () => 'ran', { waitMs: 2000 }),
      'ran',
      holder,
    );
    assert.not.ok(existsSync(lock), 'released');
    assert.equal(readdirSync(dir), [], 'nothing left aside');
  }
});

test('a lock held by a live run is waited for, then fails naming the holder (exit 3)', () => {
  const dir = tempDir('lock-');
  const holder = `${process.ppid} ${hostname()} beef\n`;
  writeFileSync(join(dir, LOCK_FILE), holder);
  const started = Date.now();
  assert.throws(
    () => withFolderLock(dir, () => 'ran', { waitMs: 300 }),
    (err: Error & { exitCode: number }) =>
      err.exitCode === 3 &&
      err.message.includes(`${dir} is in use by another logstack run`) &&
      err.message.includes(holder.trim()),
  );
  assert.ok(Date.now() - started >= 300, 'it waited');
  assert.equal(readdirSync(dir), [LOCK_FILE], 'the holder keeps its lock');
});

test('a lock released while waiting lets the run in', async () => {
  const dir = tempDir('lock-');
  const lock = join(dir, LOCK_FILE);
  writeFileSync(lock, `${process.ppid} ${hostname()} feed\n`);
  // Released by another process after 300 ms, while this one waits synchronously.
  spawn('sh', ['-c', `sleep 0.3; rm -f '${lock}'`], { stdio: 'ignore' });
  assert.is(
    withFolderLock(dir, () => 'ran', { waitMs: 10_000 }),
    'ran',
  );
});

test.run();
