// Benchmark of `logstack validate` and `generate` on the complete example: cold (a new process
// each time, the built CLI as users run it) and warm (in-process, after the first run).
// Prints figures; asserts nothing. Run: pnpm bench (builds first through Nx).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { run } from '../src/main.js';
import { bufferOutput } from '../src/output.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const spec = join(repo, 'examples/complete/logstack.yaml');
const bin = join(repo, 'apps/cli/bin/logstack.js');
const out = mkdtempSync(join(tmpdir(), 'logstack-bench-'));

if (!existsSync(join(repo, 'apps/cli/dist/main.js'))) {
  console.error('apps/cli/dist/main.js is missing: run `nx run @logstack/cli:build` (pnpm bench does it)');
  process.exit(3);
}

const cold = (args: string[]) => () => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`logstack ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
};
const warm = (args: string[]) => async () => {
  const code = await run(args, bufferOutput());
  if (code !== 0) throw new Error(`logstack ${args.join(' ')} exited ${code}`);
};

const bench = new Bench({ iterations: 20, warmupIterations: 2, time: 0 });
bench
  .add('validate (cold process)', cold(['validate', spec]))
  .add('generate (cold process)', cold(['generate', spec, '-o', join(out, 'cold')]))
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
