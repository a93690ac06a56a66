import { checkSpec } from '@logstack/spec';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dagSyncChecks } from '../src/index.js';

const withInterval = (mode: string, interval: string) =>
  checkSpec('spec.yaml', `apiVersion: logstack/v1\ndagSync:\n  mode: ${mode}\n  interval: ${interval}\n`, {
    checks: dagSyncChecks,
  });

const ALLOWED =
  'whole minutes that divide an hour or whole hours that divide a day: 1m, 2m, 3m, 4m, 5m, 6m, 10m, 12m, 15m, 20m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h, 24h (or the same period in other units, such as 60s or 120m)';

test('mode cronJob refuses an interval no cron schedule repeats at, at the interval', () => {
  for (const interval of ['7m', '45s', '90m', '5h', '48h']) {
    const { model, issues } = withInterval('cronJob', interval);
    assert.is(model, undefined, interval);
    assert.equal(
      issues.map((i) => [i.code, i.pointer, i.line, i.value, i.message, i.allowed]),
      [
        [
          'dagSync.interval-not-cron',
          '/dagSync/interval',
          4,
          interval,
          `a CronJob cannot run every ${interval}: a cron schedule repeats within an hour or a day, so the interval must divide one evenly`,
          ALLOWED,
        ],
      ],
      interval,
    );
    assert.is(
      issues[0]?.hint,
      'pick the nearest allowed interval, or use mode: sidecar, which loops at any interval',
    );
  }
});

test('mode cronJob accepts every period a cron schedule can express, in any unit', () => {
  for (const interval of ['1m', '60s', '15m', '120m', '1h', '6h', '24h'])
    assert.equal(withInterval('cronJob', interval).issues, [], interval);
});

test('other modes loop at any interval', () => {
  for (const mode of ['sidecar', 'initContainer', 'none'])
    assert.equal(withInterval(mode, '7m').issues, [], mode);
});

test.run();
