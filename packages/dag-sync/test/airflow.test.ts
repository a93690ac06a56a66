import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { discoverJobs, syncDags } from '../src/index.js';
import { copyOfExamples, tempDir } from './helpers.js';

// The real consumer: Airflow's DagBag (as the dag-processor uses it) loads the synced folder once;
// every assertion below reads that one load.

const venv = process.env.LOGSTACK_VENV;
const python = venv ? join(venv, 'bin', 'python') : '';

interface Loaded {
  import_errors: Record<string, string>;
  dags: Record<
    string,
    {
      fileloc: string;
      schedule: string;
      tags: string[];
      catchup: boolean;
      owner: string;
      start_date: string;
      params: { module: unknown; pod?: unknown };
      tasks: { task_id: string; type: string; retries: number; pool: string }[];
    }
  >;
}

let dags: string;
let loading: Promise<Loaded> | undefined;
// Loaded once for the file; a failure fails every test (uvu ignores errors thrown in hooks).
const load = () => {
  loading ??= syncAndLoad();
  return loading;
};

async function syncAndLoad(): Promise<Loaded> {
  if (!venv || !existsSync(python))
    throw new Error('Airflow venv not found (LOGSTACK_VENV): run tools/bootstrap.sh --python');
  const root = copyOfExamples();
  // Values that must survive the trip into Python source unchanged.
  mkdirSync(join(root, 'tricky/jobs'), { recursive: true });
  writeFileSync(
    join(root, 'tricky/jobs/quotes.py'),
    'JOB = ("tricky.quotes-1", "*/10 * * * *", "tricky.q:run", {"description": "it\'s \\"quoted\\"\\nsecond line", "tags": ["a\'b", "{{ ds }}"], "params": {"sql": "SELECT \'x\' -- \\\\ \\"\\"\\"\\n", "j": "{% raw %}"}, "catchup": True, "startDate": "2023-06-15"})\n',
  );
  // Floats as written (1.0, 1.0e+300) must reach the entrypoint as floats, from a manifest and a tuple.
  writeFileSync(
    join(root, 'tricky/jobs/floats.py'),
    'JOB = ("tricky.floats", None, "tricky.f:run", {"params": {"one": 1.0, "int": 1, "huge": 1.0e+300, "list": [2.5, 3.0, -1.0, 4], "neg": -0.0, "sci": 1e3, "under": 1_000.0}})\n',
  );
  mkdirSync(join(root, 'floaty'), { recursive: true });
  writeFileSync(
    join(root, 'floaty/logstack-jobs.yaml'),
    [
      'apiVersion: logstack/jobs/v1',
      'jobs:',
      '  - id: floaty.python',
      '    entrypoint: floaty.run:main',
      '    params: &p {one: 1.0, int: 1, huge: 1.0e+300, list: [2.5, 3.0, -1.0, 4], hex: 0x1E, neg: -.5, sci: 1e3, nested: {x: 10.0}}',
      '  - id: floaty.pod',
      '    entrypoint: floaty.run:main',
      '    operator: kubernetesPod',
      '    image: registry.example.com/floaty:1.0.0',
      '    params: *p',
      '',
    ].join('\n'),
  );
  dags = tempDir('dags-');
  writeFileSync(
    join(dags, 'team_dag.py'),
    'from airflow.sdk import DAG\n\nwith DAG(dag_id="team_dag", schedule=None):\n    pass\n',
  );
  syncDags(await discoverJobs(root), dags);
  const home = tempDir('airflow-home-');
  const out = join(home, 'dagbag.json');
  const r = spawnSync(python, [join(import.meta.dirname, 'python/load_dagbag.py'), dags, out], {
    env: { ...process.env, AIRFLOW_HOME: home, AIRFLOW__CORE__LOAD_EXAMPLES: 'False' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(readFileSync(out, 'utf8'));
}

test('DagBag loads every generated DAG with zero import errors', async () => {
  const loaded = await load();
  assert.equal(loaded.import_errors, {});
  assert.equal(Object.keys(loaded.dags), [
    'billing_invoices',
    'billing_reconcile',
    'floaty.pod',
    'floaty.python',
    'orders-hourly-refresh',
    'orders.daily-load',
    'team_dag',
    'tricky.floats',
    'tricky.quotes-1',
  ]);
});

test('schedules, tags, owners, retries, pools and operators are what the jobs declare', async () => {
  const loaded = await load();
  const view = Object.fromEntries(
    Object.entries(loaded.dags)
      .filter(([id]) => id !== 'team_dag' && !/float/.test(id))
      .map(([id, d]) => [
        id,
        [
          d.schedule,
          d.tags.join(','),
          d.owner,
          d.catchup,
          d.tasks.map((t) => `${t.task_id}/${t.type}/${t.retries}/${t.pool}`).join(),
        ],
      ]),
  );
  assert.equal(view, {
    billing_invoices: [
      '0 6 * * 1-5',
      'billing,finance',
      'finance',
      false,
      'run/_PythonDecoratedOperator/2/default_pool',
    ],
    billing_reconcile: ['None', '', 'airflow', false, 'run/_PythonDecoratedOperator/1/default_pool'],
    'orders-hourly-refresh': [
      '15 * * * *',
      'orders',
      'airflow',
      false,
      'run/KubernetesPodOperator/2/warehouse',
    ],
    'orders.daily-load': [
      '0 0 * * *',
      'orders,warehouse',
      'orders-team',
      false,
      'run/_PythonDecoratedOperator/3/default_pool',
    ],
    'tricky.quotes-1': [
      '*/10 * * * *',
      "a'b,{{ ds }}",
      'airflow',
      true,
      'run/_PythonDecoratedOperator/1/default_pool',
    ],
  });
  assert.match(loaded.dags['tricky.quotes-1']!.start_date, /^2023-06-15T00:00:00/);
  assert.ok(loaded.dags.billing_invoices!.fileloc.startsWith(dags));
});

test('params keep the type they were written with: 1.0 and 1.0e+300 arrive as floats, 1 as an int', async () => {
  const loaded = await load();
  const fromYaml = {
    one: 'float 1.0',
    int: 'int 1',
    huge: 'float 1e+300',
    list: ['float 2.5', 'float 3.0', 'float -1.0', 'int 4'],
    hex: 'int 30',
    neg: 'float -0.5',
    sci: 'float 1000.0',
    nested: { x: 'float 10.0' },
  };
  assert.equal(loaded.dags['floaty.python']?.params, { module: fromYaml });
  assert.equal(loaded.dags['floaty.pod']?.params, { module: fromYaml, pod: fromYaml });
  assert.equal(loaded.dags['tricky.floats']?.params, {
    module: {
      one: 'float 1.0',
      int: 'int 1',
      huge: 'float 1e+300',
      list: ['float 2.5', 'float 3.0', 'float -1.0', 'int 4'],
      neg: 'float -0.0',
      sci: 'float 1000.0',
      under: 'float 1000.0',
    },
  });
});

test.run();
