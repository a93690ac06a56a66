import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type CheckedPod, Harness, percentile, sleep, taskInstance } from '../src/index.js';

// Task pods on this machine: Airflow 3.1.3's task logging writes the attempt files, one real Vector
// per pod runs the generated sidecar config, the pod's startup probe and preStop drain run under
// busybox sh, VictoriaLogs stores what the loki sink pushes (through a tenant-checking proxy that
// also plays Loki's outages). Each scenario checks every attempt: the file's lines in the store
// exactly once, with their timestamps, labels, structured metadata and tenant.

let h: Harness;

test.before(async () => {
  h = await Harness.start();
});
test.after(async () => {
  await h?.stop();
});

function summary(pods: CheckedPod[]): string {
  const lat = pods.flatMap((p) => p.report.latenciesMs).sort((a, b) => a - b);
  const r = Math.round;
  const start = pods.map((p) => r(p.timings.started - p.timings.sidecarStart)).sort((a, b) => a - b);
  const end = pods.map((p) => r(p.timings.exit - p.timings.task.endedAt)).sort((a, b) => a - b);
  return `${pods.length} pods, ${lat.length} lines: write->store p50 ${percentile(lat, 50)} ms p99 ${percentile(lat, 99)} ms; sidecar start ${percentile(start, 50)}/${percentile(start, 100)} ms, task end->sidecar exit ${percentile(end, 50)}/${percentile(end, 100)} ms (p50/max)`;
}

/** Every line exactly once, nothing else, every field right; the drain succeeded and the kubelet never had to kill. */
function assertDelivered(pod: CheckedPod, { duplicatesAllowed = 0 } = {}): void {
  const r = pod.report;
  const where = `${pod.name} (${r.lines} lines in the file, ${r.stored} stored)\n${pod.drain.stderr}${pod.vectorLog.slice(-3000)}`;
  assert.ok(r.lines > 0, where);
  assert.equal(r.missing, [], `missing lines: ${where}`);
  assert.equal(r.unexpected, [], `stored lines that are in no file: ${where}`);
  assert.equal(r.wrong, [], `wrong fields: ${where}`);
  assert.ok(r.duplicated.length <= duplicatesAllowed, `duplicates ${r.duplicated.join(', ')}: ${where}`);
  assert.is(pod.drain.code, 0, `drain: ${where}`);
  assert.not.ok(pod.killed, `the kubelet killed the sidecar: ${where}`);
}

test('many sub-second tasks, four pods at a time: every line once, the drain returns at once', async () => {
  const runs = Array.from({ length: 12 }, (_, i) => ({
    name: `short-${i}`,
    ti: taskInstance(`short-${i}`, { map_index: i % 3 === 0 ? i : -1 }),
    plan: { lines: 40, intervalMs: 10, stdoutEvery: 7 },
  }));
  const pods = await h.runPods(runs, 4);
  for (const p of pods) assertDelivered(p);
  for (const p of pods) assert.is(p.probeExecs, 1, `${p.name}: the startup probe passed on its first exec`);
  console.log(`  short tasks: ${summary(pods)}`);
});

test('a task silent for 15 s before its last line: the line is read within the file source idle bound', async () => {
  const [pod] = await h.runPods([
    {
      name: 'silent',
      ti: taskInstance('silent'),
      plan: { lines: 5, intervalMs: 50, silenceBeforeLastMs: 15_000 },
    },
  ]);
  assertDelivered(pod!);
  const drain = Math.round(pod!.timings.drainEnd - pod!.timings.task.endedAt);
  // Vector reads a file idle for 10 s only every 10 s (lib/file-source FileWatcher::should_read).
  assert.ok(drain < 11_000, `drain took ${drain} ms`);
  console.log(`  silent 15 s: drain ${drain} ms after the last line`);
});

test('Loki answering 503 for 10 s while a task ends: retried, every line once', async () => {
  const [pod] = await h.runPods([
    {
      name: 'loki-503',
      ti: taskInstance('loki-503'),
      plan: { lines: 30, intervalMs: 100 },
      hooks: {
        duringTask: async () => {
          await sleep(1_000);
          await h.proxy.setMode('503');
          await sleep(10_000);
          await h.proxy.setMode('up');
        },
      },
    },
  ]);
  assertDelivered(pod!);
  assert.ok(
    h.proxy.pushes.some((p) => p.status === 503),
    'the sidecar met the 503s',
  );
});

test('Loki down across the end of several tasks: they wait in the drain and ship everything', async () => {
  const outage = (async () => {
    await sleep(1_500);
    await h.proxy.setMode('down');
    await sleep(12_000);
    await h.proxy.setMode('up');
  })();
  const runs = Array.from({ length: 3 }, (_, i) => ({
    name: `outage-${i}`,
    ti: taskInstance(`outage-${i}`),
    plan: { lines: 20 + i * 10, intervalMs: 100 },
  }));
  const [pods] = await Promise.all([h.runPods(runs, 3), outage]);
  for (const p of pods) {
    assertDelivered(p);
    assert.ok(p.timings.drainEnd > p.timings.task.endedAt + 5_000, `${p.name} waited for Loki in its drain`);
  }
  console.log(`  outage across task ends: ${summary(pods)}`);
});

test('Vector killed mid-task and restarted: checkpoints resume, nothing lost, duplicates bounded', async () => {
  const [pod] = await h.runPods([
    {
      name: 'restart',
      ti: taskInstance('restart'),
      plan: { lines: 150, intervalMs: 20 },
      hooks: {
        duringTask: async (p) => {
          await sleep(1_500);
          await p.killVector('SIGKILL');
          await sleep(300);
          p.startVector();
        },
      },
    },
  ]);
  assert.is(pod!.vectorRuns, 2);
  // At most what was read but not yet acknowledged at the kill: one batch window (250 ms) plus one
  // push in flight, about 25 lines at 50 lines/s.
  assertDelivered(pod!, { duplicatesAllowed: 25 });
  console.log(`  Vector killed and restarted: ${pod!.report.duplicated.length} lines stored twice`);
});

test('a line over Loki max_line_size is cut and marked; one over max_line_bytes is dropped, the drain still ends', async () => {
  const [cut, dropped] = await h
    .runPods(
      [
        {
          name: 'line-256k',
          ti: taskInstance('line-256k'),
          plan: { lines: 10, intervalMs: 20, bigLineBytes: 300_000 },
        },
        {
          name: 'line-1m',
          ti: taskInstance('line-1m'),
          plan: { lines: 10, intervalMs: 20, bigLineBytes: 1_200_000, bigLineAt: 5 },
        },
      ],
      2,
    )
    .then((pods) => [pods.find((p) => p.name === 'line-256k')!, pods.find((p) => p.name === 'line-1m')!]);
  assertDelivered(cut!);
  // The `truncated` field stays on the event (it is not in loki.structuredMetadata); the line says it.
  const big = (await h.store.query('pod:="line-256k"')).find((s) => s._msg?.startsWith('big payload'));
  assert.ok(big, 'the long line is stored');
  assert.match(big!._msg!, / \[cut by the log sidecar\]$/);
  assert.ok(big!._msg!.length < 256_000);
  // Vector's file source discards a line over max_line_bytes (1 MiB): that one line, nothing else.
  assert.equal(dropped!.report.missing, ['big payload']);
  assert.equal(dropped!.report.duplicated, []);
  assert.is(dropped!.drain.code, 0, dropped!.drain.stderr);
});

test('a file created while the drain runs is waited for and shipped', async () => {
  const second = taskInstance('late-file', { try_number: 2 });
  let late: Promise<{ path: string }> | undefined;
  const [pod] = await h.runPods([
    {
      name: 'late-file',
      ti: taskInstance('late-file'),
      plan: { lines: 10, intervalMs: 20 },
      hooks: {
        duringDrain: async (p) => {
          late = h.airflow.run(p.logs, p.model.airflow.logs.filenameTemplate, second, {
            lines: 8,
            intervalMs: 30,
          });
          await late;
        },
      },
    },
  ]);
  assertDelivered(pod!);
  const run = await late!;
  const stored = await h.store.linesOfPod('late-file', pod!.report.lines + 8);
  const { checkAttempt } = await import('../src/check.js');
  const report = checkAttempt(
    run.path,
    stored.filter((s) => s.attempt === '2'),
    { model: pod!.model, ti: second, pod: 'late-file' },
  );
  assert.equal(report.missing, [], 'every line of the file created during the drain is stored');
  assert.equal(report.duplicated, []);
  assert.ok(pod!.timings.drainEnd >= pod!.timings.task.endedAt, 'the drain ran after the task');
});

test.run();
