import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { retriesCovering, sidecarTimings, taskLogVectorConfig } from '../src/index.js';
import { spec } from './helpers.js';

/** Vector's FibonacciRetryPolicy without jitter (src/sinks/util/retries.rs, test backoff_grows_to_max). */
function vectorDelays(retries: number, initial: number, max: number): number[] {
  const out: number[] = [];
  let [previous, current] = [0, initial];
  for (let i = 0; i < retries; i++) {
    [previous, current] = [current, Math.min(previous + current, max)];
    out.push(current);
  }
  return out;
}

test('retries: Vector waits 1, 2, 3, 5, 8... times the first backoff, capped; we count enough to cover the span', () => {
  assert.equal(vectorDelays(7, 1, 10), [1, 2, 3, 5, 8, 10, 10]);
  for (const [span, initial, max] of [
    [120, 1, 5],
    [10, 1, 5],
    [600, 2, 30],
    [11, 1, 5],
    [12, 1, 5],
  ] as const) {
    const n = retriesCovering(span, initial, max);
    const waited = vectorDelays(n, initial, max).reduce((a, b) => a + b, 0);
    const short = vectorDelays(n - 1, initial, max).reduce((a, b) => a + b, 0);
    assert.ok(waited >= span && short < span, `${span}s: ${n} retries wait ${waited}s, one fewer ${short}s`);
  }
});

test('every bound follows from the outage tolerance: retries span it, the drain outlasts them, the kill comes last', () => {
  for (const tolerance of [10, 120, 3600]) {
    const m = spec(`sidecar:\n  lokiOutageToleranceSeconds: ${tolerance}\n`);
    const t = sidecarTimings(m);
    const span = vectorDelays(t.retryAttempts, t.retryInitialBackoffSeconds, t.retryMaxBackoffSeconds).reduce(
      (a, b) => a + b,
      0,
    );
    assert.ok(span >= tolerance, `retries span ${span}s < ${tolerance}s`);
    assert.ok(
      t.drainTimeoutSeconds > span,
      'the drain outlasts the last retry of the push that started at the task end',
    );
    assert.ok(t.terminationGracePeriodSeconds > t.drainTimeoutSeconds + t.gracefulShutdownSeconds);
    const sink = (taskLogVectorConfig(m).sinks as Record<string, { request: Record<string, unknown> }>).loki!;
    assert.equal(sink.request, {
      retry_attempts: t.retryAttempts,
      retry_initial_backoff_secs: t.retryInitialBackoffSeconds,
      retry_max_duration_secs: t.retryMaxBackoffSeconds,
      retry_jitter_mode: 'None',
    });
  }
});

test('the default rides out at least two minutes of Loki outage', () => {
  assert.ok(sidecarTimings(spec('')).outageToleranceSeconds >= 120);
});

test.run();
