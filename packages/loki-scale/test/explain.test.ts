import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { explainLokiCapacity, formatLokiCapacity, SIDECAR_MEASURED } from '../src/index.js';
import { lokiSpec } from './helpers.js';

const MiB = 2 ** 20;

test('the sidecar at a per-task rate: CPU from the measured lines per CPU-second, pushes from the batch settings', () => {
  const m = lokiSpec('  scale:\n    volume: { peakConcurrency: 400, linesPerSecondPerTask: 50 }\n');
  const cap = explainLokiCapacity(m);
  const s = cap.sidecar;
  assert.ok(s);
  // 4m idle + 50 / 11,000 CPU-seconds x 1.5, in 5m steps, at least 10m.
  assert.is(s?.cpuRequestMillis, 15);
  assert.is(s?.memoryRequestBytes, 128 * MiB);
  // Batches of 250 ms: at most 4 pushes a second from a task writing 50 lines/s.
  assert.is(s?.pushesPerSecond, 4);
  assert.is(cap.pushesPerSecond, 1600);
  assert.is(s?.maxLinesPerSecondAtLimit, Math.floor((SIDECAR_MEASURED.linesPerCpuSecond * 496) / 1000));
});

test('a busy task fills batches: pushes follow maxEvents and maxBytes, not the timeout', () => {
  const m = lokiSpec(
    '  batch: { maxEvents: 500 }\n  scale:\n    volume: { peakConcurrency: 10, linesPerSecondPerTask: 5000, lineBytes: 1000 }\n',
  );
  const s = explainLokiCapacity(m).sidecar;
  // 5000 lines of ~1.3 KB a second: 10 batches by count, about 6 by the 1 MiB byte cap.
  assert.is(s?.pushesPerSecond, 10);
  assert.ok(explainLokiCapacity(m).warnings.some((w) => /outruns the sidecar's CPU limit/.test(w)) === false);
  const faster = lokiSpec('  scale:\n    volume: { peakConcurrency: 10, linesPerSecondPerTask: 8000 }\n');
  assert.ok(
    explainLokiCapacity(faster).warnings.some((w) => /outruns the sidecar's CPU limit \(500m/.test(w)),
  );
});

test('in-chart: Loki’s defaults do not take 400 tasks at 50 lines/s, the generated limits do', () => {
  const m = lokiSpec(
    '  scale:\n    mode: simpleScalable\n    volume: { peakConcurrency: 400, linesPerSecondPerTask: 50 }\n',
  );
  const cap = explainLokiCapacity(m);
  const rate = cap.checks.find((c) => c.name === 'ingestion_rate_mb');
  assert.is(rate?.holdsWithDefault, false);
  assert.is(rate?.holds, true);
  assert.is(rate?.effective, 14);
  assert.ok((rate?.needed ?? 0) > 8 && (rate?.needed ?? 0) < 9, String(rate?.needed));
  assert.equal(cap.warnings, []);
  // A limit the spec pins below the peak is reported, with the way out.
  const pinned = explainLokiCapacity(
    lokiSpec(
      '  scale:\n    mode: simpleScalable\n    volume: { peakConcurrency: 400, linesPerSecondPerTask: 50 }\n  limits: { ingestionRateMb: 5 }\n',
    ),
  );
  assert.match(
    pinned.warnings.join('\n'),
    /ingestion_rate_mb 5 \(loki\.limits\) is below the 8\.\d+ the peak needs/,
  );
});

test('external: Loki’s defaults assumed unless the spec states the limits; the warning says what to ask for', () => {
  const ext = '  mode: external\n  pushUrl: https://loki.example.com\n';
  const unstated = explainLokiCapacity(lokiSpec(`${ext}  scale:\n    volume: { gbPerDay: 500 }\n`));
  assert.is(unstated.target, 'external');
  assert.is(unstated.recommendedPlan, undefined);
  const w = unstated.warnings.join('\n');
  assert.match(w, /the external Loki's ingestion_rate_mb \(4, Loki’s default: state it in loki\.limits\)/);
  assert.match(w, /ask its operators for \d+/);
  const stated = explainLokiCapacity(
    lokiSpec(
      `${ext}  scale:\n    volume: { gbPerDay: 500 }\n  limits: { ingestionRateMb: 100, ingestionBurstSizeMb: 150, perStreamRateLimitMb: 100 }\n`,
    ),
  );
  assert.equal(stated.warnings, []);
  assert.ok(stated.checks.every((c) => c.holds));
});

test('the report: volume basis, plans, limits with their source, the sidecar and the verdicts', () => {
  const text = formatLokiCapacity(
    explainLokiCapacity(
      lokiSpec('  scale:\n    volume: { peakConcurrency: 400, linesPerSecondPerTask: 50, dags: 2000 }\n'),
      {
        taskStreams: 2000,
      },
    ),
  );
  assert.match(text, /peak 20000 lines\/s = 400 tasks x 50 lines\/s/);
  assert.match(text, /Scale that fits: simpleScalable; chosen: monolithic/);
  assert.match(text, /With simpleScalable instead:\n {2}deploymentMode SimpleScalable, replication factor 3/);
  assert.match(text, /ingestion_rate_mb\s+14\s+derived/);
  assert.match(text, /Pushes reaching Loki at the peak: 1600\/s from 400 sidecars/);
  assert.match(text, /ingestion_rate_mb\s+8\.\d+\s+4 \(too low\)\s+14\s+yes/);
  assert.match(text, /WARNING: loki\.scale\.mode monolithic is meant for up to 50 GB\/day/);
  assert.match(formatLokiCapacity(explainLokiCapacity(lokiSpec())), /Loki volume: none given/);
});

test.run();
