import { existsSync, readdirSync } from 'node:fs';
import { checkSpec } from '@logstack/spec';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import {
  analyzeLogQL,
  DEFAULT_RUNBOOK_BASE,
  lokiRuleGroups,
  observabilityValues,
  pipelineFields,
  prometheusRuleGroups,
  RUNBOOK_DIR,
} from '../src/index.js';
import { complete, model, queryProblems, read, repo, variants } from './helpers.js';

const DURATION = /^[0-9]+(ms|s|m|h|d|w|y)$/;

test('Loki rules: the rule file is what Loki’s ruler loads, every expr LogQL on pipeline names', () => {
  for (const [name, text] of Object.entries(variants)) {
    const m = model(text);
    const f = pipelineFields(m);
    const file = parse(observabilityValues(m).lokiRules.rules || 'groups: []') as {
      groups: { name: string; rules: Record<string, unknown>[] }[];
    };
    for (const g of file.groups) {
      assert.type(g.name, 'string');
      for (const r of g.rules) {
        assert.equal(Object.keys(r).sort(), ['alert', 'annotations', 'expr', 'for', 'labels'], name);
        assert.match(String(r.for), DURATION);
        const streams = f.clusterLogs ? [f.taskLogs, f.clusterLogs] : [f.taskLogs];
        assert.equal(queryProblems('logql', String(r.expr), streams), [], `${name}: ${r.alert}`);
        assert.ok(analyzeLogQL(String(r.expr)).errors.length === 0);
      }
    }
  }
});

test('the DAG-ran-without-logs alert compares scheduler runs with task-log streams per dag_id', () => {
  const [g] = lokiRuleGroups(pipelineFields(complete()), 'data-platform');
  const r = g!.rules.find((x) => x.alert === 'LogstackNoTaskLogsForDagRun')!;
  assert.match(
    r.expr,
    /\{namespace="data-platform", container="scheduler", job="logstack\/pod-logs"\} \|= "DagRun Finished"/,
  );
  assert.match(r.expr, /unless on \(dag_id\)/);
});

test('without a node agent there are no log-based rules (they read the scheduler and sidecar stdout)', () => {
  const m = model(variants['dag_id as metadata, no node agent']!);
  assert.equal(lokiRuleGroups(pipelineFields(m), 'etl'), []);
  assert.is(observabilityValues(m).lokiRules.enabled, false);
});

test('with the Vector agent (task pods only) the scheduler-based alert is left out, the sidecar one stays', () => {
  const m = model('apiVersion: logstack/v1\nclusterAgent: { type: vector-agent }\n');
  const names = lokiRuleGroups(pipelineFields(m), 'airflow').flatMap((g) => g.rules.map((r) => r.alert));
  assert.equal(names, ['LogstackSidecarSendErrorLogs']);
  const withAlloy = lokiRuleGroups(pipelineFields(model('apiVersion: logstack/v1\n')), 'airflow');
  assert.equal(
    withAlloy.flatMap((g) => g.rules.map((r) => r.alert)),
    ['LogstackNoTaskLogsForDagRun', 'LogstackSidecarSendErrorLogs'],
  );
});

test('counter alerts see a series that appears already non-zero (prometheus/prometheus#1673)', () => {
  const byName = new Map(prometheusRuleGroups().flatMap((g) => g.rules.map((r) => [r.alert, r])));
  // A task pod's sidecar counters appear at the first error: increase()/rate() would read 0.
  for (const name of ['LogstackSidecarSendErrors', 'LogstackSidecarDroppedEvents']) {
    const r = byName.get(name)!;
    assert.match(
      r.expr,
      /^sum by \(namespace, pod\) \(max_over_time\(vector_component_\w+_total\{[^}]+\}\[10m\]\)\) > 0$/,
    );
    assert.is(r.for, '0m', name);
  }
  // Loki creates a reason's series at its first discard: a series new within the window counts.
  const ingestion = byName.get('LogstackLokiIngestionFailures')!;
  assert.match(ingestion.expr, /increase\(loki_discarded_samples_total\[15m\]\)\) > 0 or /);
  assert.match(
    ingestion.expr,
    /\(loki_discarded_samples_total unless loki_discarded_samples_total offset 15m\)$/,
  );
  assert.is(ingestion.for, '0m');
});

test('PrometheusRule groups: PromQL parses, durations valid, severities known', () => {
  for (const g of prometheusRuleGroups())
    for (const r of g.rules) {
      assert.equal(queryProblems('promql', r.expr, []), [], r.alert);
      assert.match(r.for, DURATION);
      assert.ok(['warning', 'critical'].includes(r.labels.severity));
    }
});

const allRules = () =>
  [...lokiRuleGroups(pipelineFields(complete()), 'airflow'), ...prometheusRuleGroups()].flatMap(
    (g) => g.rules,
  );

test('the four required alerts exist', () => {
  const names = allRules().map((r) => r.alert);
  for (const n of [
    'LogstackLokiIngestionFailures',
    'LogstackSidecarSendErrors',
    'LogstackNoTaskLogsForDagRun',
    'LogstackLokiRequestErrors',
  ])
    assert.ok(names.includes(n), n);
  assert.is(new Set(names).size, names.length);
});

test('every alert links a runbook page that says what it means, what to check and what to do', () => {
  const rules = allRules();
  for (const r of rules) {
    assert.is(r.annotations.runbook_url, `${DEFAULT_RUNBOOK_BASE}/${r.alert}.md`);
    const path = `${RUNBOOK_DIR}/${r.alert}.md`;
    assert.ok(existsSync(`${repo}${path}`), path);
    const page = read(path);
    for (const h of ['## What it means', '## What to check', '## What to do'])
      assert.ok(page.includes(h), `${path}: ${h}`);
  }
  const pages = readdirSync(`${repo}docs/runbooks`).filter((p) => p !== 'README.md');
  assert.equal(pages.sort(), rules.map((r) => `${r.alert}.md`).sort(), 'no page without an alert');
});

test("the default runbook links are absolute and point into this repository's docs (the chart's home)", () => {
  const home = parse(read('charts/airflow-logstack/Chart.yaml')).home as string;
  assert.is(DEFAULT_RUNBOOK_BASE, `${home}/blob/main/${RUNBOOK_DIR}`);
  assert.is(complete().grafana.runbookBaseUrl, DEFAULT_RUNBOOK_BASE, 'the spec default is the same');
  const relative = checkSpec(
    'bad.yaml',
    'apiVersion: logstack/v1\ngrafana:\n  runbookBaseUrl: docs/runbooks\n',
  );
  assert.equal(
    relative.issues.map((i) => [i.code, i.pointer]),
    [['schema.pattern', '/grafana/runbookBaseUrl']],
  );
});

test('runbook links follow grafana.runbookBaseUrl', () => {
  const base = 'https://git.example.com/platform/airflow-logstack/-/blob/main/docs/runbooks';
  const v = observabilityValues(
    model(variants.complete!.replace('  alerts: true\n', `  alerts: true\n  runbookBaseUrl: ${base}/\n`)),
  );
  const urls = [
    ...(parse(v.lokiRules.rules) as { groups: { rules: { annotations: { runbook_url: string } }[] }[] })
      .groups,
    ...v.prometheusRule.groups,
  ].flatMap((g) => g.rules.map((r) => r.annotations.runbook_url));
  assert.ok(urls.length >= 6);
  for (const u of urls) assert.match(u, /^https:\/\/git\.example\.com\/.*\/docs\/runbooks\/Logstack\w+\.md$/);
});

test('LogQL quoted in runbooks parses', () => {
  const pages = readdirSync(`${repo}docs/runbooks`).map((p) => read(`docs/runbooks/${p}`));
  const queries = pages.flatMap((p) => [...p.matchAll(/`(\{[^`]+)`/g)].map((m) => m[1]!));
  assert.ok(queries.length >= 8);
  for (const q of queries) {
    const concrete = q.replace(/<(\w+)>/g, 'x_$1');
    assert.equal(analyzeLogQL(concrete).errors, [], q);
  }
});

test.run();
