import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { load } from './helpers.js';

/** The issues of a spec written under `loki:`, as [code, pointer, line]. */
const issues = (loki: string) =>
  load(`apiVersion: logstack/v1\nloki:\n${loki}`).issues.map((i) => [i.code, i.pointer, i.line]);

test('a component of another mode is refused at its own pointer, naming the allowed ones', () => {
  const r = load(
    'apiVersion: logstack/v1\nloki:\n  scale:\n    mode: simpleScalable\n    replicas:\n      ingester: 3\n',
  );
  assert.equal(
    r.issues.map((i) => [i.code, i.pointer, i.line]),
    [['loki.scale-component-not-in-mode', '/loki/scale/replicas/ingester', 6]],
  );
  assert.is(r.issues[0]?.allowed, 'write, read, backend, gateway');
});

test('fewer writers than the replication factor, and replication in monolithic, are refused', () => {
  assert.equal(issues('  scale:\n    mode: simpleScalable\n    replicas: { write: 2 }\n'), [
    ['loki.scale-too-few-writers', '/loki/scale/replicas/write', 5],
  ]);
  assert.equal(issues('  scale:\n    replicationFactor: 3\n'), [
    ['loki.scale-replication-monolithic', '/loki/scale/replicationFactor', 4],
  ]);
  assert.equal(
    issues('  scale:\n    mode: distributed\n    replicationFactor: 2\n    replicas: { ingester: 2 }\n'),
    [],
  );
});

test('zones need distributed, and ingesters that split evenly over them', () => {
  assert.equal(issues('  scale:\n    mode: simpleScalable\n    zones: [a, b, c]\n'), [
    ['loki.scale-zones-need-distributed', '/loki/scale/zones', 5],
  ]);
  assert.equal(
    issues('  scale:\n    mode: distributed\n    zones: [a, b, c]\n    replicas: { ingester: 4 }\n'),
    [['loki.scale-zones-uneven', '/loki/scale/replicas/ingester', 6]],
  );
  // The schema: exactly three distinct zones.
  assert.equal(issues('  scale:\n    mode: distributed\n    zones: [a, b]\n')[0]?.[1], '/loki/scale/zones');
});

test('an external Loki takes a volume and stated limits, but no in-chart sizing', () => {
  const ext = '  mode: external\n  pushUrl: https://loki.example.com\n';
  assert.equal(
    issues(`${ext}  scale:\n    volume: { gbPerDay: 500 }\n  limits: { ingestionRateMb: 20 }\n`),
    [],
  );
  assert.equal(issues(`${ext}  scale:\n    mode: distributed\n    caches: { chunks: { enabled: true } }\n`), [
    ['loki.scale-external', '/loki/scale/mode', 6],
    ['loki.scale-external', '/loki/scale/caches', 7],
  ]);
});

test('a peak below the daily average is refused; bad numbers are refused by the schema', () => {
  assert.equal(issues('  scale:\n    volume: { gbPerDay: 100, peakLinesPerSecond: 100 }\n'), [
    ['loki.volume-peak-below-average', '/loki/scale/volume/peakLinesPerSecond', 4],
  ]);
  const bad = load(
    'apiVersion: logstack/v1\nloki:\n  scale:\n    mode: huge\n    volume: { gbPerDay: -1 }\n  limits: { queryTimeout: 0 }\n',
  );
  assert.equal(bad.issues.map((i) => i.pointer).sort(), [
    '/loki/limits/queryTimeout',
    '/loki/scale/mode',
    '/loki/scale/volume/gbPerDay',
  ]);
  assert.match(bad.issues.find((i) => i.pointer === '/loki/scale/mode')?.allowed ?? '', /monolithic/);
});

test.run();
