import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logqlErrors } from '@logstack/observability';
import { checkSpec, type LogstackModel } from '@logstack/spec';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { localSettingsSource, READER_LAYOUT, uiLogReaderChecks, uiLogReaderValues } from '../src/index.js';
import { type Answer, nth, parseAttemptQuery, type RecordedQuery, startFakeLoki } from './fake-loki.js';
import { buildScenario, DAG_ID, type Expected, fileLines, NAMESPACE, RUN_ID } from './scenario.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const REQUEST_TIMEOUT_S = 2;
const TOKEN = 'token-from-the-secret';

function venvPython(): string {
  const venv = process.env.LOGSTACK_VENV;
  const bin = venv ? join(venv, 'bin', 'python') : '';
  if (!venv || !existsSync(bin))
    throw new Error(
      'LOGSTACK_VENV has no python: run `eval "$(tools/bootstrap.sh --python)"` from the repository root',
    );
  return bin;
}

function specModel(lokiUrl: string): LogstackModel {
  const text = `apiVersion: logstack/v1
airflow:
  namespace: ${NAMESPACE}
  uiLogs:
    pageLines: 100
    requestTimeoutSeconds: ${REQUEST_TIMEOUT_S}
    totalTimeoutSeconds: 20
    grafanaUrl: https://grafana.example.com/
loki:
  mode: external
  pushUrl: ${lokiUrl}
  tenant: team-a
  auth:
    type: bearer
    # The fake Loki on 127.0.0.1 answers plain HTTP (the TLS test uses its own HTTPS fake).
    allowPlainHttp: true
    tokenSecret: { name: loki-reader, key: token }
`;
  const { model, issues } = checkSpec('logstack.yaml', text, { checks: uiLogReaderChecks });
  if (!model || issues.length) throw new Error(`test spec is invalid: ${JSON.stringify(issues)}`);
  return model;
}

const ANSWERS: Record<string, Answer> = { denied: 401, throttled: 429, broken: 500, endless: 'endless' };
const taskOf = (q: RecordedQuery) =>
  parseAttemptQuery(q.query).filters.find(([k]) => k === 'task_id')?.[1] ?? '';

/** A worker's log server (port worker_log_server_port) serving the running attempt's file. */
async function startServedLogs(body: string) {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(decodeURIComponent(req.url ?? ''));
    // Airflow ignores a served log without Content-Length (file_task_handler _read_from_logs_server).
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    paths,
    close: () => new Promise((r) => server.close(r)),
  };
}

function runPython(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(venvPython(), args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stderr }));
  });
}

interface Message {
  timestamp: string | null;
  event: string;
  level?: string;
  logger?: string;
  sources?: string[];
}
interface Read {
  taskId: string;
  mapIndex: number;
  try: number;
  messages: Message[];
  seconds: number;
  link: string | null;
}
interface Output {
  remoteTaskLog: string;
  handler: string;
  supportsExternalLink: boolean;
  externalLogName: string;
  reads: Read[];
}

/** Runs the scenario once through Airflow; every test below reads the same result. */
async function runOnce() {
  const { tries, stored, scenario } = buildScenario();
  const loki = await startFakeLoki(stored, (q) => {
    const task = parseAttemptQuery(q).filters.find(([k]) => k === 'task_id')?.[1] ?? '';
    return ANSWERS[task] ?? 'ok';
  });
  const live = tries.find((t) => t.taskId === 'live')!;
  const served = await startServedLogs(fileLines(live.lines));
  const model = specModel(loki.url);
  const home = mkdtempSync(join(tmpdir(), 'logstack-reader-'));
  const secrets = join(home, 'secrets');
  mkdirSync(join(home, 'config'), { recursive: true });
  mkdirSync(join(secrets, 'loki-auth'), { recursive: true });
  mkdirSync(join(home, 'logs'));
  writeFileSync(join(secrets, 'loki-auth', 'token'), `${TOKEN}\n`);
  const values = uiLogReaderValues(model) as { config: { logging: Record<string, string> } };
  // The chart mounts the Secrets at READER_LAYOUT's folders; here they are under the test's home.
  const source = localSettingsSource(model).replaceAll(READER_LAYOUT.lokiAuthDir, join(secrets, 'loki-auth'));
  writeFileSync(join(home, 'config', 'airflow_local_settings.py'), source);
  writeFileSync(join(home, 'scenario.json'), JSON.stringify(scenario));
  const env = {
    ...process.env,
    AIRFLOW_HOME: home,
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    AIRFLOW__CORE__EXECUTOR: 'LocalExecutor',
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${join(home, 'airflow.db')}`,
    AIRFLOW__LOGGING__BASE_LOG_FOLDER: join(home, 'logs'),
    AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT: String(served.port),
    AIRFLOW__API__SECRET_KEY: 'test-secret-key-for-served-logs',
    ...Object.fromEntries(
      Object.entries(values.config.logging).map(([k, v]) => [`AIRFLOW__LOGGING__${k.toUpperCase()}`, v]),
    ),
  };
  const r = await runPython(
    [join(here, 'python/read_task_logs.py'), join(home, 'scenario.json'), join(home, 'out.json')],
    env,
  );
  await loki.close();
  await served.close();
  if (r.code !== 0) throw new Error(`Airflow run failed (${r.code}):\n${r.stderr.slice(-4000)}`);
  const out = JSON.parse(readFileSync(join(home, 'out.json'), 'utf8')) as Output;
  return {
    out,
    tries,
    queries: loki.queries,
    servedPaths: served.paths,
    localFiles: readdirSync(join(home, 'logs')),
  };
}

const result = runOnce();
const read = async (taskId: string, mapIndex = -1, tryN = 1) => {
  const r = (await result).out.reads.find(
    (x) => x.taskId === taskId && x.mapIndex === mapIndex && x.try === tryN,
  );
  if (!r) throw new Error(`no read of ${taskId}[${mapIndex}]#${tryN}`);
  return r;
};
/** The log lines after Airflow's collapsed "source details" group. */
const body = (r: Read) => r.messages.filter((m) => !m.event.startsWith('::'));
const micros = (iso: string) => {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]00:00)$/.exec(iso);
  if (!m) throw new Error(`not a UTC timestamp: ${iso}`);
  return BigInt(Date.parse(`${m[1]}Z`)) * 1000n + BigInt((m[2] ?? '').padEnd(6, '0').slice(0, 6));
};
/**
 * Lines in time order, each once, with level, logger and timestamp. Loki keeps no order between
 * lines of one nanosecond in different streams (level and logger are part of the stream), so
 * within one timestamp the lines are compared as a set.
 */
const expectLines = (got: Message[], want: Expected[], what: string) => {
  assert.is(got.length, want.length, `${what}: line count`);
  const ts = got.map((m) => micros(m.timestamp ?? ''));
  for (let i = 1; i < ts.length; i++)
    assert.ok((ts[i - 1] ?? 0n) <= (ts[i] ?? 0n), `${what}: line ${i} is older than the one before`);
  const key = (t: bigint, m: { event: string; level?: string; logger?: string }) =>
    `${t.toString().padStart(20, '0')} ${m.event} ${m.level} ${m.logger}`;
  assert.equal(
    got.map((m, i) => key(ts[i] ?? 0n, m)).sort(),
    want.map((w) => key(w.ns / 1000n, w)).sort(),
    what,
  );
};
const linesOf = async (taskId: string, mapIndex = -1, tryN = 1) =>
  (await result).tries.find((t) => t.taskId === taskId && t.mapIndex === mapIndex && t.try === tryN)!.lines;

test('Airflow loads the generated logging config: REMOTE_TASK_LOG and the task handler come from airflow_local_settings', async () => {
  const { out, localFiles } = await result;
  assert.is(out.remoteTaskLog, 'airflow_local_settings.LokiTaskLogIO');
  assert.is(out.handler, 'airflow_local_settings.LogstackTaskHandler');
  assert.equal(localFiles, [], 'no attempt has a local log file');
});

test('a finished attempt read over several pages has every line once, in order, with level, logger and timestamp', async () => {
  const { queries } = await result;
  const r = await read('extract');
  expectLines(body(r), await linesOf('extract'), 'extract');
  const pages = queries.filter((q) => taskOf(q) === 'extract');
  assert.ok(pages.length >= 3, `paged: ${pages.length} requests`);
  for (const q of pages) {
    assert.is(q.direction, 'forward');
    assert.is(q.limit, 100);
  }
  // Groups of 7 lines share a timestamp, so pages start inside a group: at the last timestamp seen.
  assert.ok(pages.slice(1).every((q, i) => BigInt(q.start) <= BigInt(nth(pages, i).end)));
  const sources = r.messages.find((m) => m.sources)?.sources ?? [];
  assert.ok(
    sources.some((s) => s.includes('logstack Loki reader')),
    sources.join('\n'),
  );
});

test('a mapped task reads only its own map index, a retry only its own attempt', async () => {
  expectLines(body(await read('load', 0)), await linesOf('load', 0), 'load[0]');
  expectLines(body(await read('load', 1)), await linesOf('load', 1), 'load[1]');
  expectLines(body(await read('flaky', -1, 1)), await linesOf('flaky', -1, 1), 'flaky try 1');
  expectLines(body(await read('flaky', -1, 2)), await linesOf('flaky', -1, 2), 'flaky try 2');
});

test('every query is LogQL that Grafana parses, pins the attempt and carries the tenant and the token', async () => {
  const { queries } = await result;
  assert.ok(queries.length > 10);
  for (const q of queries) {
    assert.equal(logqlErrors(q.query), [], q.query);
    const { selector, filters } = parseAttemptQuery(q.query);
    assert.equal(selector, [
      ['namespace', NAMESPACE],
      ['component', 'task'],
      ['dag_id', DAG_ID],
    ]);
    assert.equal(
      filters.map(([k]) => k),
      ['task_id', 'run_id', 'map_index', 'attempt'],
    );
    assert.is(Object.fromEntries(filters).run_id, RUN_ID);
    assert.is(q.headers['x-scope-orgid'], 'team-a');
    assert.is(q.headers.authorization, `Bearer ${TOKEN}`);
  }
});

for (const [task, status, words] of [
  ['denied', 401, 'check the Secret named in loki.auth'],
  ['throttled', 429, 'rate limiting'],
  ['broken', 500, 'failed to get chunk'],
] as const)
  test(`Loki answering ${status} gives one clear error line in the log tab at once`, async () => {
    const r = await read(task);
    const lines = body(r);
    assert.is(lines.length, 1);
    assert.is(nth(lines, 0).level, 'error');
    assert.match(nth(lines, 0).event, `HTTP ${status}`);
    assert.match(nth(lines, 0).event, words);
    assert.ok(r.seconds < REQUEST_TIMEOUT_S, `${r.seconds} s`);
  });

test('a body that never ends is cut at the request timeout with a message, never a hung request', async () => {
  const r = await read('endless');
  const lines = body(r);
  assert.is(lines.length, 1);
  assert.match(nth(lines, 0).event, `did not answer in full within ${REQUEST_TIMEOUT_S} s`);
  assert.ok(r.seconds >= REQUEST_TIMEOUT_S - 0.2 && r.seconds < REQUEST_TIMEOUT_S + 1.5, `${r.seconds} s`);
});

test('a running attempt keeps its live log from the worker, each line once, without asking Loki', async () => {
  const { queries, servedPaths } = await result;
  const r = await read('live');
  expectLines(body(r), await linesOf('live'), 'live');
  assert.is(queries.filter((q) => taskOf(q) === 'live').length, 0);
  assert.ok(
    servedPaths.some((p) => p.includes(`run_id=${RUN_ID}/task_id=live/attempt=1.log`)),
    servedPaths.join('\n'),
  );
});

test("the log tab's external link opens the attempt's query in Grafana Explore", async () => {
  const { out } = await result;
  assert.ok(out.supportsExternalLink);
  assert.is(out.externalLogName, 'Grafana');
  const r = await read('load', 1);
  const link = new URL(r.link ?? '');
  assert.is(link.origin + link.pathname, 'https://grafana.example.com/explore');
  const panes = JSON.parse(link.searchParams.get('panes') ?? '{}') as Record<
    string,
    { datasource: string; queries: { expr: string }[]; range: { from: string; to: string } }
  >;
  const pane = nth(Object.values(panes), 0);
  assert.is(pane.datasource, 'logstack-loki');
  const expr = nth(pane.queries, 0).expr;
  assert.equal(logqlErrors(expr), []);
  assert.equal(Object.fromEntries(parseAttemptQuery(expr).filters), {
    task_id: 'load',
    run_id: RUN_ID,
    map_index: '1',
    attempt: '1',
  });
  const lines = await linesOf('load', 1);
  assert.ok(
    Number(pane.range.from) * 1e6 <= Number(nth(lines, 0).ns) &&
      Number(pane.range.to) * 1e6 >= Number(nth(lines, -1).ns),
  );
});

test.run();
