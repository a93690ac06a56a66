import { spawn } from 'node:child_process';
import { statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIDECAR_LAYOUT, sidecarTimings } from '@logstack/vector-config';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { drainScript, startupCheck } from '../src/index.js';
import { busyboxPath, model, tempDir, writeFiles } from './tools.js';

// The drain runs here as the alpine image runs it: busybox sh with busybox find/stat/awk/date/sleep
// and nothing else on PATH. The checkpoints are written in the file source's format
// (data_dir/task_logs/checkpoints.json); packages/task-log-e2e runs it against a real Vector.

const TASK_LOGS = {
  'dag_id=etl/run_id=manual__2026-01-01T00:00:00+00:00/task_id=load/attempt=1.log':
    '{"timestamp":"2026-01-01T00:00:01Z","level":"info","event":"Line 1"}\n{"level":"info","event":"Line 2"}\n',
  'dag_id=etl/run_id=scheduled__2026-01-01T00:00:00+00:00/task_id=map/map_index=3/attempt=2.log':
    '{"level":"error","event":"boom","error_detail":[{"exc_type":"ValueError"}]}\n',
};
// Outside the Vector config's include globs, or in its exclude: never waited for.
const IGNORED = {
  'dag_id=etl/stray.log': 'not a task log\n',
  'dag_id=etl/run_id=r1/task_id=wait/attempt=1.log.trigger.7.log': '{"event":"from the triggerer pod"}\n',
};

interface Fixture {
  logs: string;
  checkpoints: string;
  paths: string[];
}

function fixture(): Fixture {
  const logs = tempDir('drain-logs-');
  writeFiles(logs, { ...TASK_LOGS, ...IGNORED });
  return {
    logs,
    checkpoints: join(tempDir('drain-data-'), 'checkpoints.json'),
    paths: Object.keys(TASK_LOGS),
  };
}

/** checkpoints.json as Vector's file source writes it: position = acknowledged offset per device and inode. */
function writeCheckpoints(f: Fixture, positions: Record<string, number | 'size'>): void {
  const checkpoints = Object.entries(positions).map(([path, position]) => {
    const st = statSync(join(f.logs, path));
    return {
      fingerprint: { dev_inode: [st.dev, st.ino] },
      position: position === 'size' ? st.size : position,
      modified: '2026-01-01T00:00:02.123456789Z',
    };
  });
  writeFileSync(f.checkpoints, JSON.stringify({ version: '1', checkpoints }));
}

const all = (f: Fixture, extra: Record<string, number | 'size'> = {}) => ({
  ...Object.fromEntries(f.paths.map((p) => [p, 'size' as const])),
  ...extra,
});

/** The generated script with only the paths changed (and, for the give-up case, the deadline). */
function script(f: Fixture, deadlineSeconds?: number): string {
  const m = model(`apiVersion: logstack/v1\nairflow:\n  logs:\n    folder: ${f.logs}\n`);
  let s = drainScript(m).replace(`'${SIDECAR_LAYOUT.checkpointsFile}'`, `'${f.checkpoints}'`);
  if (deadlineSeconds !== undefined) {
    const derived = `+ ${sidecarTimings(m).drainTimeoutSeconds} ))`;
    assert.ok(s.includes(derived), 'the deadline is the derived drain timeout');
    s = s.replace(derived, `+ ${deadlineSeconds} ))`);
  }
  return s;
}

/** Runs the drain with xtrace on: `sleeps` counts the checks after the first (a loaded machine makes wall time a poor measure). */
function drain(
  f: Fixture,
  deadlineSeconds?: number,
): Promise<{ code: number | null; stderr: string; ms: number; sleeps: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('sh', ['-x', '-c', script(f, deadlineSeconds)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: busyboxPath() },
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) =>
      resolve({
        code,
        stderr,
        ms: Date.now() - started,
        sleeps: (stderr.match(/^\+ sleep /gm) ?? []).length,
      }),
    );
  });
}

test('returns on its first check when every file is acknowledged to its size (no confirming polls)', async () => {
  const f = fixture();
  writeCheckpoints(f, all(f));
  const r = await drain(f);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.sleeps, 0, 'one check');
});

test('waits while one file is acknowledged only in part, and returns within a poll of the checkpoint', async () => {
  const f = fixture();
  writeCheckpoints(f, all(f, { [f.paths[0]!]: 30 }));
  const pending = drain(f);
  await new Promise((r) => setTimeout(r, 800));
  const caughtUpAt = Date.now();
  writeCheckpoints(f, all(f));
  const r = await pending;
  assert.is(r.code, 0, r.stderr);
  assert.ok(r.ms >= 800, 'it waited');
  const lag = Date.now() - caughtUpAt;
  assert.ok(r.sleeps >= 2, 'it checked again while waiting');
  assert.ok(lag < 1000, `returned ${lag} ms after the checkpoint caught up`);
});

test('a file Vector has not read yet (no checkpoint) is waited for; an empty one is not', async () => {
  const f = fixture();
  writeFiles(f.logs, { 'dag_id=etl/run_id=r2/task_id=empty/attempt=1.log': '' });
  writeCheckpoints(f, { [f.paths[0]!]: 'size' });
  const r = await drain(f, 1);
  assert.is(r.code, 1);
  const bytes = Buffer.byteLength(TASK_LOGS[f.paths[1] as keyof typeof TASK_LOGS]);
  assert.match(
    r.stderr,
    `logstack drain: gave up after ${sidecarTimings(model()).drainTimeoutSeconds}s: waiting: ${bytes} bytes in 1 of 3 files`,
  );
  assert.match(r.stderr, `${f.paths[1]} (not read yet)`);
});

test('gives up at the deadline naming how many bytes Loki has not acknowledged', async () => {
  const f = fixture();
  writeCheckpoints(f, all(f, { [f.paths[1]!]: 10 }));
  const r = await drain(f, 1);
  assert.is(r.code, 1);
  const size = Buffer.byteLength(TASK_LOGS[f.paths[1] as keyof typeof TASK_LOGS]);
  assert.match(
    r.stderr,
    `waiting: ${size - 10} bytes in 1 of 2 files not acknowledged by Loki yet, e.g. ${join(f.logs, f.paths[1]!)}`,
  );
});

test('a check stats the files and never reads them: a 64 GiB (sparse) log drains at once', async () => {
  const f = fixture();
  truncateSync(join(f.logs, f.paths[0]!), 64 * 2 ** 30);
  writeCheckpoints(f, all(f));
  const r = await drain(f);
  assert.is(r.code, 0, r.stderr);
  assert.is(r.sleeps, 0, 'one check');
  assert.ok(r.ms < 5000, `took ${r.ms} ms: reading 64 GiB would take minutes`);
});

test('the startup probe waits inside one exec and passes as soon as the API answers', async () => {
  const { createServer } = await import('node:http');
  const server = createServer((_req, res) => res.end('{"ok":true}'));
  const port = await new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });
  const m = model(`apiVersion: logstack/v1\nsidecar:\n  apiPort: ${port}\n`);
  const started = Date.now();
  const child = spawn('sh', ['-c', startupCheck(m)], { stdio: 'ignore', env: { PATH: busyboxPath() } });
  setTimeout(() => server.listen(port, '127.0.0.1'), 400);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const ms = Date.now() - started;
  server.close();
  assert.is(code, 0);
  assert.ok(ms >= 400 && ms < 1200, `passed ${ms} ms after the start, the API came up at 400 ms`);
});

test.run();
