import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeLogQL, analyzePromQL, logqlErrors, promqlErrors } from '../src/index.js';
import { queryProblems } from './helpers.js';

const streams = [
  { labels: ['namespace', 'dag_id'], staticLabels: {}, structuredMetadata: ['task_id', 'level'] },
];

test('the grammar reports error nodes for broken LogQL', () => {
  assert.ok(logqlErrors('{dag_id="x" | bad').length > 0);
  assert.ok(logqlErrors('sum by (dag_id) (count_over_time({dag_id="x"}))').length > 0, 'range missing');
  assert.equal(logqlErrors('{dag_id="x"} | task_id="t" |= "boom"'), []);
});

test('Grafana range variables are interpolated before parsing, as Grafana does', () => {
  assert.equal(logqlErrors('sum(rate({dag_id="x"}[$__auto]))'), []);
  assert.equal(promqlErrors('rate(loki_request_duration_seconds_count[$__rate_interval])'), []);
});

test('the analysis separates selector labels, metadata filters, grouping and extracted names', () => {
  const a = analyzeLogQL(
    'sum by (dag_id, task_id) (count_over_time({namespace="n"} | task_id="t" | regexp `x=(?P<x>\\d+)` | x > 1 [5m]))',
  );
  assert.equal(a.selectorLabels, ['namespace']);
  assert.equal(a.filterNames, ['task_id']);
  assert.equal(a.groupingNames, ['dag_id', 'task_id']);
  assert.equal(a.extractedNames, ['x']);
  assert.is(a.openParser, false);
});

test('names the pipeline does not set are reported', () => {
  assert.equal(queryProblems('logql', '{dag_id="x"} | task_id="t"', streams), []);
  assert.equal(queryProblems('logql', '{task_id="t"}', streams), [
    'stream selector uses "task_id", not a label the pipeline sets',
  ]);
  assert.equal(queryProblems('logql', '{dag_id="x"} | try_number="1"', streams), [
    'label filter uses "try_number", neither a label nor structured metadata the pipeline sets',
  ]);
  assert.equal(queryProblems('logql', 'sum by (pod) (count_over_time({dag_id="x"}[5m]))', streams), [
    'grouping uses "pod", which no stream, metadata or parser provides',
  ]);
});

test('PromQL is parsed with Prometheus’ own grammar', () => {
  assert.ok(promqlErrors('sum(rate(x[5m]) by (a)').length > 0);
  assert.equal(analyzePromQL('sum(rate(vector_component_errors_total{component_id="loki"}[5m]))').metrics, [
    'vector_component_errors_total',
  ]);
});

test.run();
