import type { TaskLogStreamFields } from '@logstack/vector-config';
import { describeFailure } from './http.js';
import { taskSelector } from './logql.js';
import type { LokiClient } from './loki.js';
import { check, plural } from './result.js';
import type { CheckResult } from './types.js';

export const LOKI_AUTH_HINT =
  'set --loki-token (LOGSTACK_LOKI_TOKEN) or --loki-user with LOGSTACK_LOKI_PASSWORD, and --tenant when Loki is multi-tenant';

export const ms2ns = (ms: number) => BigInt(Math.floor(ms)) * 1_000_000n;

/** The task-log streams Loki holds, or why they could not be read. */
export type TaskStreams =
  | { selector: string; streams: Array<Record<string, string>> }
  | { failure: string; answered: boolean };

/**
 * Label sets of the streams the task-log selector matches (the series API), not /labels: that
 * lists names from every stream Loki holds (cluster logs shipped by Alloy too), so a Loki without a
 * single task log would pass.
 */
export async function readTaskStreams(
  loki: LokiClient,
  fields: TaskLogStreamFields,
  namespace: string,
  nowMs: number,
  sinceMs: number,
): Promise<TaskStreams> {
  let selector: string;
  try {
    selector = taskSelector(fields, namespace);
  } catch (err) {
    return { failure: (err as Error).message, answered: true };
  }
  try {
    return { selector, streams: await loki.series(selector, ms2ns(nowMs - sinceMs), ms2ns(nowMs)) };
  } catch (err) {
    return { failure: describeFailure(err, `Loki (${loki.base})`, LOKI_AUTH_HINT), answered: false };
  }
}

export function checkLokiAccess(
  found: TaskStreams,
  fields: TaskLogStreamFields,
  lokiBase: string,
  sinceMs: number,
): CheckResult {
  if ('failure' in found) return check('loki-access', 'fail', found.failure);
  const { selector, streams } = found;
  const want = [...fields.labels, ...Object.keys(fields.staticLabels)];
  const hours = Math.round(sinceMs / 3_600_000);
  if (!streams.length)
    return check(
      'loki-access',
      'fail',
      `Loki answers but holds no task-log stream ${selector} in the last ${hours}h: no task log arrived, or the spec's labels differ`,
    );
  const seen = [...new Set(streams.flatMap((s) => Object.keys(s)))].sort();
  const missing = want.filter((l) => !seen.includes(l));
  return missing.length
    ? check(
        'loki-access',
        'fail',
        `the task-log streams ${selector} of the last ${hours}h have no label ${missing.join(', ')}: the spec's labels differ from what the sidecar sends`,
        [`labels of ${plural(streams.length, 'stream')}: ${seen.join(', ')}`],
      )
    : check(
        'loki-access',
        'pass',
        `${lokiBase} holds ${plural(streams.length, 'task-log stream')} ${selector} with the labels ${want.join(', ')}`,
      );
}
