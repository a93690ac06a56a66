import type { V1Container, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { check, plural } from './result.js';
import type { CheckResult } from './types.js';

/** The KubernetesExecutor's name for the task container. */
export const TASK_CONTAINER = 'base';

/** Task identity the KubernetesExecutor writes into annotations (labels hold sanitised copies). */
export interface PodIdentity {
  dagId: string;
  runId: string;
  taskId: string;
  tryNumber: number;
  mapIndex: number;
}

export function podIdentity(pod: V1Pod): PodIdentity | undefined {
  const a = pod.metadata?.annotations ?? {};
  if (!a.dag_id || !a.task_id || !a.run_id || !a.try_number) return undefined;
  return {
    dagId: a.dag_id,
    runId: a.run_id,
    taskId: a.task_id,
    tryNumber: Number(a.try_number),
    mapIndex: a.map_index !== undefined ? Number(a.map_index) : -1,
  };
}

export const podName = (pod: V1Pod) => pod.metadata?.name ?? '?';

/** The client turns RFC 3339 strings into Dates; recorded JSON keeps strings. Both arrive here. */
export const toMs = (t: Date | string | undefined): number | undefined =>
  t === undefined ? undefined : t instanceof Date ? t.getTime() : Date.parse(t);

const status = (pod: V1Pod, name: string, init: boolean): V1ContainerStatus | undefined =>
  (init ? pod.status?.initContainerStatuses : pod.status?.containerStatuses)?.find((c) => c.name === name);

export const baseFinishedAt = (pod: V1Pod) =>
  toMs(status(pod, TASK_CONTAINER, false)?.state?.terminated?.finishedAt);

const none = (id: 'native-sidecar' | 'pods-complete' | 'sidecar-restarts' | 'metadata-db', scope: string) =>
  check(
    id,
    'skip',
    `no task pods ${scope} (pods the KubernetesExecutor deleted cannot be checked; see docs/operations.md)`,
  );

export function checkNativeSidecar(pods: V1Pod[], sidecar: string, scope: string): CheckResult {
  if (!pods.length) return none('native-sidecar', scope);
  const bad: string[] = [];
  for (const pod of pods) {
    const init = pod.spec?.initContainers?.find((c) => c.name === sidecar);
    const plain = pod.spec?.containers.find((c) => c.name === sidecar);
    if (init?.restartPolicy === 'Always') continue;
    if (init)
      bad.push(
        `${podName(pod)}: ${sidecar} is an init container without restartPolicy: Always (runs before the task, ships nothing during it)`,
      );
    else if (plain)
      bad.push(
        `${podName(pod)}: ${sidecar} is a plain container: the pod stays Running after the task (apache/airflow#32637)`,
      );
    else bad.push(`${podName(pod)}: no ${sidecar} container: this pod's task log goes nowhere`);
  }
  return bad.length
    ? check(
        'native-sidecar',
        'fail',
        `${plural(bad.length, 'task pod')} of ${pods.length} without the native sidecar`,
        bad,
      )
    : check(
        'native-sidecar',
        'pass',
        `all ${plural(pods.length, 'task pod')} run ${sidecar} as an initContainers entry with restartPolicy Always`,
      );
}

/** How long past the grace period a pod may stay Running after its task ended before it counts as stuck. */
const STUCK_MARGIN_MS = 15_000;

export function checkPodsComplete(pods: V1Pod[], now: number, scope: string): CheckResult {
  if (!pods.length) return none('pods-complete', scope);
  const stuck: string[] = [];
  const running: string[] = [];
  const done: Record<string, number> = {};
  for (const pod of pods) {
    const phase = pod.status?.phase ?? 'Unknown';
    const ended = baseFinishedAt(pod);
    if (phase === 'Succeeded' || phase === 'Failed') {
      done[phase] = (done[phase] ?? 0) + 1;
      continue;
    }
    const grace = (pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    if (ended !== undefined && now - ended > grace + STUCK_MARGIN_MS) {
      const s = status(pod, TASK_CONTAINER, false)?.state?.terminated;
      stuck.push(
        `${podName(pod)}: ${phase} ${Math.round((now - ended) / 1000)}s after its task container exited (code ${s?.exitCode}); grace period ${grace / 1000}s; still running: ${runningContainers(pod).join(', ') || 'none'}`,
      );
    } else
      running.push(
        `${podName(pod)}: ${phase}${ended !== undefined ? ' (task ended, sidecar draining)' : ''}`,
      );
  }
  const counts = Object.entries(done).map(([p, n]) => `${n} ${p}`);
  if (stuck.length)
    return check(
      'pods-complete',
      'fail',
      `${plural(stuck.length, 'pod')} stuck Running after the task ended`,
      [...stuck, ...running],
    );
  if (!counts.length)
    return check(
      'pods-complete',
      'skip',
      `all ${plural(pods.length, 'task pod')} still in progress`,
      running,
    );
  return check(
    'pods-complete',
    'pass',
    `${counts.join(', ')}; none stuck`,
    running.map((r) => `in progress: ${r}`),
  );
}

function runningContainers(pod: V1Pod): string[] {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]
    .filter((c) => c.state?.running)
    .map((c) => c.name);
}

export function checkSidecarRestarts(pods: V1Pod[], sidecar: string, scope: string): CheckResult {
  if (!pods.length) return none('sidecar-restarts', scope);
  const bad: string[] = [];
  let seen = 0;
  for (const pod of pods) {
    const s = status(pod, sidecar, true) ?? status(pod, sidecar, false);
    if (!s) continue;
    seen++;
    if (s.restartCount > 0) {
      const last = s.lastState?.terminated;
      bad.push(
        `${podName(pod)}: ${sidecar} restarted ${s.restartCount}x; last ended ${last ? `${last.reason ?? 'exit'} code ${last.exitCode}${last.finishedAt ? ` at ${new Date(toMs(last.finishedAt) ?? 0).toISOString()}` : ''}` : 'unknown'}`,
      );
    }
  }
  if (!seen)
    return check(
      'sidecar-restarts',
      'skip',
      `no ${sidecar} container status in ${plural(pods.length, 'task pod')}`,
    );
  return bad.length
    ? check(
        'sidecar-restarts',
        'fail',
        `${plural(bad.length, 'sidecar')} restarted: lines read before a restart may be sent twice, lines of a crash loop lost`,
        bad,
      )
    : check('sidecar-restarts', 'pass', `restartCount 0 in all ${plural(seen, 'pod')}`);
}

const DB_ENV = ['AIRFLOW__DATABASE__SQL_ALCHEMY_CONN', 'AIRFLOW__CORE__SQL_ALCHEMY_CONN'];
const DB_ENV_INDIRECT = DB_ENV.flatMap((n) => [`${n}_CMD`, `${n}_SECRET`]);
/**
 * The metadata Secret the chart configures: logstack's ExternalSecret target (chart-values'
 * CHART_NAMES.metadataSecret), or the Airflow chart's default <fullname>-metadata
 * (<release>-airflow-metadata under the airflow-logstack chart).
 */
const isChartMetadataSecret = (name: string) => name === 'airflow-metadata-db' || name.endsWith('-metadata');
const NO_CONNECTION =
  'Airflow falls back to SQLite and the task fails with sqlite3.OperationalError: no such table: dag';

/** Where the task container's metadata DB connection comes from, or why it has none. */
export function dbConnectionSource(base: V1Container): { ok: boolean; how: string } {
  for (const e of base.env ?? []) {
    if (DB_ENV_INDIRECT.includes(e.name)) return { ok: true, how: `${e.name} set` };
    if (!DB_ENV.includes(e.name)) continue;
    const secret = e.valueFrom?.secretKeyRef;
    if (secret) return { ok: true, how: `${e.name} from Secret ${secret.name} key ${secret.key}` };
    const map = e.valueFrom?.configMapKeyRef;
    if (map) return { ok: true, how: `${e.name} from ConfigMap ${map.name} key ${map.key}` };
    if (e.valueFrom)
      return {
        ok: false,
        how: `${e.name} from ${Object.keys(e.valueFrom).join(', ')}, which cannot hold a database URL: ${NO_CONNECTION}`,
      };
    if (!e.value) return { ok: false, how: `${e.name} is empty: ${NO_CONNECTION}` };
    if (e.value.startsWith('sqlite'))
      return {
        ok: false,
        how: `${e.name} is a SQLite URL: tasks fail with sqlite3.OperationalError: no such table: dag`,
      };
    return {
      ok: true,
      how: `${e.name} is a plain value in the pod spec (works; a Secret keeps the password out of the pod spec)`,
    };
  }
  const chartSecret = base.envFrom?.find((f) => isChartMetadataSecret(f.secretRef?.name ?? ''));
  if (chartSecret?.secretRef)
    return {
      ok: true,
      how: `envFrom the chart's metadata Secret ${chartSecret.secretRef.name} (keys not read: verify reads no Secrets)`,
    };
  const other = (base.envFrom ?? []).map((f) =>
    f.secretRef ? `Secret ${f.secretRef.name}` : f.configMapRef ? `ConfigMap ${f.configMapRef.name}` : '?',
  );
  return {
    ok: false,
    how: `no AIRFLOW__DATABASE__SQL_ALCHEMY_CONN${other.length ? ` (envFrom ${other.join(', ')} is not the chart's metadata Secret)` : ''}: ${NO_CONNECTION} (a pod template that replaced the chart's, seed 001)`,
  };
}

export function checkMetadataDb(pods: V1Pod[], scope: string): CheckResult {
  if (!pods.length) return none('metadata-db', scope);
  const bad: string[] = [];
  const good = new Map<string, number>();
  for (const pod of pods) {
    const base = pod.spec?.containers.find((c) => c.name === TASK_CONTAINER);
    if (!base) {
      bad.push(`${podName(pod)}: no container named ${TASK_CONTAINER}`);
      continue;
    }
    const src = dbConnectionSource(base);
    if (src.ok) good.set(src.how, (good.get(src.how) ?? 0) + 1);
    else bad.push(`${podName(pod)}: ${src.how}`);
  }
  const ok = [...good].map(([how, n]) => `${plural(n, 'pod')}: ${how}`);
  return bad.length
    ? check('metadata-db', 'fail', `${plural(bad.length, 'task pod')} without the metadata DB connection`, [
        ...bad,
        ...ok,
      ])
    : check('metadata-db', 'pass', `all ${plural(pods.length, 'task pod')} get the connection`, ok);
}
