import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ALL_LOG_FIELDS } from '../src/fields.js';
import { SIDECAR_LAYOUT, taskLogVrl } from '../src/index.js';
import { compile, FOLDER, fileEvent, run, spec, taskLogPath } from './helpers.js';

const json = taskLogVrl(spec(''));
const text = taskLogVrl(spec('airflow:\n  logs:\n    format: text\n'));

const jsonLine = (o: Record<string, unknown>) => JSON.stringify(o);
const airflow3 = (event: string, extra: Record<string, unknown> = {}) =>
  jsonLine({
    timestamp: '2026-11-25T10:11:13.929261Z',
    level: 'info',
    event,
    logger: 'airflow.task.hooks.airflow.providers.standard.hooks.subprocess.SubprocessHook',
    filename: 'subprocess.py',
    lineno: 99,
    ...extra,
  });

const runId = 'scheduled__2026-11-25T00:00:00+00:00';
const path = taskLogPath({ dag: 'etl_orders', run: runId, task: 'load', attempt: 1 });

test('every generated program compiles with no error and no warning', () => {
  const programs = {
    json,
    text,
    customTemplate: taskLogVrl(
      spec(
        'airflow:\n  logs:\n    filenameTemplate: "{{ ti.dag_id }}/{{ ts }}/{{ ti.run_id }}/{{ ti.task_id }}/{{ try_number }}.log"\n',
      ),
    ),
    pythonFormat: taskLogVrl(
      spec('airflow:\n  logs:\n    filenameTemplate: "{dag_id}/{run_id}/{task_id}/{try_number}.log"\n'),
    ),
  };
  for (const [name, program] of Object.entries(programs)) {
    const { errors, warnings } = compile(program);
    assert.equal(errors, [], `${name} errors`);
    assert.equal(warnings, [], `${name} warnings`);
  }
});

test('Airflow 3 JSON line: identity from the path, timestamp/level/logger from the line, event as the line', () => {
  const out = run(json, fileEvent(path, airflow3('Output: 42 rows loaded')));
  assert.is(out.dag_id, 'etl_orders');
  assert.is(out.run_id, runId);
  assert.is(out.task_id, 'load');
  assert.is(out.map_index, -1);
  assert.is(out.attempt, 1);
  assert.is(out.message, 'Output: 42 rows loaded');
  assert.is(out.level, 'info');
  assert.is(out.logger, 'airflow.task.hooks.airflow.providers.standard.hooks.subprocess.SubprocessHook');
  assert.is(out.filename, 'subprocess.py:99');
  assert.is(out.timestamp, '2026-11-25T10:11:13.929261Z');
  assert.is(out.__timestamp_is_timestamp, true);
  assert.is(out.parse_error, undefined);
  assert.is(out.component, 'task');
  assert.is(out.container, 'base');
});

test('the shipped event carries exactly the message, the timestamp and every log field', () => {
  const out = run(json, fileEvent(path, airflow3('x')));
  delete out.__timestamp_is_timestamp;
  assert.equal(Object.keys(out).sort(), ['message', 'timestamp', ...ALL_LOG_FIELDS].sort());
});

test('mapped task and a retry: map_index and attempt are integers from the path', () => {
  const mapped = taskLogPath({ dag: 'fanout', run: runId, task: 'process', map: 17, attempt: 2 });
  const out = run(json, fileEvent(mapped, airflow3('item 17')));
  assert.is(out.map_index, 17);
  assert.is(out.attempt, 2);
  assert.is(out.task_id, 'process');
});

test('run ids with +, :, . and - come through as Airflow wrote them; percent-escapes are decoded', () => {
  for (const id of [
    'scheduled__2026-11-25T00:00:00+00:00',
    'manual__2026-11-25T10:11:12.123456+00:00',
    'backfill__2026-11-24T00:00:00+00:00_x-y.z',
    'dataset_triggered__2026-11-25T10:11:12.123456+00:00',
  ]) {
    const out = run(
      json,
      fileEvent(taskLogPath({ dag: 'd', run: id, task: 't', attempt: 3 }), airflow3('x')),
    );
    assert.is(out.run_id, id);
    assert.is(out.attempt, 3);
  }
  const encoded = taskLogPath({
    dag: 'd',
    run: 'manual__2026-11-25T10%3A11%3A12%2B00%3A00',
    task: 't',
    attempt: 1,
  });
  assert.is(run(json, fileEvent(encoded, airflow3('x'))).run_id, 'manual__2026-11-25T10:11:12+00:00');
});

test('exception details and custom keys stay in the line as compact JSON; chan and lineno leave it', () => {
  const detail = [
    {
      exc_type: 'ValueError',
      exc_value: 'bad row 7',
      frames: [{ filename: 'etl.py', lineno: 12, name: 'load' }],
    },
  ];
  const out = run(
    json,
    fileEvent(
      path,
      airflow3('Task failed with exception', { level: 'error', error_detail: detail, chan: 'stderr' }),
    ),
  );
  assert.is(out.level, 'error');
  const [head, ...rest] = String(out.message).split(' {');
  assert.is(head, 'Task failed with exception');
  assert.equal(JSON.parse(`{${rest.join(' {')}`), { error_detail: detail });
});

test('an unparseable JSON-format line is kept whole, level unknown, flagged with parse_error', () => {
  for (const line of ['Traceback (most recent call last):', '{"no_event": true}', '[1, 2, 3', '']) {
    const out = run(json, fileEvent(path, line));
    assert.is(out.message, line);
    assert.is(out.level, 'unknown');
    assert.match(String(out.parse_error), /not an Airflow JSON log line/);
    assert.is(out.dag_id, 'etl_orders', 'identity still comes from the path');
    assert.is(out.timestamp, '2026-11-25T10:11:12.500Z', 'read time kept');
    assert.is(out.__timestamp_is_timestamp, true);
  }
});

test('Airflow 2 text line: timestamp, level and source from the prefix, the rest as the line', () => {
  const out = run(
    text,
    fileEvent(
      path,
      '[2026-11-25T10:11:13.123+0000] {taskinstance.py:1979} INFO - Dependencies all met for <TaskInstance>',
    ),
  );
  assert.is(out.message, 'Dependencies all met for <TaskInstance>');
  assert.is(out.level, 'info');
  assert.is(out.filename, 'taskinstance.py:1979');
  assert.is(out.timestamp, '2026-11-25T10:11:13.123Z');
  assert.is(out.__timestamp_is_timestamp, true);
  assert.is(out.parse_error, undefined);
});

test('a traceback joined by the multiline settings stays one event with every line', () => {
  const record = [
    '[2026-11-25T10:11:14.001+0000] {taskinstance.py:2905} ERROR - Task failed with exception',
    'Traceback (most recent call last):',
    '  File "/opt/airflow/dags/etl.py", line 12, in load',
    '    raise ValueError("bad row 7")',
    'ValueError: bad row 7',
  ].join('\n');
  const out = run(text, fileEvent(path, record));
  assert.is(out.level, 'error');
  assert.is(String(out.message).split('\n').length, 5);
  assert.ok(String(out.message).startsWith('Task failed with exception\nTraceback'));
  assert.ok(String(out.message).endsWith('ValueError: bad row 7'));
});

test('text lines with the other asctime form parse; anything else is kept and flagged', () => {
  const other = run(
    text,
    fileEvent(path, '[2026-11-25 10:11:13,123] {logging_mixin.py:188} WARNING - careful'),
  );
  assert.is(other.level, 'warning');
  assert.is(other.timestamp, '2026-11-25T10:11:13.123Z');
  const bad = run(text, fileEvent(path, 'plain print() output'));
  assert.is(bad.message, 'plain print() output');
  assert.is(bad.level, 'unknown');
  assert.match(String(bad.parse_error), /not an Airflow text log line/);
});

test('a path outside the template is kept and flagged, never dropped', () => {
  const out = run(json, fileEvent(`${FOLDER}/scheduler/latest/x.log`, airflow3('x')));
  assert.is(out.message, 'x');
  assert.is(out.dag_id, 'unknown');
  assert.match(String(out.parse_error), /path does not match/);
});

test('pod, namespace and node come from the Downward API env at runtime, with fallbacks', () => {
  for (const name of Object.values(SIDECAR_LAYOUT.env))
    assert.ok(json.includes(`get_env_var("${name}")`), name);
  // verel runs without those variables: the fallbacks are what is left to observe.
  const out = run(json, fileEvent(path, airflow3('x')));
  assert.is(out.pod, 'etl-load-3f9a2c', 'pod name = the hostname the file source reports');
  assert.is(out.namespace, 'airflow');
  assert.is(out.node, 'unknown');
  const ns = run(taskLogVrl(spec('airflow:\n  namespace: data-platform\n')), fileEvent(path, airflow3('x')));
  assert.is(ns.namespace, 'data-platform');
});

test('a message over Loki’s line limit is cut and marked, not dropped', () => {
  const out = run(json, fileEvent(path, airflow3('y'.repeat(300_000))));
  assert.ok(Buffer.byteLength(String(out.message)) < 256 * 1024);
  assert.ok(String(out.message).endsWith('[cut by the log sidecar]'));
  assert.is(out.truncated, true);
  assert.is(run(json, fileEvent(path, airflow3('short'))).truncated, undefined);
});

test('a custom template without map_index and with an extra value still yields the identity', () => {
  const program = taskLogVrl(
    spec(
      'airflow:\n  logs:\n    filenameTemplate: "{{ ti.dag_id }}/{{ ts }}/{{ ti.run_id }}/{{ ti.task_id }}/{{ try_number }}.log"\n',
    ),
  );
  const file = `${FOLDER}/etl/2026-11-25T00:00:00+00:00/manual__2026-11-25T00:00:00+00:00/load/2.log`;
  const out = run(program, fileEvent(file, airflow3('x')));
  assert.is(out.dag_id, 'etl');
  assert.is(out.run_id, 'manual__2026-11-25T00:00:00+00:00');
  assert.is(out.task_id, 'load');
  assert.is(out.attempt, 2);
  assert.is(out.map_index, -1);
  assert.is(out.parse_error, undefined);
});

test.run();
