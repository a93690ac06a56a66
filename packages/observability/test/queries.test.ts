import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type LibraryQuery, pipelineFields, queryLibrary } from '../src/index.js';
import { model, queryProblems, variants } from './helpers.js';

const streamsOf = (q: LibraryQuery, m: ReturnType<typeof model>) => {
  const f = pipelineFields(m);
  return q.streams.map((s) => (s === 'taskLogs' ? f.taskLogs : f.clusterLogs!));
};

for (const [name, text] of Object.entries(variants)) {
  test(`${name}: every library query parses and uses only names the pipeline sets`, () => {
    const m = model(text);
    const lib = queryLibrary(m);
    assert.ok(lib.length >= 10, `only ${lib.length} queries`);
    const problems = lib.flatMap((q) =>
      queryProblems(q.language, q.query, streamsOf(q, m)).map((p) => `${q.id}: ${p}`),
    );
    assert.equal(problems, []);
  });
}

test("the scheduler query is offered only when the node agent ships the scheduler's pod", () => {
  const ids = (spec: string) => queryLibrary(model(`apiVersion: logstack/v1\n${spec}`)).map((q) => q.id);
  assert.ok(ids('').includes('scheduler-dag-lines'), 'Alloy ships every pod');
  const vector = ids('clusterAgent: { type: vector-agent }\n');
  assert.not.ok(vector.includes('scheduler-dag-lines'), 'the Vector agent ships task pods only');
  assert.ok(vector.includes('sidecar-errors'));
});

test('the library answers what operators ask most', () => {
  const ids = queryLibrary(model(variants.complete!)).map((q) => q.id);
  for (const id of [
    'task-attempt-logs',
    'dag-run-errors',
    'noisiest-tasks',
    'tracebacks',
    'mapped-task-instance',
    'retried-tasks',
    'pod-task-logs',
    'pod-stdout',
    'ingestion-latency',
    'ingestion-rate',
  ])
    assert.ok(ids.includes(id), id);
  assert.is(new Set(ids).size, ids.length, 'ids are unique');
});

test('a task attempt is found by its dag_id label and task, run and try metadata', () => {
  const q = queryLibrary(model(variants.complete!)).find((x) => x.id === 'task-attempt-logs')!;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana variable syntax, not a JS template
  assert.is(q.query, '{dag_id="${dag_id}"} | task_id="${task_id}" | run_id="${run_id}" | attempt="${try}"');
});

test('with dag_id as metadata, task-log queries select component="task" and filter dag_id after it', () => {
  const q = queryLibrary(model(variants['dag_id as metadata, no node agent']!)).find(
    (x) => x.id === 'task-attempt-logs',
  )!;
  assert.match(q.query, /^\{component="task"\} \| dag_id="\$\{dag_id\}"/);
});

test('pod stdout queries pin the node agent job; task-log queries by pod pin task streams', () => {
  const lib = queryLibrary(model(variants.complete!));
  const byId = (id: string) => lib.find((q) => q.id === id)!.query;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana variable syntax, not a JS template
  assert.is(byId('pod-stdout'), '{namespace="${namespace}", job="logstack/pod-logs"} | pod="${pod}"');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana variable syntax, not a JS template
  assert.is(byId('pod-task-logs'), '{dag_id=~".+", namespace="${namespace}"} | pod="${pod}"');
});

test('cluster-log queries exist only with a node agent', () => {
  const ids = queryLibrary(model(variants['dag_id as metadata, no node agent']!)).map((q) => q.id);
  assert.not.ok(ids.includes('pod-stdout'));
});

test.run();
