// Benchmark of `logstack validate` and `generate` on the complete example, warm (in-process, after
// the first run). Cold starts, paired with node and Helm: cold-start.bench.ts.
// Prints figures; asserts nothing. Run: pnpm bench (builds first through Nx).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { run } from '../src/main.js';
import { bufferOutput } from '../src/output.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const spec = join(repo, 'examples/complete/logstack.yaml');
const out = mkdtempSync(join(tmpdir(), 'logstack-bench-'));

const warm = (args: string[]) => async () => {
  const code = await run(args, bufferOutput());
  if (code !== 0) throw new Error(`logstack ${args.join(' ')} exited ${code}`);
};

const bench = new Bench({ iterations: 20, warmupIterations: 2, time: 0 });
bench
  .add('validate (warm, in-process)', warm(['validate', spec]))
  .add('generate (warm, in-process)', warm(['generate', spec, '-o', join(out, 'warm')]));
await bench.run();

const rows = bench.tasks.map((t) => {
  const r = t.result as { latency?: { mean: number; p50?: number; p99?: number; min: number } } | undefined;
  const l = r?.latency;
  return {
    task: t.name,
    'mean ms': l ? l.mean.toFixed(2) : 'n/a',
    'p50 ms': l?.p50 !== undefined ? l.p50.toFixed(2) : 'n/a',
    'p99 ms': l?.p99 !== undefined ? l.p99.toFixed(2) : 'n/a',
    'min ms': l ? l.min.toFixed(2) : 'n/a',
    samples: 20,
  };
});
console.table(rows);
