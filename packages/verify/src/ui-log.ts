import { READER_SOURCE_NAME } from '@logstack/airflow-log-reader';
import type { AirflowClient, StructuredLogMessage } from './airflow.js';
import { describeFailure } from './http.js';
import type { LokiEntry } from './loki.js';
import { check, plural } from './result.js';
import { type Attempt, attemptKey, type CheckResult } from './types.js';

const AIRFLOW_AUTH_HINT = 'set --airflow-token or --airflow-user with LOGSTACK_AIRFLOW_PASSWORD';
const INSTALL_HINT =
  'install the chart with the generated values: airflow.airflowLocalSettings and airflow.config.logging.logging_config_class carry the reader';

export interface UiLogInput {
  enabled: boolean;
  airflow?: AirflowClient;
  run?: { dagId: string; runId: string };
  /** Ended attempts of the run. */
  attempts: Attempt[];
  /** Loki's entries of the run by attempt key. */
  groups: Map<string, LokiEntry[]>;
  /** Task pods that still exist: an attempt without one can only be shown from Loki. */
  livePods: Set<string>;
}

const describe = (a: Attempt) => `${a.taskId}[${a.mapIndex}]#${a.tryNumber}`;

/**
 * The log tab as users see it: Airflow's API server serves an ended attempt's log (GET, the same
 * endpoint as the UI), and it must come from Loki through the reader with every line Loki holds.
 * One attempt is enough to prove the wiring (Secrets, settings, config); an attempt whose pod is
 * gone is preferred, as nothing else could serve it.
 */
export async function checkUiLog(input: UiLogInput): Promise<CheckResult> {
  if (!input.enabled) return check('ui-log', 'skip', 'airflow.uiLogs.enabled is off in the spec');
  if (!input.airflow) return check('ui-log', 'skip', 'needs --airflow-url');
  if (!input.run) return check('ui-log', 'skip', 'needs --dag-id and --run-id');
  const podLives = (a: Attempt) => a.pod !== undefined && input.livePods.has(a.pod);
  const candidates = input.attempts
    .filter((a) => (input.groups.get(attemptKey(a)) ?? []).length > 0)
    .sort((a, b) => Number(podLives(a)) - Number(podLives(b)));
  const a = candidates[0];
  if (!a) return check('ui-log', 'skip', 'no ended attempt of the run has lines in Loki yet');
  const inLoki = input.groups.get(attemptKey(a))?.length ?? 0;
  let content: StructuredLogMessage[] | string[];
  try {
    content = await input.airflow.taskLog(
      input.run.dagId,
      input.run.runId,
      a.taskId,
      a.tryNumber,
      a.mapIndex,
    );
  } catch (err) {
    return check(
      'ui-log',
      'fail',
      describeFailure(err, `Airflow (${input.airflow.base})`, AIRFLOW_AUTH_HINT),
    );
  }
  if (content.some((m) => typeof m === 'string'))
    return check(
      'ui-log',
      'fail',
      `Airflow served ${describe(a)}'s log as unparsed text, not from the reader`,
      [INSTALL_HINT],
    );
  const messages = content as StructuredLogMessage[];
  const sources = messages.flatMap((m) =>
    Array.isArray(m.sources) ? (m.sources as unknown[]).map(String) : [],
  );
  const where = podLives(a) ? '' : ' (its pod is gone)';
  if (!sources.some((s) => s.startsWith(READER_SOURCE_NAME)))
    return check('ui-log', 'fail', `the API server did not read ${describe(a)}${where} from Loki`, [
      ...sources.map((s) => `source: ${s}`),
      INSTALL_HINT,
    ]);
  const failure = messages.find((m) => m.logger === READER_SOURCE_NAME && m.level === 'error');
  if (failure)
    return check('ui-log', 'fail', `the API server could not read ${describe(a)} from Loki`, [
      failure.event,
      'the API server mounts the Loki Secrets named in loki.auth and loki.tls of the spec',
    ]);
  const lines = messages.filter((m) => !m.event.startsWith('::') && m.logger !== READER_SOURCE_NAME).length;
  const cut = messages.some((m) => m.logger === READER_SOURCE_NAME && m.level === 'warning');
  if (lines < inLoki && !cut)
    return check(
      'ui-log',
      'fail',
      `the log tab shows ${lines} of the ${inLoki} lines Loki holds for ${describe(a)}`,
      sources,
    );
  return check(
    'ui-log',
    'pass',
    `the API server shows ${describe(a)}${where} from Loki: ${plural(lines, 'line')}`,
    sources.filter((s) => s.startsWith(READER_SOURCE_NAME)),
  );
}
