import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explainTaskLogCost, formatTaskLogCost, LOKI_DEFAULT_STREAM_LIMIT } from '../src/index.js';
import { spec } from './helpers.js';

test('streams are the product of the label value counts, static labels count once', () => {
  const m = spec('loki:\n  labels: [namespace, dag_id, component]\n  staticLabels: { cluster: prod }\n');
  const cost = explainTaskLogCost(m, { dags: 120, dailyRuns: 5000 });
  assert.equal(
    cost.labels.map((l) => [l.name, l.kind, l.values]),
    [
      ['namespace', 'field', 1],
      ['dag_id', 'field', 120],
      ['component', 'field', 1],
      ['cluster', 'static', 1],
    ],
  );
  assert.is(cost.streams, 120);
  assert.is(cost.runsPerStreamPerDay, 5000 / 120);
  assert.equal(cost.structuredMetadata, m.loki.structuredMetadata);
});

test('a level label multiplies the streams by the six levels; unknown counts are assumed and said so', () => {
  const m = spec(
    'loki:\n  labels: [namespace, dag_id, level, node]\n  structuredMetadata: [task_id, run_id]\n',
  );
  const cost = explainTaskLogCost(m, { dags: 10, dailyRuns: 100 });
  assert.is(cost.streams, 10 * 6 * 10);
  assert.equal(
    cost.labels.filter((l) => l.assumed).map((l) => l.name),
    ['node'],
  );
  const given = explainTaskLogCost(m, { dags: 10, dailyRuns: 100, labelValues: { node: 3 } });
  assert.is(given.streams, 10 * 6 * 3);
  assert.equal(
    given.labels.filter((l) => l.assumed),
    [],
  );
});

test('sidecar requests and limits times peak concurrency', () => {
  const m = spec(
    'sidecar:\n  resources:\n    requests: { cpu: 100m, memory: 128Mi }\n    limits: { cpu: 500m, memory: 384Mi }\n',
  );
  const cost = explainTaskLogCost(m, { dags: 1, dailyRuns: 1, peakConcurrency: 40 });
  assert.equal(cost.sidecar.requests, { cpuMillis: 100, memoryBytes: 128 * 2 ** 20 });
  assert.equal(cost.sidecar.atPeak, {
    requests: { cpuMillis: 4000, memoryBytes: 40 * 128 * 2 ** 20 },
    limits: { cpuMillis: 20000, memoryBytes: 40 * 384 * 2 ** 20 },
  });
  assert.is(explainTaskLogCost(m, { dags: 1, dailyRuns: 1 }).sidecar.atPeak, undefined);
});

test('the readable report names streams, metadata, the line and the totals', () => {
  const m = spec('loki:\n  staticLabels: { cluster: prod }\n');
  const text = formatTaskLogCost(
    explainTaskLogCost(m, { dags: 7000, dailyRuns: 90000, peakConcurrency: 40 }),
  );
  assert.match(text, /Streams: 1 x 7000 x 1 x 1 = 7000/);
  assert.match(text, new RegExp(`${LOKI_DEFAULT_STREAM_LIMIT} active streams per tenant — OVER IT`));
  assert.match(
    text,
    /Structured metadata \(filterable, no streams\): task_id, run_id, map_index, attempt, pod, node, logger, level/,
  );
  assert.match(
    text,
    /At 40 concurrent tasks: requests 4000m \(4 cores\) CPU, 5Gi memory; limits 20000m \(20 cores\) CPU, 15Gi memory/,
  );
  assert.match(text, /Log line: the JSON line’s "event" text/);
});

test.run();
