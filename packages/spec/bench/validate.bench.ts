// Benchmark: checkSpec on specs with 10,000, 30,000 and 100,000 unknown keys (the issue's sizes;
// 200,000 such keys are over the 1 MiB limit and refused at once). Prints milliseconds and the
// time per key: linear work keeps the per-key figure flat (it was 0.6 ms at 10k and 2.5 ms at 30k).
// Asserts nothing. Run: pnpm bench.
import { performance } from 'node:perf_hooks';
import { checkSpec } from '../src/index.js';

const spec = (n: number) =>
  `apiVersion: logstack/v1\n${Array.from({ length: n }, (_, i) => `k${i}: 1\n`).join('')}`;

checkSpec('warm-up.yaml', spec(1000));
for (const n of [10_000, 30_000, 100_000]) {
  const text = spec(n);
  const started = performance.now();
  const { issues } = checkSpec('bench.yaml', text);
  const ms = performance.now() - started;
  console.log(
    `validate ${n} unknown keys (${(text.length / 1024).toFixed(0)} KiB): ${ms.toFixed(0)} ms, ${((ms * 1000) / n).toFixed(1)} µs per key, ${issues.length} issues`,
  );
}
const tooLarge = spec(200_000);
const started = performance.now();
const { issues } = checkSpec('bench.yaml', tooLarge);
console.log(
  `200000 keys (${(tooLarge.length / 1024).toFixed(0)} KiB): ${issues[0]?.code} in ${(performance.now() - started).toFixed(1)} ms`,
);
