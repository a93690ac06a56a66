import { toYaml } from '@logstack/artifact';
import {
  dashboards,
  lokiDatasource,
  observabilityValues,
  prometheusRuleGroups,
} from '@logstack/observability';
import type { LogstackModel } from '@logstack/spec';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import {
  chartValues,
  DEFAULT_SPEC,
  defaultModel,
  fragmentSources,
  HELM_MAJORS,
  helmTemplateOwn,
  type K8sObject,
  lintOwnTemplates,
  parseManifests,
  RANDOM_AT_RENDER,
  runHelmUnittest,
} from '../src/index.js';
import type { Deep } from './helpers.js';
import { exampleModel, examples, exampleVariant } from './helpers.js';
import { crdErrors } from './k8s-validate.js';

// Every render in this file happens once, here, in one batch; the tests below read the results.
const MONITORING = ['monitoring.coreos.com/v1'];
// Each set of values is installed in the namespace it was generated for (the chart fails elsewhere).
const specInput = (model: LogstackModel) => ({
  values: [toYaml(chartValues(model))],
  namespace: model.airflow.namespace,
});
const inputs: Record<string, { values: unknown[]; namespace: string }> = {
  defaults: { values: [], namespace: defaultModel().airflow.namespace },
  ...Object.fromEntries(examples.map((e) => [e, specInput(exampleModel(e))])),
  // The one spec choice that renders a workload of the chart's own: the dag-sync CronJob.
  'complete with dagSync.mode cronJob': specInput(
    exampleVariant('complete', { dagSync: { mode: 'cronJob' } }),
  ),
};
const renders = HELM_MAJORS.flatMap((helm) =>
  Object.entries(inputs).map(([name, { values, namespace }]) => ({
    helm,
    name,
    lint: lintOwnTemplates({ helm, values, namespace }),
    run: helmTemplateOwn({ helm, values, namespace, apiVersions: MONITORING }),
  })),
);
const objects = (helm: string, name: string): K8sObject[] => {
  const r = renders.find((x) => x.helm === helm && x.name === name);
  return r && r.run.status === 0 ? parseManifests(r.run.stdout) : [];
};

for (const r of renders) {
  test(`${r.helm} lint --strict passes for the ${r.name} values`, () => {
    assert.is(r.lint.status, 0, `${r.lint.stdout}${r.lint.stderr}`);
  });
  test(`${r.helm} template renders the ${r.name} values`, () => {
    assert.is(r.run.status, 0, r.run.stderr);
    assert.ok(parseManifests(r.run.stdout).length >= 4);
  });
}

// kubernetes-validate, the CRD schemas and checkov read the whole umbrella's renders (full-render.test.ts).

/** Airflow's keys are drawn at render time (RANDOM_AT_RENDER); everything else must be equal. */
const withoutRandom = (list: K8sObject[]) =>
  list.map((o) =>
    RANDOM_AT_RENDER.some((r) => r.kind === o.kind && r.name === o.metadata.name) ? { ...o, data: {} } : o,
  );

test('Helm 3 and Helm 4 render the same objects', () => {
  for (const name of Object.keys(inputs))
    assert.equal(withoutRandom(objects('helm4', name)), withoutRandom(objects('helm3', name)), name);
});

test('the CRD check catches a wrong field (it is not a no-op)', () => {
  const [obc] = objects('helm3', 'minimal').filter((o) => o.kind === 'ObjectBucketClaim');
  assert.ok(obc);
  const broken = { ...obc, spec: { generateBucketName: 'loki', storageClass: 'x' } } as K8sObject;
  assert.is(crdErrors([broken]).length > 0, true);
});

for (const name of examples)
  test(`${name}: the sidecar ConfigMap holds exactly the generator's Vector config after rendering`, () => {
    const cm = objects('helm3', name).find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-vector-task-logs'),
    );
    const expected = fragmentSources.taskLogsConfig(exampleModel(name));
    assert.ok(expected.length > 0, 'the vector-config generator gives a config');
    assert.is((cm?.data as Record<string, string> | undefined)?.['vector.yaml'], expected);
  });

test('defaults: with no values, the dashboard ConfigMaps hold exactly the JSON the generator makes for the default spec', () => {
  const boards = dashboards(defaultModel(), { specLabel: DEFAULT_SPEC });
  const cms = objects('helm3', 'defaults').filter(
    (o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1',
  ) as Deep[];
  assert.equal(
    cms.map((o) => o.metadata.name).sort(),
    Object.keys(boards).map((f) => `logstack-dashboard-${f.replace(/\.json$/, '')}`),
  );
  for (const [file, board] of Object.entries(boards)) {
    const cm = cms.find((o) => o.data?.[file] !== undefined);
    assert.ok(cm, `a ConfigMap holds ${file}`);
    assert.is(cm?.data[file], `${JSON.stringify(board, null, 2)}\n`, `${file} byte for byte`);
    assert.is(cm?.metadata.annotations['k8s-sidecar-target-directory'], defaultModel().grafana.folder);
  }
});

test("defaults: with no values, the datasource, Loki rules, PrometheusRule and query library are the default spec's", () => {
  const model = defaultModel();
  const own = observabilityValues(model, { specLabel: DEFAULT_SPEC });
  const all = objects('helm3', 'defaults') as Deep[];
  const byName = (name: string) => all.find((o) => o.metadata.name === name);
  const ds = parse(byName('logstack-grafana-datasource')?.data['logstack-loki-datasource.yaml']);
  // The in-chart Loki of the namespace the release is installed in (helmTemplateOwn: airflow).
  assert.equal(ds, {
    apiVersion: 1,
    datasources: [{ ...lokiDatasource(model), url: 'http://loki.airflow.svc:3100' }],
  });
  assert.is(byName('logstack-loki-rules')?.data['airflow-logstack-rules.yaml'], own.lokiRules.rules);
  assert.ok(own.lokiRules.rules.includes('alert: '), 'the default spec has Loki alerts');
  assert.equal(
    all.find((o) => o.kind === 'PrometheusRule')?.spec.groups,
    prometheusRuleGroups(model.grafana.runbookBaseUrl),
  );
  const lib = byName('logstack-logql-queries');
  assert.is(lib?.data['logql-queries.md'], own.queryLibrary.markdown);
  assert.is(lib?.data['logql-queries.json'], own.queryLibrary.json);
});

test('complete: the ExternalSecret makes the Secret Airflow reads, from the store in the spec', () => {
  const es = objects('helm3', 'complete').find((o) => o.kind === 'ExternalSecret') as Deep | undefined;
  assert.is(es?.spec.target.name, 'airflow-metadata-db');
  assert.equal(es?.spec.data, [
    { secretKey: 'connection', remoteRef: { key: 'airflow-metadata-db', property: 'connection' } },
  ]);
  assert.equal(es?.spec.secretStoreRef, { name: 'onepassword-connect', kind: 'ClusterSecretStore' });
});

const badValues: Array<[string, unknown, RegExp]> = [
  [
    'retention 0',
    { loki: { loki: { limits_config: { retention_period: '0s' } } } },
    /retention_period.*does not match pattern/,
  ],
  [
    'an unknown agent name to monitor',
    { monitoring: { targets: ['fluentbit'] } },
    /monitoring\/targets\/0.*must be one of/,
  ],
  [
    'monitors forced on with no namespace',
    { monitoring: { monitors: 'always' } },
    /monitoring\.namespace is empty: set monitoring\.namespace/,
  ],
  [
    'Loki rules labelled for a sidecar the in-chart Loki does not run',
    { observability: { lokiRules: { rules: 'groups: []\n', label: 'grafana_rule' } } },
    /observability\.lokiRules\.label is "grafana_rule" but Loki's rules sidecar watches the label "loki_rule"/,
  ],
  [
    'both node agents',
    { alloy: { enabled: true }, vector: { enabled: true } },
    /alloy\.enabled and vector\.enabled are both true/,
  ],
];
for (const helm of HELM_MAJORS)
  for (const [what, values, message] of badValues)
    test(`${helm} template fails on ${what}, saying what to change`, () => {
      const r = helmTemplateOwn({ helm, values: [{ taskLogs: { config: 'sources: {}\n' } }, values] });
      assert.is.not(r.status, 0);
      assert.match(r.stderr, message);
    });

test('every helm-unittest suite of the chart passes (one run)', () => {
  const r = runHelmUnittest();
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Test Suites: +\d+ passed, \d+ total/);
});

test.run();
