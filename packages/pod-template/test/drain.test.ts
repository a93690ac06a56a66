import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { taskLogVectorConfig } from '@logstack/vector-config';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DRAIN, drainScript } from '../src/index.js';
import { model, tempDir, writeFiles } from './tools.js';

// The drain runs in the alpine image's busybox sh with busybox wget/find/awk; here it runs in the
// system's POSIX sh with wget, find and awk, against a stand-in for Vector's metrics endpoint that
// serves Prometheus text in the exporter's format (labels, timestamps, comments).

const logs = tempDir('drain-logs-');
const files = {
  'dag_id=etl/run_id=manual__2026-01-01T00:00:00+00:00/task_id=load/attempt=1.log':
    '{"timestamp":"2026-01-01T00:00:01Z","level":"info","event":"Line 1"}\n{"level":"info","event":"Line 2"}\n',
  'dag_id=etl/run_id=scheduled__2026-01-01T00:00:00+00:00/task_id=map/map_index=3/attempt=2.log':
    '{"level":"error","event":"boom","error_detail":[{"exc_type":"ValueError"}]}\n',
  // Outside the Vector config's include globs, or in its exclude: not counted.
  'dag_id=etl/stray.log': 'not a task log\n',
  'dag_id=etl/run_id=r1/task_id=wait/attempt=1.log.trigger.7.log': '{"event":"from the triggerer pod"}\n',
};
writeFiles(logs, files);
const taskLogs = Object.entries(files).filter(([path]) => /\/attempt=\d+\.log$/.test(path));
const BYTES = taskLogs.reduce((n, [, text]) => n + Buffer.byteLength(text), 0);
const LINES = taskLogs.reduce((n, [, text]) => n + text.split('\n').length - 1, 0);

interface Counts {
  read: number;
  emitted: number;
  acked: number;
  discarded?: number;
}

/** Prometheus text as Vector's exporter writes it; other components' series must be ignored. */
function metrics(c: Counts): string {
  const ts = ' 1767225600000';
  const src = 'component_id="task_logs",component_kind="source",component_type="file",host="pod-1"';
  const sink = 'component_id="loki",component_kind="sink",component_type="loki",host="pod-1"';
  const half = Math.floor(c.read / 2);
  return [
    '# HELP vector_component_received_bytes_total component_received_bytes_total',
    '# TYPE vector_component_received_bytes_total counter',
    `vector_component_received_bytes_total{${src},protocol="file"} ${half}${ts}`,
    `vector_component_received_bytes_total{${src},protocol="file",file="/x"} ${c.read - half}${ts}`,
    `vector_component_received_bytes_total{component_id="internal",component_kind="source"} 99999${ts}`,
    `vector_component_sent_events_total{${src}} ${c.emitted}${ts}`,
    `vector_component_sent_events_total{component_id="task_logs_copy",component_kind="transform"} 99999${ts}`,
    `vector_component_sent_events_total{${sink}} ${c.acked}${ts}`,
    `vector_component_discarded_events_total{${sink},intentional="false"} ${c.discarded ?? 0}${ts}`,
    'vector_uptime_seconds 12',
    '',
  ].join('\n');
}

/** A metrics endpoint that serves `states` one request after another, repeating the last. */
async function endpoint(
  states: Counts[],
): Promise<{ port: number; served: () => number; close: () => void }> {
  let n = 0;
  const server: Server = createServer((_req, res) => {
    const state = states[Math.min(n++, states.length - 1)]!;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metrics(state));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, served: () => n, close: () => server.close() };
}

function drain(port: number, timeout = 6): Promise<{ code: number | null; stderr: string }> {
  const m = model(
    `apiVersion: logstack/v1\nairflow:\n  logs:\n    folder: ${logs}\nsidecar:\n  metricsPort: ${port}\n  drainTimeoutSeconds: ${timeout}\n`,
  );
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', drainScript(m)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const caughtUp: Counts = { read: BYTES - LINES, emitted: 3, acked: 3 };

test('returns once every byte is read and every event acknowledged, confirmed by further polls', async () => {
  const ep = await endpoint([caughtUp]);
  const r = await drain(ep.port);
  ep.close();
  assert.is(r.code, 0, r.stderr);
  assert.is(ep.served(), DRAIN.confirmPolls);
});

test('waits while Loki has not acknowledged every event, then returns', async () => {
  const ep = await endpoint([{ ...caughtUp, acked: 1 }, { ...caughtUp, acked: 2 }, caughtUp]);
  const r = await drain(ep.port);
  ep.close();
  assert.is(r.code, 0, r.stderr);
  assert.is(ep.served(), 2 + DRAIN.confirmPolls, 'two polls behind, then the agreeing polls');
});

test('events Loki rejected for good count as settled (the sink discarded them)', async () => {
  const ep = await endpoint([{ ...caughtUp, acked: 2, discarded: 1 }]);
  const r = await drain(ep.port);
  ep.close();
  assert.is(r.code, 0, r.stderr);
});

test('a multiline event flushed between polls restarts the confirmation', async () => {
  const ep = await endpoint([caughtUp, caughtUp, { ...caughtUp, emitted: 4, acked: 4 }]);
  const r = await drain(ep.port);
  ep.close();
  assert.is(r.code, 0, r.stderr);
  assert.is(ep.served(), 2 + DRAIN.confirmPolls);
});

test('gives up after drainTimeoutSeconds when a file is not fully read, saying how far it got', async () => {
  const ep = await endpoint([{ ...caughtUp, read: BYTES - LINES - 10 }]);
  const r = await drain(ep.port, 4);
  ep.close();
  assert.is(r.code, 1);
  assert.match(r.stderr, `logstack drain: gave up after 4s: waiting: read ${BYTES - 10} of ${BYTES} bytes`);
});

test('gives up when Vector does not answer', async () => {
  const ep = await endpoint([caughtUp]);
  ep.close();
  const r = await drain(ep.port, 4);
  assert.is(r.code, 1);
  assert.match(r.stderr, 'waiting: no metrics from Vector');
});

interface VectorSource {
  type?: string;
  scrape_interval_secs?: number;
  multiline?: { timeout_ms?: number };
}

test('the confirming polls outlast what the Vector config can still change once the counts look done', () => {
  const window = (DRAIN.confirmPolls - 1) * DRAIN.pollSeconds;
  for (const format of ['json', 'text']) {
    const config = taskLogVectorConfig(
      model(`apiVersion: logstack/v1\nairflow:\n  logs:\n    format: ${format}\n`),
    );
    const sources = Object.values(config.sources as Record<string, VectorSource>);
    // Vector's internal_metrics scrape_interval_secs defaults to 1; the exporter lags by up to that.
    const scrape = Math.max(
      ...sources.filter((s) => s.type === 'internal_metrics').map((s) => s.scrape_interval_secs ?? 1),
    );
    const multiline = Math.max(0, ...sources.map((s) => (s.multiline?.timeout_ms ?? 0) / 1000));
    assert.ok(
      scrape + multiline < window,
      `${format}: ${scrape}s scrape + ${multiline}s multiline >= ${window}s`,
    );
  }
});

test.run();
