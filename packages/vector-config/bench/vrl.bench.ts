// The task-log VRL program under verel (VRL compiled to WebAssembly) on generated Airflow task log lines.
// Usage: pnpm bench [-- --lines N]
import { createRequire } from 'node:module';
import { checkSpec } from '@logstack/spec';
import { taskLogVrl } from '../src/index.js';
import { fileEvent } from '../test/helpers.js';
import { batchProgram } from './harness.js';

const arg = process.argv.indexOf('--lines');
const LINES = arg > 0 ? Number(process.argv[arg + 1]) : 100_000;
const BATCH = 1000;
const verelVersion = (createRequire(import.meta.url)('@bpinternal/verel/package.json') as { version: string })
  .version;

let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;

/** What Vector's file source emits for a line of an Airflow 3 task log: a realistic mix. */
function fixtureEvent(i: number) {
  const run = pick(['scheduled__2026-11-25T00:00:00+00:00', 'manual__2026-11-25T10:11:12.123456+00:00']);
  const map = rand() < 0.1 ? `map_index=${Math.floor(rand() * 50)}/` : '';
  const attempt = rand() < 0.05 ? 2 : 1;
  const file = `/opt/airflow/logs/dag_id=etl_${i % 120}/run_id=${run}/task_id=load_${i % 7}/${map}attempt=${attempt}.log`;
  const r = rand();
  const base = {
    timestamp: '2026-11-25T10:11:13.929261Z',
    level: 'info',
    event: `Processed batch ${i}: ${Math.floor(rand() * 1e6)} rows`,
    logger: 'airflow.task.hooks.airflow.providers.standard.hooks.subprocess.SubprocessHook',
    filename: 'subprocess.py',
    lineno: 99,
  };
  const message =
    r < 0.05
      ? `plain text that is not JSON ${i}`
      : r < 0.1
        ? JSON.stringify({
            ...base,
            level: 'error',
            event: 'Task failed with exception',
            error_detail: [
              {
                exc_type: 'ValueError',
                exc_value: `bad row ${i}`,
                frames: [{ filename: 'etl.py', lineno: 12, name: 'load' }],
              },
            ],
          })
        : JSON.stringify(base);
  return fileEvent(file, message);
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

const t0 = performance.now();
const vrl = await import('@bpinternal/verel');
const loadMs = performance.now() - t0;

const { model } = checkSpec('bench.yaml', 'apiVersion: logstack/v1\n');
if (!model) throw new Error('bench spec invalid');
const program = taskLogVrl(model);

let t = performance.now();
const first = vrl.check(program);
const coldCompileMs = performance.now() - t;
if (first.errors.length) throw new Error(first.errors.map(vrl.formatDiagnostic).join('\n'));
t = performance.now();
for (let i = 0; i < 10; i++) vrl.check(program);
const warmCompileMs = (performance.now() - t) / 10;

const events = Array.from({ length: LINES }, (_, i) => fixtureEvent(i));
const batch = batchProgram(program);
let flagged = 0;
let shipped = 0;
t = performance.now();
for (let i = 0; i < events.length; i += BATCH) {
  const out = vrl.execute(batch, { events: events.slice(i, i + BATCH) }).event.events as Record<
    string,
    unknown
  >[];
  flagged += out.filter((e) => e.parse_error !== undefined).length;
  shipped += out.length;
}
const batchedMs = performance.now() - t;
const calls = Math.ceil(LINES / BATCH);
// What a call costs without events (compile, marshalling, setup): the same program on an empty
// batch. vrl.check alone compiles less than execute does, so subtracting it could go negative.
const EMPTY_CALLS = 20;
t = performance.now();
for (let i = 0; i < EMPTY_CALLS; i++) vrl.execute(batch, { events: [] });
const emptyCallMs = (performance.now() - t) / EMPTY_CALLS;
const runMs = batchedMs - calls * emptyCallMs;

const SINGLE = 200;
t = performance.now();
for (const e of events.slice(0, SINGLE)) vrl.execute(program, e);
const singleMs = performance.now() - t;

console.log(`VRL task-log program (JSON format), ${LINES} generated lines, verel ${verelVersion}`);
console.log(
  `  cold: load verel wasm ${ms(loadMs)}, first compile ${ms(coldCompileMs)}; warm compile ${ms(warmCompileMs)}`,
);
console.log(
  `  batched (${BATCH} events per execute, compiled once per call): ${ms(batchedMs)} -> ${Math.round(LINES / (batchedMs / 1000))} events/s`,
);
console.log(
  runMs > 0
    ? `  program alone (batched minus ${calls} empty calls of ${ms(emptyCallMs)}): ~${Math.round(LINES / (runMs / 1000))} events/s`
    : `  program alone: not measurable here (${calls} empty calls, ${ms(calls * emptyCallMs)}, take as long as the batched run)`,
);
console.log(
  `  one event per execute (verel recompiles each call): ${Math.round(SINGLE / (singleMs / 1000))} events/s`,
);
console.log(`  events out: ${shipped} of ${LINES}; flagged parse_error (kept whole): ${flagged}`);
