import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { ServerOptions as TlsOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logqlErrors } from '@logstack/observability';
import { checkSpec } from '@logstack/spec';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { READER_SOURCE_FILE, READER_SOURCE_NAME, type ReaderSettings, readerSettings } from '../src/index.js';
import { nth, parseAttemptQuery, type StoredLine, startFakeLoki } from './fake-loki.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const python = () => {
  const bin = join(process.env.LOGSTACK_VENV ?? '', 'bin', 'python');
  if (!process.env.LOGSTACK_VENV || !existsSync(bin))
    throw new Error(
      'LOGSTACK_VENV has no python: run `eval "$(tools/bootstrap.sh --python)"` from the repository root',
    );
  return bin;
};

const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);
const ns = (ms: number, extra = 0) => BigInt(ms) * 1_000_000n + BigInt(extra);
const attempt = (taskId: string) => ({
  dag_id: 'etl',
  run_id: 'scheduled__2026-12-01T00:00:00+00:00',
  task_id: taskId,
  map_index: -1,
  try_number: 1,
  state: 'success',
  start: new Date(T0).toISOString(),
  end: new Date(T0 + 600_000).toISOString(),
});
const line = (taskId: string, at: bigint, text: string): StoredLine => ({
  ns: at,
  labels: { namespace: 'airflow', dag_id: 'etl', component: 'task' },
  metadata: {
    task_id: taskId,
    run_id: 'scheduled__2026-12-01T00:00:00+00:00',
    map_index: '-1',
    attempt: '1',
    level: 'info',
    logger: 'airflow.task',
  },
  line: text,
});

const stored: StoredLine[] = [
  // 400 lines a millisecond apart: more than maxLines.
  ...Array.from({ length: 400 }, (_, i) => line('huge', ns(T0 + 1000 + i), `huge ${i}`)),
  // 250 lines in one nanosecond (more than the biggest page), then 50 more.
  ...Array.from({ length: 250 }, (_, i) => line('crowded', ns(T0 + 1000, 7), `crowded ${i}`)),
  ...Array.from({ length: 50 }, (_, i) => line('crowded', ns(T0 + 2000 + i), `after ${i}`)),
];

interface Out {
  topLevelImports: string[];
  stdlib: string[];
  upload: unknown;
  reads: {
    sources: string[];
    lines: { event: string; level?: string; timestamp: string | null }[];
    seconds: number;
  }[];
}

async function runReader(settings: ReaderSettings, taskIds: string[], tls?: TlsOptions) {
  const loki = await startFakeLoki(
    stored,
    (q) =>
      parseAttemptQuery(q).filters.some(([k, v]) => k === 'task_id' && v === 'stuck') ? 'endless' : 'ok',
    tls,
  );
  const dir = mkdtempSync(join(tmpdir(), 'logstack-reader-direct-'));
  writeFileSync(
    join(dir, 'cases.json'),
    JSON.stringify({ settings: { ...settings, url: loki.url }, attempts: taskIds.map(attempt) }),
  );
  // Asynchronous: the fake Loki answers from this process's event loop while Python runs.
  const args = [
    join(here, 'python/read_direct.py'),
    fileURLToPath(READER_SOURCE_FILE),
    join(dir, 'cases.json'),
    join(dir, 'out.json'),
  ];
  const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const p = spawn(python(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => {
      stderr += d;
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stderr }));
  });
  await loki.close();
  if (r.code !== 0) throw new Error(`reader failed: ${r.stderr}`);
  return { out: JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Out, queries: loki.queries };
}

const base = (() => {
  const { model } = checkSpec(
    'logstack.yaml',
    'apiVersion: logstack/v1\nairflow:\n  uiLogs:\n    pageLines: 100\n    maxLines: 150\n    grafanaUrl: https://grafana.example.com\n',
  );
  return readerSettings(model!);
})();

test('the reader names itself as READER_SOURCE_NAME, which verify looks for', () => {
  assert.match(
    readFileSync(READER_SOURCE_FILE, 'utf8'),
    `\nSOURCE = ${JSON.stringify(READER_SOURCE_NAME)}\n`,
  );
});

test('the reader imports only the standard library at module level, and upload does nothing', async () => {
  const { out } = await runReader(base, []);
  const outside = out.topLevelImports.filter((m) => !out.stdlib.includes(m) && m !== '__future__');
  assert.equal(outside, []);
  assert.is(out.upload, null);
});

test('a huge log is paged and cut at maxLines with a link to the whole log, without reading the rest', async () => {
  const { out, queries } = await runReader(base, ['huge']);
  const lines = nth(out.reads, 0).lines;
  assert.is(lines.length, 151);
  assert.equal(
    lines.slice(0, 150).map((l) => l.event),
    Array.from({ length: 150 }, (_, i) => `huge ${i}`),
  );
  const last = nth(lines, 150);
  assert.is(last.level, 'warning');
  assert.match(last.event, 'Log cut after 150 lines');
  assert.match(last.event, 'https://grafana.example.com/explore?');
  // Two pages of 100 hold the 150 lines shown; the other 250 lines are never asked for.
  assert.is(queries.length, 2);
  for (const q of queries) assert.equal(logqlErrors(q.query), []);
});

test('more lines in one nanosecond than a page holds: a bigger page, then a warning, never a loop or a repeat', async () => {
  const { out, queries } = await runReader({ ...base, maxLines: 100000, maxPageLines: 200 }, ['crowded']);
  const events = nth(out.reads, 0).lines.map((l) => l.event);
  const crowded = events.filter((e) => e.startsWith('crowded'));
  assert.is(crowded.length, 200);
  assert.is(new Set(crowded).size, 200);
  assert.ok(events.some((e) => e.includes('more than 200 lines share timestamp')));
  assert.equal(
    events.filter((e) => e.startsWith('after')),
    Array.from({ length: 50 }, (_, i) => `after ${i}`),
  );
  assert.ok(queries.length < 10, `${queries.length} requests`);
  assert.equal([...new Set(queries.map((q) => q.limit))], [100, 200]);
});

test('the total deadline bounds a read even when one request may take longer', async () => {
  const { out } = await runReader({ ...base, requestTimeoutSeconds: 10, totalTimeoutSeconds: 1 }, ['stuck']);
  const r = nth(out.reads, 0);
  assert.ok(r.seconds < 2.5, `${r.seconds} s`);
  assert.is(r.lines.length, 1);
  assert.is(nth(r.lines, 0).level, 'error');
  assert.match(nth(r.lines, 0).event, 'did not answer in full');
});

/** A CA, a server certificate for 127.0.0.1 and a client certificate, made by the venv's cryptography. */
function certificates() {
  const dir = mkdtempSync(join(tmpdir(), 'logstack-reader-tls-'));
  const r = spawnSync(python(), [join(here, 'python/make_certs.py'), dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`make_certs.py failed: ${r.stderr}`);
  const file = (name: string) => join(dir, name);
  return { file, read: (name: string) => readFileSync(file(name)) };
}

test('TLS: the CA and client certificate from the Secret files reach a Loki that demands mutual TLS; a wrong CA is refused with a message', async () => {
  const certs = certificates();
  const serverTls: TlsOptions = {
    key: certs.read('server.key'),
    cert: certs.read('server.crt'),
    ca: certs.read('ca.crt'),
    requestCert: true,
    rejectUnauthorized: true,
  };
  const tls = {
    caFile: certs.file('ca.crt'),
    certFile: certs.file('client.crt'),
    keyFile: certs.file('client.key'),
  };
  const ok = await runReader({ ...base, maxLines: 100000, tls }, ['huge'], serverTls);
  assert.is(nth(ok.out.reads, 0).lines.length, 400);
  const wrongCa = await runReader(
    { ...base, tls: { ...tls, caFile: certs.file('other-ca.crt') } },
    ['huge'],
    serverTls,
  );
  const line = nth(nth(wrongCa.out.reads, 0).lines, 0);
  assert.is(line.level, 'error');
  assert.match(line.event, /cannot reach Loki at https:\/\/127\.0\.0\.1:\d+: .*CERTIFICATE_VERIFY_FAILED/);
  const noClientCert = await runReader(
    { ...base, tls: { caFile: certs.file('ca.crt') } },
    ['huge'],
    serverTls,
  );
  assert.is(nth(nth(noClientCert.out.reads, 0).lines, 0).level, 'error');
  assert.is(noClientCert.queries.length, 0, 'the server never saw a request without a client certificate');
});

test.run();
