// How long `helm template` of the whole umbrella (subcharts included) takes for each example, under
// Helm 3 and Helm 4, beside `logstack generate` of the same spec (in-process, warm), as a ratio.
// Prints figures; asserts nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  FullChart,
  HELM_MAJORS,
  type HelmMajor,
  type RenderScenario,
  renderScenarios,
} from '@logstack/chart-values';
import { run } from '../src/main.js';
import { bufferOutput } from '../src/output.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'logstack-bench-render-'));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;

async function medianMs(fn: () => Promise<void>): Promise<number> {
  await fn(); // warm: module and file caches
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

const chart = FullChart.create();
try {
  for (const s of renderScenarios().filter((x) => x.name.startsWith('examples/'))) {
    const spec = join(repo, s.name, 'logstack.yaml');
    const generate = await medianMs(async () => {
      const code = await run(['generate', spec, '-o', join(out, s.name)], bufferOutput());
      if (code !== 0) throw new Error(`logstack generate ${spec} exited ${code}`);
    });
    const parts = [`${s.name}: logstack generate (warm, in-process) ${generate.toFixed(1)} ms`];
    for (const helm of HELM_MAJORS) {
      const ms = await medianMs(() => template(s, helm));
      parts.push(
        `${helm} template of the whole umbrella ${ms.toFixed(0)} ms = ${(ms / generate).toFixed(1)}x generate`,
      );
    }
    console.log(`${parts.join('; ')} (medians of ${RUNS} runs)`);
  }
} finally {
  chart.dispose();
}

async function template(s: RenderScenario, helm: HelmMajor): Promise<void> {
  const r = await chart.template({
    helm,
    valuesFiles: s.valuesFiles,
    releaseName: s.releaseName,
    namespace: s.namespace,
  });
  if (r.status !== 0) throw new Error(r.stderr);
}
