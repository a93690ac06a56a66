import { loadSpec } from '@logstack/spec';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defaultWorld } from './fake-api.js';
import { evidence, get, run } from './harness.js';
import { passingRun } from './scenario.js';

test('ui-log fails when the API server still reads the pod (no reader installed), naming its sources', async () => {
  const world = defaultWorld(passingRun());
  world.unreadableLog = (a) => a.taskId === 'load' && a.tryNumber === 1;
  const { report } = await run(world);
  const c = get(report, 'ui-log');
  assert.is(c.status, 'fail');
  assert.is(c.summary, 'the API server did not read load[-1]#1 (its pod is gone) from Loki');
  assert.match(evidence(report, 'ui-log'), /source: Could not read served logs/);
  assert.match(evidence(report, 'ui-log'), /logging_config_class/);
  assert.not.ok(report.ok);
});

test("ui-log fails with the reader's own message when the reader cannot read Loki", async () => {
  const world = defaultWorld(passingRun());
  world.editAirflowLog = (a, log) =>
    a.taskId === 'load' && a.tryNumber === 1
      ? {
          ...log,
          content: [
            ...log.content.slice(0, 2),
            {
              timestamp: null,
              event:
                "Could not read this attempt's log from Loki: Loki at http://loki.airflow.svc:3100 answered HTTP 401 Unauthorized",
              level: 'error',
              logger: 'logstack Loki reader',
            },
          ],
        }
      : log;
  const { report } = await run(world);
  const c = get(report, 'ui-log');
  assert.is(c.status, 'fail');
  assert.match(c.summary, 'could not read load[-1]#1 from Loki');
  assert.match(evidence(report, 'ui-log'), /HTTP 401/);
});

test('ui-log fails when the log tab shows fewer lines than Loki holds', async () => {
  const world = defaultWorld(passingRun());
  world.editAirflowLog = (a, log) =>
    a.taskId === 'load' && a.tryNumber === 1 ? { ...log, content: log.content.slice(0, -1) } : log;
  const { report } = await run(world);
  assert.is(get(report, 'ui-log').summary, 'the log tab shows 3 of the 4 lines Loki holds for load[-1]#1');
});

test('ui-log is skipped when the spec turns the reader off, or without --airflow-url', async () => {
  const off = loadSpec('logstack.yaml', 'apiVersion: logstack/v1\nairflow:\n  uiLogs:\n    enabled: false\n');
  const { report } = await run(defaultWorld(passingRun()), { model: off });
  assert.is(get(report, 'ui-log').status, 'skip');
  assert.match(get(report, 'ui-log').summary, 'airflow.uiLogs.enabled is off');
  const { report: noAirflow } = await run(defaultWorld(passingRun()), { airflowUrl: undefined });
  assert.is(get(noAirflow, 'ui-log').summary, 'needs --airflow-url');
});

test.run();
