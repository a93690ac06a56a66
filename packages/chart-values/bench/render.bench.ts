// Prints how long `helm template` of the whole umbrella takes (its airflow, loki, alloy and vector
// subcharts included, as users install it) with the complete example's values, Helm 3 and Helm 4.
// Figures, not a pass/fail test.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { toYaml } from '@logstack/artifact';
import { chartValues, fullChartCopy, HELM_MAJORS, helmTemplateOwn } from '../src/index.js';
import { exampleModel } from '../test/helpers.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const model = exampleModel('complete');
const values = [toYaml(chartValues(model))];
const apiVersions = ['monitoring.coreos.com/v1'];

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const copyMs = Array.from({ length: RUNS }, () =>
  time(() => rmSync(join(fullChartCopy(), '..'), { recursive: true, force: true })),
).sort((a, b) => a - b);
console.log(
  `chart copy with the subchart packages (and its removal): median ${copyMs[RUNS >> 1]?.toFixed(1)} ms (${RUNS} runs)`,
);
const render = { values, apiVersions, namespace: model.airflow.namespace, withSubcharts: true };
for (const helm of HELM_MAJORS) {
  const first = helmTemplateOwn({ helm, ...render }); // also warms the file cache
  // A failed render stops early: its time is no figure for the whole chart.
  if (first.status !== 0) {
    console.log(
      `${helm} template (whole umbrella, complete example): FAILED, no figure: ${first.stderr.trim().split('\n')[0]}`,
    );
    continue;
  }
  const ms = Array.from({ length: RUNS }, () => time(() => helmTemplateOwn({ helm, ...render }))).sort(
    (a, b) => a - b,
  );
  const median = ms[RUNS >> 1] ?? 0;
  console.log(
    `${helm} template (whole umbrella, complete example, copy included): median ${median.toFixed(1)} ms, min ${ms[0]?.toFixed(1)} ms, max ${ms.at(-1)?.toFixed(1)} ms (${RUNS} runs)`,
  );
}
