import { readFileSync } from 'node:fs';
import type { LogstackModel } from '@logstack/spec';
import type { TaskInstance } from './airflow.js';
import type { StoredLine } from './store.js';

export interface AttemptReport {
  /** Lines in the attempt file. */
  lines: number;
  /** Lines in the store for this pod. */
  stored: number;
  /** File lines not in the store (their event text). */
  missing: string[];
  /** File lines stored more than once: event text and count. */
  duplicated: string[];
  /** Stored lines that match no file line. */
  unexpected: string[];
  /** Stored lines with a wrong label, metadata field, tenant or timestamp (first few). */
  wrong: string[];
  /** Write (the line's own timestamp) to store (the proxy's arrival time), per line, ms. */
  latenciesMs: number[];
}

interface FileLine {
  time: string;
  event: string;
  logger: string;
  level: string;
}

/** RFC 3339 with the fraction's trailing zeros dropped: Airflow writes microseconds, VictoriaLogs prints nanoseconds. */
export function normalTime(t: string): string {
  const m = /^(.*?)(?:\.(\d+))?Z$/.exec(t);
  if (!m) return t;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return `${m[1]}${frac ? `.${frac}` : ''}Z`;
}

function fileLines(path: string): FileLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const o = JSON.parse(l) as Record<string, unknown>;
      return {
        time: normalTime(String(o.timestamp)),
        event: String(o.event),
        logger: String(o.logger),
        level: String(o.level).toLowerCase(),
      };
    });
}

/** The value each label / structured-metadata field must have, from the task and the pod. */
function expectedFields(
  model: LogstackModel,
  ti: TaskInstance,
  pod: string,
  line: FileLine,
): Record<string, string> {
  const known: Record<string, string> = {
    namespace: model.airflow.namespace,
    dag_id: ti.dag_id,
    component: 'task',
    task_id: ti.task_id,
    run_id: ti.run_id,
    map_index: String(ti.map_index),
    attempt: String(ti.try_number),
    pod,
    node: 'node-e2e',
    logger: line.logger,
    level: line.level,
    container: 'base',
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(model.loki.staticLabels)) if (v !== undefined) out[k] = v;
  for (const f of [...model.loki.labels, ...model.loki.structuredMetadata]) {
    const v = known[f];
    if (v === undefined) throw new Error(`the e2e check has no expected value for the field ${f}`);
    out[f] = v;
  }
  return out;
}

/**
 * One attempt, file against store: every line exactly once, with its timestamp, labels (in the
 * stream), structured metadata and tenant as the spec templates them.
 */
export function checkAttempt(
  path: string,
  stored: StoredLine[],
  expect: { model: LogstackModel; ti: TaskInstance; pod: string },
): AttemptReport {
  const lines = fileLines(path);
  const byTime = new Map<string, StoredLine[]>();
  for (const s of stored) {
    const t = normalTime(s._time ?? '');
    byTime.set(t, [...(byTime.get(t) ?? []), s]);
  }
  const used = new Set<StoredLine>();
  const report: AttemptReport = {
    lines: lines.length,
    stored: stored.length,
    missing: [],
    duplicated: [],
    unexpected: [],
    wrong: [],
    latenciesMs: [],
  };
  for (const line of lines) {
    const msg = (s: StoredLine) => s._msg === line.event || (s._msg ?? '').startsWith(`${line.event} {`);
    const matches = (byTime.get(line.time) ?? []).filter((s) => !used.has(s) && msg(s));
    if (matches.length === 0) {
      report.missing.push(line.event);
      continue;
    }
    if (matches.length > 1) report.duplicated.push(`${line.event} x${matches.length}`);
    for (const s of matches) used.add(s);
    const s = matches[0]!;
    const fields = expectedFields(expect.model, expect.ti, expect.pod, line);
    const labels = new Set([...expect.model.loki.labels, ...Object.keys(expect.model.loki.staticLabels)]);
    for (const [f, v] of Object.entries(fields)) {
      if (s[f] !== v)
        report.wrong.push(`${line.event}: ${f}=${JSON.stringify(s[f])}, expected ${JSON.stringify(v)}`);
      if (labels.has(f) && !(s._stream ?? '').includes(`${f}=${JSON.stringify(v)}`))
        report.wrong.push(`${line.event}: label ${f} not in the stream ${s._stream}`);
    }
    if (s.tenant !== expect.model.loki.tenant)
      report.wrong.push(`${line.event}: tenant ${s.tenant}, expected ${expect.model.loki.tenant}`);
    report.latenciesMs.push(Number(s.received_at) - Date.parse(line.time));
  }
  report.unexpected = stored
    .filter((s) => !used.has(s))
    .map((s) => `${s._time} ${String(s._msg).slice(0, 80)}`);
  report.wrong = report.wrong.slice(0, 10);
  return report;
}
