import * as vrl from '@bpinternal/verel';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { batchProgram } from '../bench/harness.js';
import { taskLogVrl } from '../src/index.js';
import { fileEvent, spec, taskLogPath } from './helpers.js';

test('the benchmark harness runs the same statements: same output as the program event by event', () => {
  for (const yaml of ['', 'airflow:\n  logs:\n    format: text\n']) {
    const program = taskLogVrl(spec(yaml));
    const path = taskLogPath({
      dag: 'd',
      run: 'manual__2026-11-25T10:11:12.123456+00:00',
      task: 't',
      map: 2,
      attempt: 2,
    });
    const events = [
      fileEvent(path, '{"timestamp":"2026-11-25T10:11:13.929261Z","level":"info","event":"x","k":1}'),
      fileEvent(path, '[2026-11-25T10:11:13.123+0000] {a.py:1} ERROR - boom\nTraceback'),
      fileEvent(path, 'not a record'),
      fileEvent('/elsewhere.log', 'y'.repeat(250_000)),
    ];
    const batch = batchProgram(program);
    assert.not.ok(/(?<![\w.)\]\\])\.(message|file|host)\b/.test(batch.replace(/^\.events = .*$/m, '')));
    const batched = vrl.execute(batch, { events }).event.events;
    assert.equal(
      batched,
      events.map((e) => vrl.execute(program, e).event),
    );
  }
});

test.run();
