import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AirflowClient, StructuredLogMessage } from '../src/airflow.js';
import type { LokiEntry } from '../src/loki.js';
import { ReferenceLogs } from '../src/reference-logs.js';
import { defaultWorld } from './fake-api.js';
import { evidence, get, run } from './harness.js';
import { type AttemptSpec, type LokiEntrySpec, passingRun } from './scenario.js';

/** Loki's nanoseconds as verify quotes them: RFC 3339 to the microsecond. */
const iso = (ns: bigint) =>
  new Date(Number(ns / 1_000_000n))
    .toISOString()
    .replace(/Z$/, `${String((ns / 1000n) % 1000n).padStart(3, '0')}Z`);

const lineOf = (es: LokiEntrySpec[], taskId: string, attempt: string, text: string) => {
  const e = es.find(
    (x) => x.metadata.task_id === taskId && x.metadata.attempt === attempt && x.line === text,
  );
  if (!e) throw new Error(`no entry ${text}`);
  return e;
};

test('an attempt Airflow serves no log for is presence only: 1 line of 500 in Loki does not pass', async () => {
  const t0 = Date.now() - 20 * 60_000;
  const world = defaultWorld([
    ...passingRun(t0),
    // The pod and its emptyDir are gone; Airflow cannot read the log any more.
    {
      taskId: 'report',
      tryNumber: 1,
      state: 'success',
      lines: 500,
      startMs: t0 + 60_000,
      durationMs: 60_000,
      podKept: false,
    },
  ]);
  world.unreadableLog = (a) => a.taskId === 'report';
  world.editEntries = (es) =>
    es.filter((e) => e.metadata.task_id !== 'report' || e.line === 'report try 1: line 1');
  const { report } = await run(world);
  const c = get(report, 'run-lines');
  assert.is(c.status, 'skip');
  assert.is(
    c.summary,
    'completeness not proven for 1 of 5 attempts: Airflow served no log to compare their lines with (presence only); the other 4 have every line Airflow serves',
  );
  assert.is(c.evidence[0], 'report[-1]#1: presence only: 1 line, no reference to compare');
  assert.match(evidence(report, 'run-lines'), /lines compared with Airflow's log for 4 of 5/);
});

test('--wait without a reference: settled only when the count stops changing; latency to the last line', async () => {
  // The task runs from t0+300 to t0+1500 and writes 10 lines 100 ms apart; each reaches Loki
  // 1500 ms after it is written: the first at t0+2000, the last at t0+2900, 1400 ms after the end.
  const t0 = Date.now();
  const attempt: AttemptSpec = {
    taskId: 'report',
    tryNumber: 1,
    state: 'success',
    lines: 10,
    startMs: t0 + 300,
    durationMs: 1200,
    podKept: true,
    ingestDelayMs: 1500,
  };
  const world = defaultWorld([attempt]);
  world.unreadableLog = () => true;
  const { report } = await run(world, { waitMs: 10_000, pollMs: 100 });
  const c = get(report, 'run-lines');
  assert.is(c.status, 'skip');
  const settled =
    /^report\[-1\]#1: presence only: 10 lines, no reference to compare; count unchanged for (\d+\.\d) s$/.exec(
      c.evidence[0] ?? '',
    );
  assert.ok(settled, c.evidence[0]);
  // The settle window: the default spec's batch timeout (250 ms) plus the poll (100 ms).
  assert.ok(Number(settled[1]) >= 0.3, settled[1]);
  const lat = report.latency;
  assert.ok(lat, JSON.stringify(report.checks, null, 1));
  assert.is(lat.samples, 1);
  // The poll (100 ms) and the fake's request time on top of 1400 ms; the first line would give ~500.
  assert.ok(lat.p50Ms >= 1400 && lat.p50Ms < 2100, `latency ${lat.p50Ms}`);
  assert.match(evidence(report, 'latency'), /the count that then stayed unchanged for 350 ms/);
});

test('a line sent again at another timestamp, and a line Airflow never wrote, fail and are named', async () => {
  const world = defaultWorld(passingRun());
  let resentNs = 0n;
  let foreignNs = 0n;
  world.editEntries = (es) => {
    const line3 = lineOf(es, 'load', '2', 'load try 2: line 3');
    // A sidecar restart re-reads the file: the copy gets the time it was read (its line did not
    // parse), so Loki keeps it beside the original.
    resentNs = line3.ns + 5_000_000_000n;
    foreignNs = line3.ns + 7_000_000_000n;
    return [
      ...es,
      { ...line3, ns: resentNs },
      { ...line3, ns: foreignNs, line: 'a line from another shipper' },
    ];
  };
  const { report } = await run(world);
  const c = get(report, 'run-lines');
  assert.is(c.status, 'fail');
  assert.is(c.summary, '1 attempt of 4 incomplete or with extra lines in Loki');
  assert.is(
    c.evidence[0],
    `load[-1]#2: 1 duplicated line (a line Airflow serves once is in Loki again): "load try 2: line 3" at ${iso(resentNs)}; 1 line in Loki that Airflow's log does not have: "a line from another shipper" at ${iso(foreignNs)}`,
  );
  assert.not.ok(report.ok);
});

test('without a reference, the same line and metadata at two timestamps is a likely duplicate', async () => {
  const world = defaultWorld(passingRun());
  world.unreadableLog = (a) => a.taskId === 'extract';
  let first = 0n;
  let copy = 0n;
  world.editEntries = (es) => {
    const line2 = lineOf(es, 'extract', '1', 'extract try 1: line 2');
    first = line2.ns;
    copy = line2.ns + 3_000_000_000n;
    return [...es, { ...line2, ns: copy }];
  };
  const { report } = await run(world);
  const c = get(report, 'run-lines');
  assert.is(c.status, 'skip');
  assert.is(
    c.summary,
    'completeness not proven for 1 of 4 attempts: Airflow served no log to compare their lines with (presence only); the other 3 have every line Airflow serves; 1 attempt with likely duplicated lines',
  );
  assert.is(
    c.evidence[0],
    `extract[-1]#1: presence only: 6 lines, no reference to compare; 1 likely duplicate: "extract try 1: line 2" 2x at ${iso(first)}, ${iso(copy)}`,
  );
});

test("a reference read before the task's last line is read once more, not blamed on Loki", async () => {
  const line = (n: number): StructuredLogMessage => ({
    timestamp: `2026-08-16T17:43:0${n}.000123Z`,
    event: `line ${n}`,
  });
  const served = [
    [line(1), line(2)],
    [line(1), line(2), line(3)],
  ];
  let reads = 0;
  const airflow = { taskLog: async () => served[Math.min(reads++, 1)] } as unknown as AirflowClient;
  const refs = new ReferenceLogs(airflow, { dagId: 'd', runId: 'r' });
  const attempt = { taskId: 't', mapIndex: -1, tryNumber: 1, sources: ['airflow' as const] };
  const entry = (n: number): LokiEntry => ({
    ts: String(BigInt(Date.parse(`2026-08-16T17:43:0${n}Z`)) * 1_000_000n + 123_000n),
    line: `line ${n}`,
    labels: {},
    metadata: {},
  });
  await refs.update([attempt], new Map([['t[-1]#1', [entry(1), entry(2)]]]));
  assert.is(refs.byAttempt.get('t[-1]#1')?.length, 2);
  const three = new Map([['t[-1]#1', [entry(1), entry(2), entry(3)]]]);
  await refs.update([attempt], three);
  assert.is(refs.byAttempt.get('t[-1]#1')?.length, 3);
  await refs.update([attempt], three);
  assert.is(reads, 2);
});

test.run();
