import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  closedPortUrl,
  defaultWorld,
  startFake,
  type World,
} from '../../../packages/verify/test/fake-api.js';
import { DAG, first, passingRun, RUN } from '../../../packages/verify/test/scenario.js';
import { run } from '../src/main.js';
import { bufferOutput } from '../src/output.js';
import { example, repo, tempDir } from './helpers.js';

async function verifyAgainst(world: World, ...extra: string[]) {
  const api = await startFake(world);
  try {
    const io = bufferOutput();
    const argv = [
      'verify',
      '--namespace',
      'airflow',
      '--kubeconfig',
      api.kubeconfig,
      '--loki-url',
      api.url,
      '--airflow-url',
      api.url,
      '--dag-id',
      DAG,
      '--run-id',
      RUN,
      '--timeout',
      '2',
      '--retries',
      '0',
      ...extra,
    ];
    const code = await run(
      argv.map((a) => a.replace('{url}', api.url)),
      io,
    );
    return { code, stdout: io.stdout, stderr: io.stderr, requests: api.requests };
  } finally {
    await api.close();
  }
}

test('verify: a healthy run prints a table of every check and exits 0, having sent only GETs', async () => {
  const r = await verifyAgainst(defaultWorld(passingRun()), '--spec', example('minimal'));
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    /^logstack verify: namespace airflow, DAG etl_orders, run manual__2026-08-16T17:43:00.123456\+00:00/,
  );
  assert.match(
    r.stdout,
    /PASS\s+native-sidecar\s+all 3 task pods run vector-task-logs as an initContainers entry with restartPolicy Always/,
  );
  assert.match(r.stdout, /SKIP\s+latency\s+no attempt ended while verify watched/);
  assert.match(r.stdout, /11 passed, 0 failed, 2 skipped: OK\n$/);
  assert.equal(
    r.requests.filter((x) => x.method !== 'GET'),
    [],
  );
});

test('verify --json: a stuck pod and a restarted sidecar exit 1 with machine-readable findings', async () => {
  const world = defaultWorld(passingRun());
  world.editPod = (pod) => {
    if (pod.metadata.name !== 'etl-orders-extract-t1') return;
    pod.status.phase = 'Running';
    const side = first(pod.status.initContainerStatuses);
    side.state = { running: { startedAt: pod.status.startTime } };
    side.restartCount = 1;
  };
  const r = await verifyAgainst(world, '--json');
  assert.is(r.code, 1);
  const report = JSON.parse(r.stdout);
  assert.is(report.ok, false);
  const status = Object.fromEntries(
    report.checks.map((c: { id: string; status: string }) => [c.id, c.status]),
  );
  assert.is(status['pods-complete'], 'fail');
  assert.is(status['sidecar-restarts'], 'fail');
  assert.is(status['run-lines'], 'pass');
  assert.equal(report.counts, { pass: 9, fail: 2, skip: 2 });
});

test('verify: Loki behind auth: 401 without a token (exit 1), the token from the environment passes', async () => {
  const world = { ...defaultWorld(passingRun()), lokiToken: 't0ken' };
  const denied = await verifyAgainst(world);
  assert.is(denied.code, 1);
  assert.match(
    denied.stdout,
    /FAIL\s+loki-access\s+Loki \(http:\/\/127\.0\.0\.1:\d+\) refused the request with HTTP 401/,
  );
  process.env.LOGSTACK_LOKI_TOKEN = 't0ken';
  try {
    const ok = await verifyAgainst(world);
    assert.is(ok.code, 0, ok.stdout);
  } finally {
    delete process.env.LOGSTACK_LOKI_TOKEN;
  }
});

test('verify: Loki unreachable exits 1 and says where it looked', async () => {
  const r = await verifyAgainst(defaultWorld(passingRun()), '--loki-url', await closedPortUrl());
  assert.is(r.code, 1);
  assert.match(r.stdout, /FAIL\s+loki-access\s+Loki \(http:\/\/127\.0\.0\.1:\d+\) unreachable/);
  assert.match(r.stdout, /SKIP\s+run-lines\s+Loki did not answer/);
});

test('verify: bad flags exit 2; a kubeconfig that cannot be read exits 3', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['verify', '--namespace', 'airflow'], /--loki-url \(or LOGSTACK_LOKI_URL\) is required/],
    [['verify', '--loki-url', 'loki:3100'], /is not an http\(s\) URL/],
    [['verify', '--loki-url', 'http://x', '--dag-id', 'd'], /--dag-id and --run-id go together/],
    [
      ['verify', '--loki-url', 'http://x', '--timeout', 'soon'],
      /--timeout: "soon" is not a number of seconds/,
    ],
    [['verify', '--loki-url', 'http://x', '--since', '3 weeks'], /--since: "3 weeks" is not a duration/],
    [['verify', '--loki-url', 'http://x', '--loki-user', 'u'], /password in LOGSTACK_LOKI_PASSWORD/],
  ];
  for (const [argv, message] of cases) {
    const io = bufferOutput();
    assert.is(await run(argv, io), 2, argv.join(' '));
    assert.match(io.stderr, message);
  }
  const io = bufferOutput();
  const code = await run(
    ['verify', '--loki-url', 'http://127.0.0.1:9', '--kubeconfig', join(tempDir(), 'missing')],
    io,
  );
  assert.is(code, 3);
  assert.match(io.stderr, /kubeconfig: /);
});

test('verify: with no kubeconfig anywhere it exits 3 saying so, and contacts no default cluster', async () => {
  const saved = { HOME: process.env.HOME, KUBECONFIG: process.env.KUBECONFIG };
  process.env.HOME = tempDir();
  delete process.env.KUBECONFIG;
  try {
    const io = bufferOutput();
    const code = await run(['verify', '--loki-url', 'http://127.0.0.1:9', '--timeout', '1'], io);
    assert.is(code, 3, io.stdout + io.stderr);
    assert.match(io.stderr, /kubeconfig: none found .*pass --kubeconfig <file>/);
    assert.not.match(io.stderr, /localhost:8080|ECONNREFUSED|TLS/);
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
});

/** A server that accepts connections and never answers (a hung API server or proxy). */
async function blackHole() {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Runs the CLI from source in a child process; kills it after killAfterMs. */
function spawnCli(args: string[], killAfterMs: number) {
  const started = Date.now();
  const child = spawn(join(repo, 'tools/logstack-dev'), args, { cwd: repo, stdio: 'pipe' });
  let stdout = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', () => {});
  const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise<{ code: number | null; signal: string | null; ms: number; stdout: string }>((r) =>
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      r({ code, signal, ms: Date.now() - started, stdout });
    }),
  );
}

test('verify: --timeout ends the process when the API server and Airflow accept but never answer', async () => {
  const kube = await blackHole();
  const airflow = await blackHole();
  const loki = await startFake(defaultWorld(passingRun()));
  const kubeconfig = join(tempDir(), 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:${kube.port}", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: c, context: {cluster: c, user: u}}]
current-context: c
`,
  );
  try {
    // Every request ends within 1 s: a few requests, process start-up and tsx stay far below 20 s.
    const r = await spawnCli(
      [
        'verify',
        '--kubeconfig',
        kubeconfig,
        '--loki-url',
        loki.url,
        '--airflow-url',
        `http://127.0.0.1:${airflow.port}`,
        '--dag-id',
        DAG,
        '--run-id',
        RUN,
        '--timeout',
        '1',
        '--retries',
        '0',
      ],
      20_000,
    );
    assert.is(r.signal, null, `killed after ${r.ms} ms: the process did not end by itself`);
    assert.is(r.code, 1, r.stdout);
    assert.match(
      r.stdout,
      /FAIL\s+native-sidecar\s+cannot list task pods: list pods in airflow: no answer within 1000 ms/,
    );
    assert.match(
      r.stdout,
      /FAIL\s+run-lines\s+Airflow \(http:\/\/127\.0\.0\.1:\d+\) did not answer .*: no answer within 1000 ms/,
    );
    assert.match(
      r.stdout,
      /FAIL\s+grafana-datasource\s+cannot list ConfigMaps: list configmaps in airflow: no answer within 1000 ms/,
    );
  } finally {
    await Promise.all([kube.close(), airflow.close(), loki.close()]);
  }
});

test.run();
