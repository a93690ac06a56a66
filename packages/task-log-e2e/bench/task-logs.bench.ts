import { readFileSync } from 'node:fs';
import {
  type CheckedPod,
  Harness,
  type PodRun,
  percentile,
  processCpuMs,
  type RunningPod,
  sleep,
  taskInstance,
} from '../src/index.js';

// The figures of issue #17, from the same harness as the scenario tests, at a larger size:
//   P1  share of lines delivered and write->store latency for many sub-second tasks
//   P2  delay from a task's end to its sidecar's exit, and the sidecar's start before the task
//   P5  the sidecar's peak RSS and CPU at 1,000 lines/s
// Sizes: BENCH_TASKS (default 1000), BENCH_PARALLEL (default 8), BENCH_P5_SECONDS (default 20).

const TASKS = Number(process.env.BENCH_TASKS ?? 1000);
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 4);
const P5_SECONDS = Number(process.env.BENCH_P5_SECONDS ?? 20);
const ms = (v: number) => `${Math.round(v)} ms`;

function procStat(pid: number): { cpuMs: number; hwmKiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  return { cpuMs: processCpuMs(pid), hwmKiB: hwm };
}

async function p1p2(h: Harness): Promise<void> {
  const runs: PodRun[] = Array.from({ length: TASKS }, (_, i) => ({
    name: `bench-${i}`,
    ti: taskInstance(`bench-${i}`, { dag_id: 'e2e_bench' }),
    plan: { lines: 20, intervalMs: 20, stdoutEvery: 9 },
  }));
  const started = Date.now();
  const pods = await h.runPodsOnly(runs, PARALLEL, (done) => {
    if (done % 100 === 0)
      process.stderr.write(`  ${done} of ${TASKS} pods, ${Math.round((Date.now() - started) / 1000)} s\n`);
  });
  const wall = Date.now() - started;
  const checked: CheckedPod[] = await h.checkAll(pods, runs, 'e2e_bench');
  const lines = checked.reduce((n, p) => n + p.report.lines, 0);
  const missing = checked.reduce((n, p) => n + p.report.missing.length, 0);
  const dup = checked.reduce((n, p) => n + p.report.duplicated.length, 0);
  const wrong = checked.filter((p) => p.report.wrong.length).length;
  const lat = checked.flatMap((p) => p.report.latenciesMs).sort((a, b) => a - b);
  const start = checked.map((p) => p.timings.started - p.timings.sidecarStart).sort((a, b) => a - b);
  const end = checked.map((p) => p.timings.exit - p.timings.task.endedAt).sort((a, b) => a - b);
  const drain = checked.map((p) => p.timings.drainEnd - p.timings.task.endedAt).sort((a, b) => a - b);
  const added = checked
    .map((p) => p.timings.started - p.timings.sidecarStart + (p.timings.exit - p.timings.task.endedAt))
    .sort((a, b) => a - b);
  const failedDrains = checked.filter((p) => p.drain.code !== 0).length;
  console.log(
    `P1 ${TASKS} sub-second tasks (20 lines over 0.4 s each), ${PARALLEL} pods at a time, ${wall} ms wall`,
  );
  console.log(
    `P1 delivered ${lines - missing} of ${lines} lines (${(((lines - missing) / lines) * 100).toFixed(3)}%), ${dup} duplicated, ${wrong} pods with a wrong field, ${failedDrains} drains failed`,
  );
  console.log(
    `P1 write->store latency p50 ${ms(percentile(lat, 50))} p99 ${ms(percentile(lat, 99))} max ${ms(percentile(lat, 100))}`,
  );
  const startCpu = checked.map((p) => p.startupCpuMs).sort((a, b) => a - b);
  console.log(
    `P2 sidecar start before the task: p50 ${ms(percentile(start, 50))} p99 ${ms(percentile(start, 99))}; Vector's own CPU until up p50 ${ms(percentile(startCpu, 50))}`,
  );
  console.log(
    `P2 task end -> drain returned: p50 ${ms(percentile(drain, 50))} p99 ${ms(percentile(drain, 99))}`,
  );
  console.log(
    `P2 task end -> sidecar exited: p50 ${ms(percentile(end, 50))} p99 ${ms(percentile(end, 99))} max ${ms(percentile(end, 100))}`,
  );
  console.log(
    `P2 added to the pod's life (start + end): p50 ${ms(percentile(added, 50))} p99 ${ms(percentile(added, 99))}`,
  );
}

async function p5(h: Harness): Promise<void> {
  const samples: { at: number; cpuMs: number; hwmKiB: number }[] = [];
  const lines = 1000 * P5_SECONDS;
  const sample = async (pod: RunningPod) => {
    const until = Date.now() + P5_SECONDS * 1000;
    while (Date.now() < until) {
      samples.push({ at: Date.now(), ...procStat(pod.vector.pid!) });
      await sleep(250);
    }
  };
  const runs: PodRun[] = [
    {
      name: 'bench-p5',
      ti: taskInstance('bench-p5'),
      plan: { lines, intervalMs: 10, linesPerTick: 10 },
      hooks: { duringTask: sample },
    },
  ];
  const [pod] = await h.runPods(runs, 1);
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const cpu = (last.cpuMs - first.cpuMs) / (last.at - first.at);
  const rate = pod!.report.lines / ((pod!.timings.task.endedAt - pod!.timings.task.startedAt) / 1000);
  const peak = Math.max(...samples.map((s) => s.hwmKiB)) / 1024;
  const limits = pod!.model.sidecar.resources;
  console.log(
    `P5 sidecar at ${Math.round(rate)} lines/s for ${P5_SECONDS} s: peak RSS ${peak.toFixed(1)} MiB, CPU ${(cpu * 1000).toFixed(0)}m (${pod!.report.missing.length} lines missing); spec requests ${limits.requests.cpu}/${limits.requests.memory}, limits ${limits.limits.cpu}/${limits.limits.memory}`,
  );
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(
  `load average at start ${load()} on ${(await import('node:os')).cpus().length} cores (wall-clock figures scale with it)`,
);
const h = await Harness.start();
try {
  await p5(h);
  await p1p2(h);
} finally {
  await h.stop();
  console.log(`load average at end ${load()}`);
}
