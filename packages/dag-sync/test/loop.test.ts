import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runLoop } from '../src/index.js';

test('the loop survives a cycle that throws, logs one line per cycle and sleeps the interval between', async () => {
  const log: string[] = [];
  const slept: number[] = [];
  const ready: number[] = [];
  let n = 0;
  const last = await runLoop({
    intervalMs: 300_000,
    maxCycles: 3,
    sleep: async (ms) => {
      slept.push(ms);
    },
    now: () => new Date(Date.UTC(2026, 0, 1, 0, n * 5)),
    log: (l) => log.push(l),
    cycle: async () => {
      n++;
      if (n === 2) throw new Error('EACCES: permission denied, open /opt/airflow/dags/x.py\nstack');
      return { line: `cycle work ${n}`, code: n === 3 ? 0 : 1 };
    },
    afterCycle: () => ready.push(n),
  });
  assert.equal(log, [
    '2026-01-01T00:05:00.000Z cycle 1: cycle work 1',
    '2026-01-01T00:10:00.000Z cycle 2 failed: EACCES: permission denied, open /opt/airflow/dags/x.py',
    '2026-01-01T00:15:00.000Z cycle 3: cycle work 3',
  ]);
  assert.equal(slept, [300_000, 300_000]);
  assert.equal(ready, [1, 3]);
  assert.is(last, 0);
});

test.run();
