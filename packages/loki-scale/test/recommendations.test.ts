import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explainLokiCapacity, planLoki } from '../src/index.js';
import { lokiSpec } from './helpers.js';

/**
 * What explain recommends for a table of volumes, pinned: the mode that fits, its replicas, the
 * limits the generated values set and the caches. A change to a sizing rule shows up here as a
 * reviewed diff. Columns: volume (loki.scale.volume), mode, replicas, ingestion_rate_mb / burst /
 * per_stream_rate_limit / max_global_streams_per_user / max_query_series / query_timeout,
 * chunks cache replicas x MB.
 */
const TABLE: Array<[string, string, string, string, string]> = [
  ['{ gbPerDay: 5 }', 'monolithic', 'singleBinary:1', '4 6 3 5000 500 1m', 'off'],
  [
    '{ peakConcurrency: 40, linesPerSecondPerTask: 20, dags: 100 }',
    'monolithic',
    'singleBinary:1',
    '4 6 3 5000 500 1m',
    'off',
  ],
  [
    '{ gbPerDay: 200, dags: 2000 }',
    'simpleScalable',
    'write:3 read:2 backend:2 gateway:2',
    '10 15 10 5000 2400 2m',
    '1x3584',
  ],
  [
    '{ peakConcurrency: 400, linesPerSecondPerTask: 50, dags: 2000 }',
    'simpleScalable',
    'write:3 read:2 backend:2 gateway:2',
    '14 21 3 5000 2400 2m',
    '1x4608',
  ],
  [
    '{ gbPerDay: 800, peakLinesPerSecond: 60000 }',
    'simpleScalable',
    'write:4 read:3 backend:3 gateway:2',
    '40 60 40 5000 500 2m',
    '2x6912',
  ],
  [
    '{ gbPerDay: 3000, dags: 8000 }',
    'distributed',
    'distributor:4 ingester:12 querier:10 queryFrontend:2 queryScheduler:2 indexGateway:3 compactor:1 ruler:2 gateway:2',
    '150 225 150 16000 9600 5m',
    '4x8192',
  ],
];

for (const [volume, mode, replicas, limits, chunks] of TABLE)
  test(`${volume}: ${mode}`, () => {
    const model = lokiSpec(`  scale:\n    volume: ${volume}\n`);
    const cap = explainLokiCapacity(model, { taskStreams: model.loki.scale.volume.dags });
    assert.is(cap.plan.recommendedMode, mode);
    // The spec says monolithic: explain plans the mode that fits beside it, and warns when it differs.
    const plan = cap.recommendedPlan ?? cap.plan;
    assert.is(plan.mode, mode);
    assert.is(
      cap.warnings.some((w) => w.includes(`needs ${mode}`)),
      mode !== 'monolithic',
    );
    assert.is(plan.components.map((c) => `${c.key}:${c.replicas}`).join(' '), replicas);
    const l = plan.limits;
    assert.is(
      [
        l.ingestionRateMb,
        l.ingestionBurstSizeMb,
        l.perStreamRateLimitMb,
        l.maxGlobalStreamsPerUser,
        l.maxQuerySeries,
        l.queryTimeout,
      ]
        .map((x) => x.value)
        .join(' '),
      limits,
    );
    const c = plan.caches.chunks;
    assert.is(c.enabled ? `${c.replicas}x${c.memoryMb}` : 'off', chunks);
  });

test('every pinned plan keeps at least as many writers as copies, and a PDB wherever there are two pods', () => {
  for (const [volume, mode] of TABLE) {
    const plan = planLoki(lokiSpec(`  scale:\n    mode: ${mode}\n    volume: ${volume}\n`));
    const writers = plan.components.find((c) => c.key === 'write' || c.key === 'ingester');
    if (writers) assert.ok(writers.replicas >= plan.replicationFactor, volume);
    for (const c of plan.components) assert.is(c.pdb, c.replicas > 1, `${volume} ${c.key}`);
  }
});

test.run();
