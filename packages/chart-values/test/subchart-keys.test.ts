import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toYaml } from '@logstack/artifact';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import {
  bundleChartSchema,
  chartDir,
  chartValues,
  findSubcharts,
  HELM_MAJORS,
  HelmError,
  SUBCHARTS,
  type Subchart,
} from '../src/index.js';
import { defaultsRender, fullRender, objectsOf, specRender } from './full-renders.js';
import { type Deep, exampleModel, examples } from './helpers.js';

/** Misspelt keys at several depths under each subchart, each with the path Helm reports it under. */
const TYPOS: Record<Subchart, Array<{ path: string; value: unknown }>> = {
  alloy: [
    { path: 'enabledd', value: true },
    { path: 'controller.typee', value: 'daemonset' },
    { path: 'alloy.mounts.varlogg', value: true },
  ],
  vector: [
    { path: 'rolee', value: 'Agent' },
    { path: 'image.tagg', value: '0.56.0' },
    { path: 'persistence.hostPath.pathh', value: '/var/lib/x' },
  ],
  loki: [
    { path: 'deploymentModee', value: 'Monolithic' },
    { path: 'loki.auth_enabledd', value: true },
    { path: 'singleBinary.persistence.sizee', value: '10Gi' },
  ],
  airflow: [
    { path: 'executorr', value: 'KubernetesExecutor' },
    { path: 'workers.replicass', value: 2 },
    { path: 'images.airflow.tagg', value: '3.1.3' },
  ],
};

const set = (chart: string, path: string, value: unknown): Deep => {
  const root: Deep = {};
  let node = root;
  const parts = [chart, ...path.split('.')];
  parts.forEach((p, i) => {
    node[p] = i === parts.length - 1 ? value : {};
    node = node[p];
  });
  return root;
};
const leaf = (path: string) => path.slice(path.lastIndexOf('.') + 1);

const schema = bundleChartSchema();
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const validate = ajv.compile(schema);
const errorsOf = (values: unknown) =>
  validate(values)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);

const mergeDeep = (a: Deep, b: Deep): Deep => {
  const out: Deep = { ...a };
  for (const [k, v] of Object.entries(b))
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object'
        ? mergeDeep(out[k], v)
        : v;
  return out;
};
const chartDefaults = parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Deep;

test('the chart defaults and every example pass the umbrella schema with the subchart key sets', () => {
  assert.equal(errorsOf(chartDefaults), []);
  for (const e of examples)
    assert.equal(errorsOf(mergeDeep(chartDefaults, chartValues(exampleModel(e)))), [], e);
});

/** True where the umbrella closes only the section's first level and the subchart's own schema the rest. */
const rootOnly = (chart: Subchart): boolean =>
  (schema.$defs as Deep)[`upstream-${chart}-keys`].description.includes('Below the first level');

for (const chart of SUBCHARTS)
  test(`${chart}: a misspelt key is refused by the umbrella schema, where that schema is the one that checks it`, () => {
    for (const { path, value } of TYPOS[chart]) {
      const errors = errorsOf(mergeDeep(chartDefaults, set(chart, path, value)));
      // Airflow's deeper levels are closed by Airflow's own schema, which Helm applies (tested below).
      if (rootOnly(chart) && path.includes('.')) continue;
      assert.ok(
        errors.some((e) => e.includes(`"additionalProperty":"${leaf(path)}"`)),
        `${chart}.${path}: ${errors.join('; ') || 'accepted'}`,
      );
    }
  });

/** `.Values.a.b` paths each real subchart's templates read. */
function templatePaths(chart: Subchart): string[] {
  const pkg = findSubcharts().packages.find((p) => p.name === chart);
  assert.ok(pkg, `${chart} package`);
  const dir = mkdtempSync(join(tmpdir(), 'logstack-subchart-'));
  try {
    execFileSync('tar', ['xzf', pkg.file, '-C', dir]);
    const paths = new Set<string>();
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) {
          if (f !== 'charts') walk(p);
        } else if (/\.(ya?ml|tpl|txt)$/.test(f))
          for (const m of readFileSync(p, 'utf8').matchAll(/\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g))
            paths.add((m[1] ?? '').slice(1));
      }
    };
    walk(join(dir, chart, 'templates'));
    return [...paths].sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const chart of SUBCHARTS)
  test(`${chart}: every key the real chart's templates read is accepted (no false typo)`, () => {
    const refused = templatePaths(chart).filter((path) =>
      errorsOf(mergeDeep(chartDefaults, set(chart, path, 'x'))).some((e) => e.includes('additionalProperty')),
    );
    assert.equal(refused, []);
  });

const allTypos = Object.entries(TYPOS).reduce<Deep>(
  (acc, [chart, list]) => list.reduce((a, t) => mergeDeep(a, set(chart, t.path, t.value)), acc),
  {},
);

for (const helm of HELM_MAJORS) {
  test(`${helm}: helm template of the whole umbrella refuses a misspelt key at every depth under every subchart`, () => {
    const r = fullRender(helm, { ...defaultsRender(), values: [toYaml(allTypos)] });
    assert.instance(r, HelmError, 'the render must fail');
    const message = (r as HelmError).message;
    assert.match(message, "values don't meet the specifications of the schema(s)");
    for (const [chart, list] of Object.entries(TYPOS))
      for (const { path } of list) {
        // Helm names the object holding the typo: in the umbrella's values, or, for what a
        // subchart's own schema checks (Airflow below its first level), in that subchart's values.
        const parent = path.includes('.')
          ? `/${path.slice(0, path.lastIndexOf('.')).replaceAll('.', '/')}`
          : '';
        const where = rootOnly(chart as Subchart) && parent ? parent : `/${chart}${parent}`;
        const expected = `at '${where}': additional properties '${leaf(path)}' not allowed`;
        assert.ok(message.includes(expected), `${helm}: ${expected}\n${message}`);
      }
  });

  test(`${helm}: the chart defaults and every example still render in full`, () => {
    assert.ok(objectsOf(helm, defaultsRender()).length > 0);
    for (const e of examples) assert.ok(objectsOf(helm, specRender(exampleModel(e))).length > 0, e);
  });
}

test.run();
