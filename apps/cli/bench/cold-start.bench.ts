// Cold start of the built CLI as users run it (a new process each time), paired in every round
// with the references of issue #14: a bare `node -e 0`, and a real `helm template` of the whole
// umbrella (its four subcharts included) with the values `generate` writes for the same spec.
// Prints CPU (user+sys of the child, from bash's `times`) and wall medians, the median of the
// per-round ratios, and peak memory. Figures, not a test. Run: nx run @logstack/cli:bench.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findTool, fullChartCopy, HELM_MAJORS } from '@logstack/chart-values';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(repo, 'apps/cli/bin/logstack.js');
const spec = join(repo, 'examples/complete/logstack.yaml');
const work = mkdtempSync(join(tmpdir(), 'logstack-cold-'));

if (!existsSync(join(repo, 'apps/cli/dist/main.js'))) {
  console.error('apps/cli/dist/main.js is missing: run `nx run @logstack/cli:build` (the bench target does)');
  process.exit(3);
}

const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

/** Runs `argv` once under bash; bash's `times` reports the CPU its children used. */
function measure(argv: string[]): { cpuMs: number; wallMs: number; status: number; stderr: string } {
  const errFile = join(work, 'stderr');
  const script = `${argv.map(quote).join(' ')} >/dev/null 2>${quote(errFile)}; s=$?; times; exit $s`;
  const t0 = performance.now();
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  // Second line of `times`: children's user and system time, e.g. "0m0.412s 0m0.051s".
  const children = r.stdout.trim().split('\n').at(-1) ?? '';
  const cpuMs = [...children.matchAll(/(\d+)m([\d.]+)s/g)]
    .map((m) => (Number(m[1]) * 60 + Number(m[2])) * 1000)
    .reduce((a, b) => a + b, 0);
  return { cpuMs, wallMs, status: r.status ?? 1, stderr: readFileSync(errFile, 'utf8') };
}

/** Peak resident memory of a node process, reported by a preloaded hook at exit. */
function peakRssMiB(argv: string[]): number {
  const hook = join(work, 'rss-hook.cjs');
  const out = join(work, 'rss');
  writeFileSync(
    hook,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  execFileSync(process.execPath, ['--require', hook, ...argv], { stdio: 'ignore' });
  return Number(readFileSync(out, 'utf8')) / 1024;
}

const generated = join(work, 'generated');
const logstack = (...args: string[]) => [process.execPath, bin, ...args];
const cases: [string, string[]][] = [
  ['node -e 0', [process.execPath, '-e', '0']],
  ['logstack --version', logstack('--version')],
  ['logstack validate (complete)', logstack('validate', spec)],
  ['logstack generate (complete)', logstack('generate', spec, '-o', join(work, 'out'))],
];

// The reference: the whole umbrella as users install it, values from the same spec.
execFileSync(process.execPath, [bin, 'generate', spec, '-o', generated], { stdio: 'ignore' });
const chart = fullChartCopy();
const namespace = /\n {2}namespace: (\S+)/.exec(readFileSync(spec, 'utf8'))?.[1] ?? 'airflow';
for (const helm of HELM_MAJORS)
  cases.push([
    `${helm} template (whole umbrella)`,
    [
      findTool(helm),
      'template',
      'logstack',
      chart,
      '--namespace',
      namespace,
      '-f',
      join(generated, 'values.yaml'),
      '--api-versions',
      'monitoring.coreos.com/v1',
    ],
  ]);

const samples = new Map(cases.map(([name]) => [name, [] as { cpuMs: number; wallMs: number }[]]));
const failures = new Map<string, string>();
for (const [, argv] of cases) measure(argv); // warm the file cache
for (let round = 0; round < RUNS; round++)
  for (const [name, argv] of cases) {
    const r = measure(argv);
    if (r.status !== 0) failures.set(name, `exit ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
    samples.get(name)?.push(r);
  }

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
/** Median over rounds of a/b: both measured in the same round, so machine noise mostly cancels. */
const pairedRatio = (a: string, b: string) => {
  const xs = samples.get(a) ?? [];
  const ys = samples.get(b) ?? [];
  return median(xs.map((x, i) => x.cpuMs / (ys[i]?.cpuMs || Number.NaN)));
};

console.log(
  `CLI cold start: ${RUNS} paired rounds, medians (built CLI: apps/cli/dist, node ${process.version})`,
);
for (const [name] of cases) {
  const s = samples.get(name) ?? [];
  const failed = failures.get(name);
  console.log(
    `  ${name.padEnd(34)} cpu ${median(s.map((x) => x.cpuMs))
      .toFixed(0)
      .padStart(5)} ms   wall ${median(s.map((x) => x.wallMs))
      .toFixed(0)
      .padStart(5)} ms${failed ? `   (FAILED: ${failed})` : ''}`,
  );
}
const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
const versionRatio = pairedRatio('logstack --version', 'node -e 0');
console.log('ratios (CPU, median of per-round ratios):');
console.log(
  `  --version / node -e 0                 ${versionRatio.toFixed(2)}x  (target <= 2x: ${verdict(versionRatio <= 2)})`,
);
for (const cmd of ['validate', 'generate']) {
  console.log(
    `  ${cmd} / node -e 0                 ${pairedRatio(`logstack ${cmd} (complete)`, 'node -e 0').toFixed(2)}x`,
  );
  for (const helm of HELM_MAJORS) {
    const r = pairedRatio(`logstack ${cmd} (complete)`, `${helm} template (whole umbrella)`);
    console.log(
      `  ${cmd} / ${helm} template (umbrella)   ${r.toFixed(2)}x  (target <= 0.5x: ${verdict(r <= 0.5)})`,
    );
  }
}
console.log('peak memory (maxRSS, one run each; target < 100 MiB):');
for (const args of [['--version'], ['validate', spec], ['generate', spec, '-o', join(work, 'rss-out')]]) {
  const mib = peakRssMiB([bin, ...args]);
  console.log(`  logstack ${args[0]?.padEnd(28)} ${mib.toFixed(1).padStart(6)} MiB  (${verdict(mib < 100)})`);
}
rmSync(join(chart, '..'), { recursive: true, force: true });
rmSync(work, { recursive: true, force: true });
