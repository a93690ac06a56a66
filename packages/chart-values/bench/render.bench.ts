// Prints how long `helm template` of the umbrella's own templates takes, Helm 3 and Helm 4.
// Figures, not a pass/fail test.
import { performance } from 'node:perf_hooks';
import { toYaml } from '@logstack/artifact';
import { chartValues, HELM_MAJORS, helmTemplateOwn, ownTemplatesCopy } from '../src/index.js';
import { exampleModel } from '../test/helpers.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const values = [toYaml(chartValues(exampleModel('minimal')))];
const apiVersions = ['monitoring.coreos.com/v1'];

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const copyMs = Array.from({ length: RUNS }, () => time(() => ownTemplatesCopy())).sort((a, b) => a - b);
console.log(`chart copy without dependencies: median ${copyMs[RUNS >> 1]?.toFixed(1)} ms (${RUNS} runs)`);
for (const helm of HELM_MAJORS) {
  helmTemplateOwn({ helm, values, apiVersions }); // warm the file cache
  const ms = Array.from({ length: RUNS }, () =>
    time(() => {
      const r = helmTemplateOwn({ helm, values, apiVersions });
      if (r.status !== 0) throw new Error(r.stderr);
    }),
  ).sort((a, b) => a - b);
  const median = ms[RUNS >> 1] ?? 0;
  console.log(
    `${helm} template (own templates, minimal example, copy included): median ${median.toFixed(1)} ms, min ${ms[0]?.toFixed(1)} ms, max ${ms.at(-1)?.toFixed(1)} ms (${RUNS} runs)`,
  );
}
