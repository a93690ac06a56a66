import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { dashboards, observabilityValues } from '../src/index.js';
import { complete, queryProblems, repo } from './helpers.js';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  data?: Record<string, string>;
  spec?: unknown;
}

const dir = mkdtempSync(join(tmpdir(), 'logstack-observability-'));
// The subcharts cannot be fetched here: render the umbrella's own templates from a copy without dependencies.
const chart = join(dir, 'chart');
cpSync(join(repo, 'charts/airflow-logstack'), chart, { recursive: true });
const meta = readFileSync(join(chart, 'Chart.yaml'), 'utf8');
writeFileSync(join(chart, 'Chart.yaml'), meta.replace(/^dependencies:[\s\S]*$/m, ''));
const valuesFile = join(dir, 'values.yaml');
const values = observabilityValues(complete(), { specLabel: 'examples/complete/logstack.yaml' });
// A spec with a tenant runs Loki with auth (as the generated values file sets it); the chart
// refuses rules for a tenant its Loki does not have.
const lokiAuth = { loki: { loki: { auth_enabled: complete().loki.tenant !== '' } } };
// Rendered in the spec's namespace, which the generated values name (the chart refuses any other).
const specNamespace = complete().airflow.namespace;
writeFileSync(valuesFile, stringify({ specNamespace, observability: values, ...lokiAuth }));

function render(helm: 'helm3' | 'helm4', extra: string[] = []): K8sObject[] {
  const r = spawnSync(
    helm,
    [
      'template',
      'logstack',
      chart,
      '-n',
      specNamespace,
      '--kube-version',
      '1.33.0',
      '-f',
      valuesFile,
      ...extra,
    ],
    { encoding: 'utf8' },
  );
  if (r.error) throw new Error(`${helm} not found: run tools/bootstrap.sh (${r.error.message})`);
  assert.is(r.status, 0, r.stderr);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as K8sObject)
    .filter((o) => o?.metadata?.labels?.['app.kubernetes.io/component'] === 'observability');
}

const rendered = {
  helm3: render('helm3', ['--api-versions', 'monitoring.coreos.com/v1']),
  helm4: render('helm4', ['--api-versions', 'monitoring.coreos.com/v1']),
};

test('Helm 3 and Helm 4 render the same observability objects from the generated values', () => {
  assert.equal(rendered.helm4, rendered.helm3);
  assert.equal(rendered.helm3.map((o) => `${o.kind}/${o.metadata.name}`).sort(), [
    'ConfigMap/logstack-dashboard-airflow-task-logs',
    'ConfigMap/logstack-dashboard-log-pipeline-health',
    'ConfigMap/logstack-grafana-datasource',
    'ConfigMap/logstack-logql-queries',
    'ConfigMap/logstack-loki-rules',
    'PrometheusRule/logstack-alerts',
  ]);
});

test('dashboards come out of Helm byte for byte, in the spec folder, and their queries still parse', () => {
  const boards = dashboards(complete(), { specLabel: 'examples/complete/logstack.yaml' });
  for (const [file, board] of Object.entries(boards)) {
    const cm = rendered.helm3.find((o) => o.data?.[file])!;
    assert.ok(cm, file);
    assert.is(cm.data![file], values.grafana.dashboards[file]);
    assert.equal(JSON.parse(cm.data![file]!), JSON.parse(JSON.stringify(board)));
    assert.is(cm.metadata.annotations!['k8s-sidecar-target-directory'], 'Airflow');
    assert.is(cm.metadata.labels!.grafana_dashboard, '1');
  }
});

test('the rendered Loki rule file keeps its LogQL and {{ $labels }} templates for the ruler', () => {
  const cm = rendered.helm3.find((o) => o.metadata.name === 'logstack-loki-rules')!;
  assert.is(cm.metadata.annotations!['k8s-sidecar-target-directory'], 'data-platform', 'the tenant folder');
  const file = parse(cm.data!['airflow-logstack-rules.yaml']!) as {
    groups: { rules: { expr: string; annotations: { summary: string } }[] }[];
  };
  const rules = file.groups.flatMap((g) => g.rules);
  assert.ok(rules.length >= 2);
  for (const r of rules)
    assert.equal(
      queryProblems('logql', r.expr, []).filter((p) => p.startsWith('LogQL')),
      [],
    );
  assert.ok(rules.some((r) => r.annotations.summary.includes('{{ $labels.dag_id }}')));
});

test('the datasource names the in-chart Loki and the tenant header', () => {
  const cm = rendered.helm3.find((o) => o.metadata.name === 'logstack-grafana-datasource')!;
  const ds = parse(cm.data!['logstack-loki-datasource.yaml']!).datasources[0];
  assert.is(ds.url, 'http://loki.data-platform.svc:3100');
  assert.is(ds.jsonData.httpHeaderName1, 'X-Scope-OrgID');
});

test('the PrometheusRule passes the Prometheus Operator model; ConfigMaps pass kubernetes-validate', () => {
  const rule = rendered.helm3.find((o) => o.kind === 'PrometheusRule')!;
  new PrometheusRule(rule as never).validate();
  const venv = process.env.LOGSTACK_VENV;
  if (!venv) throw new Error('LOGSTACK_VENV is not set: run tools/bootstrap.sh --python');
  const file = join(dir, 'core.yaml');
  writeFileSync(
    file,
    rendered.helm3
      .filter((o) => o.kind === 'ConfigMap')
      .map((o) => stringify(o))
      .join('---\n'),
  );
  const r = spawnSync(
    join(venv, 'bin', 'kubernetes-validate'),
    ['-k', '1.33.0', '--strict', '--quiet', file],
    {
      encoding: 'utf8',
    },
  );
  assert.is(r.status, 0, `${r.stdout}${r.stderr}`);
});

test('no PrometheusRule where the API is not served', () => {
  assert.not.ok(render('helm3').some((o) => o.kind === 'PrometheusRule'));
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
