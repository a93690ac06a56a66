import type { V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import { LOKI_DATASOURCE_UID, lokiRuleGroups, pipelineFields } from '@logstack/observability';
import type { LogstackModel } from '@logstack/spec';
import { SIDECAR_LAYOUT, taskLogStreamFields } from '@logstack/vector-config';
import { AirflowClient } from './airflow.js';
import { attemptsFromAirflow, type ExpectedLine } from './expected.js';
import { describeFailure, type HttpOptions } from './http.js';
import type { ClusterReader, PodMetrics } from './kube.js';
import { checkLatency } from './latency.js';
import { LineCountHistory } from './line-counts.js';
import { checkAfterDeletion, checkLokiFields, groupByAttempt } from './lines.js';
import { runQuery } from './logql.js';
import { LokiClient, type LokiEntry } from './loki.js';
import { checkLokiAccess, LOKI_AUTH_HINT, ms2ns, readTaskStreams } from './loki-access.js';
import { checkSidecarMemory } from './memory.js';
import {
  baseFinishedAt,
  checkMetadataDb,
  checkNativeSidecar,
  checkPodsComplete,
  checkSidecarRestarts,
  podIdentity,
  podName,
  toMs,
} from './pods.js';
import { ReferenceLogs } from './reference-logs.js';
import { check } from './result.js';
import { checkGrafanaDatasource, checkLokiRules } from './rules.js';
import { checkRunLines, compareLines } from './run-lines.js';
import {
  type Attempt,
  attemptKey,
  type CheckId,
  type CheckResult,
  type HttpAuth,
  type LatencyFigures,
  type VerifyReport,
} from './types.js';
import { checkUiLog } from './ui-log.js';

export interface VerifyOptions {
  model: LogstackModel;
  namespace: string;
  lokiUrl: string;
  /** X-Scope-OrgID; default: the spec's loki.tenant (none when empty). */
  tenant?: string;
  lokiAuth: HttpAuth;
  dagId?: string;
  runId?: string;
  /** Airflow's API server (Airflow 3, /api/v2): the authoritative list of attempts and their lines. */
  airflowUrl?: string;
  airflowAuth: HttpAuth;
  /** Where the Grafana sidecar looks for the datasource ConfigMap; default: namespace. */
  grafanaNamespace?: string;
  /** Per HTTP request. */
  timeoutMs: number;
  retries: number;
  backoffMs?: number;
  /** How long to keep watching a run for attempts to end and lines to arrive; 0: one look. */
  waitMs: number;
  pollMs: number;
  /**
   * With --wait, how long an attempt without a reference log must keep the same line count in
   * Loki to count as settled; default: the sidecar's batch timeout plus one poll.
   */
  settleMs?: number;
  /** Oldest log time looked at when the run's start is unknown. */
  sinceMs: number;
  /** Latency fails above this p95; 0 reports only. */
  maxP95Ms: number;
  now?: () => number;
  progress?: (message: string) => void;
}

const AIRFLOW_AUTH_HINT =
  'set --airflow-token (LOGSTACK_AIRFLOW_TOKEN) or --airflow-user with LOGSTACK_AIRFLOW_PASSWORD';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs every check; never changes the cluster (the reader only lists, the HTTP clients only GET). */
export async function verify(opts: VerifyOptions, cluster: ClusterReader): Promise<VerifyReport> {
  const now = opts.now ?? Date.now;
  const sidecar = SIDECAR_LAYOUT.containerName;
  const fields = taskLogStreamFields(opts.model);
  const tenant = opts.tenant ?? opts.model.loki.tenant;
  const http = (auth: HttpAuth, headers: Record<string, string> = {}): HttpOptions => ({
    timeoutMs: opts.timeoutMs,
    retries: opts.retries,
    backoffMs: opts.backoffMs ?? 250,
    auth,
    headers,
  });
  const loki = new LokiClient(opts.lokiUrl, http(opts.lokiAuth, tenant ? { 'X-Scope-OrgID': tenant } : {}));
  const airflow = opts.airflowUrl ? new AirflowClient(opts.airflowUrl, http(opts.airflowAuth)) : undefined;
  const run = opts.dagId && opts.runId ? { dagId: opts.dagId, runId: opts.runId } : undefined;
  const results = new Map<CheckId, CheckResult>();
  const put = (r: CheckResult) => results.set(r.id, r);

  const listPods = async (): Promise<V1Pod[] | Error> => {
    try {
      const pods = await cluster.taskPods(opts.namespace);
      return run
        ? pods.filter((p) => podIdentity(p)?.dagId === run.dagId && podIdentity(p)?.runId === run.runId)
        : pods;
    } catch (err) {
      return err as Error;
    }
  };
  const scope = run ? `of run ${run.runId} of ${run.dagId} in ${opts.namespace}` : `in ${opts.namespace}`;

  // Loki first: the run's checks need to know whether it answers at all.
  opts.progress?.(`Loki ${loki.base}`);
  const taskStreams = () => readTaskStreams(loki, fields, opts.namespace, now(), opts.sinceMs);
  let streams = await taskStreams();
  // A Loki that answers without task logs yet (a run just started) still lets --wait watch the run.
  const lokiOk = !('failure' in streams) || streams.answered;
  const noLoki = (id: CheckId) => check(id, 'skip', 'Loki did not answer (see the Loki check)');

  let pods = await listPods();
  let latency: LatencyFigures | undefined;
  if (run && lokiOk) {
    const watched = await watchRun(opts, loki, airflow, run, fields, listPods, now);
    if (watched.pods) pods = watched.pods;
    latency = watched.latency;
    for (const r of watched.results) put(r);
    put(
      await checkUiLog({
        enabled: opts.model.airflow.uiLogs.enabled,
        airflow,
        run,
        attempts: watched.attempts ?? [],
        groups: watched.groups ?? new Map(),
        livePods: watched.livePods ?? new Set(),
      }),
    );
    if (opts.waitMs > 0) streams = await taskStreams();
  } else {
    for (const id of ['loki-fields', 'run-lines', 'latency', 'after-pod-deletion', 'ui-log'] as const)
      put(lokiOk ? check(id, 'skip', 'needs --dag-id and --run-id') : noLoki(id));
  }

  put(checkLokiAccess(streams, fields, loki.base, opts.sinceMs));

  opts.progress?.(`Kubernetes ${cluster.server}`);
  if (pods instanceof Error) {
    for (const id of [
      'native-sidecar',
      'pods-complete',
      'sidecar-restarts',
      'metadata-db',
      'sidecar-memory',
    ] as const)
      put(check(id, 'fail', `cannot list task pods: ${pods.message}`, [`API server ${cluster.server}`]));
  } else {
    put(checkNativeSidecar(pods, sidecar, scope));
    put(checkPodsComplete(pods, now(), scope));
    put(checkSidecarRestarts(pods, sidecar, scope));
    put(checkMetadataDb(pods, scope));
    let metrics: PodMetrics[] | null | Error;
    try {
      metrics = await cluster.podMetrics(opts.namespace);
    } catch (err) {
      metrics = err as Error;
    }
    put(
      metrics instanceof Error
        ? check('sidecar-memory', 'fail', `cannot read pod metrics: ${metrics.message}`)
        : checkSidecarMemory(pods, metrics, sidecar, opts.model.sidecar.resources.limits.memory),
    );
  }

  if (lokiOk) {
    let rules: Awaited<ReturnType<LokiClient['rules']>> | Error;
    try {
      rules = await loki.rules();
    } catch (err) {
      rules = err as Error;
    }
    put(checkLokiRules(rules, opts.model.grafana.alerts ? rulerAlertNames(opts.model) : []));
  } else put(noLoki('loki-rules'));

  const gns = opts.grafanaNamespace ?? opts.namespace;
  if (!opts.model.grafana.enabled)
    put(check('grafana-datasource', 'skip', 'grafana.enabled is off in the spec'));
  else {
    let maps: V1ConfigMap[] | Error;
    try {
      maps = await cluster.configMaps(gns, opts.model.grafana.datasourceLabel);
    } catch (err) {
      maps = err as Error;
    }
    put(checkGrafanaDatasource(maps, opts.model.grafana.datasourceLabel, gns, LOKI_DATASOURCE_UID));
  }

  const order: CheckId[] = [
    'native-sidecar',
    'pods-complete',
    'sidecar-restarts',
    'sidecar-memory',
    'metadata-db',
    'loki-access',
    'loki-fields',
    'run-lines',
    'latency',
    'after-pod-deletion',
    'ui-log',
    'loki-rules',
    'grafana-datasource',
  ];
  const checks = order.flatMap((id) => results.get(id) ?? []);
  const counts = { pass: 0, fail: 0, skip: 0 };
  for (const c of checks) counts[c.status]++;
  const report: VerifyReport = { ok: counts.fail === 0, namespace: opts.namespace, counts, checks };
  if (run) Object.assign(report, run);
  if (latency) report.latency = latency;
  return report;
}

/** Alerts the spec gives Loki's ruler (the metric alerts are Prometheus', not Loki's). */
const rulerAlertNames = (model: LogstackModel): string[] =>
  lokiRuleGroups(pipelineFields(model), model.airflow.namespace).flatMap((g) => g.rules.map((r) => r.alert));

async function watchRun(
  opts: VerifyOptions,
  loki: LokiClient,
  airflow: AirflowClient | undefined,
  run: { dagId: string; runId: string },
  fields: ReturnType<typeof taskLogStreamFields>,
  listPods: () => Promise<V1Pod[] | Error>,
  now: () => number,
): Promise<{
  results: CheckResult[];
  pods?: V1Pod[] | Error;
  latency?: LatencyFigures;
  attempts?: Attempt[];
  groups?: Map<string, LokiEntry[]>;
  livePods?: Set<string>;
}> {
  const fail = (summary: string, evidence: string[] = []) => ({
    results: [
      check('run-lines', 'fail', summary, evidence),
      ...(['loki-fields', 'latency', 'after-pod-deletion'] as const).map((id) =>
        check(id, 'skip', 'the run could not be read (see the run check)'),
      ),
    ],
  });
  let query: string;
  try {
    query = runQuery(fields, { namespace: opts.namespace, ...run });
  } catch (err) {
    return fail((err as Error).message);
  }
  const source = airflow
    ? `Airflow's API (${airflow.base})`
    : 'the task pods still in the cluster (pass --airflow-url to see every attempt)';
  const started = now();
  const deadline = started + opts.waitMs;
  const settleMs = opts.settleMs ?? opts.model.loki.batch.timeoutMs + opts.pollMs;
  const references = airflow ? new ReferenceLogs(airflow, run) : undefined;
  const expected = references?.byAttempt ?? new Map<string, ExpectedLine[]>();
  const counts = new LineCountHistory();
  /** Per attempt with a reference: the first look that returned every line of it. */
  const completeAt = new Map<string, number>();
  let lastLook = started;
  let endedAtFirstLook = new Set<string>();
  let attempts: Attempt[] = [];
  let inProgress: Attempt[] = [];
  let entries: LokiEntry[] = [];
  let groups = new Map<string, LokiEntry[]>();
  let pods: V1Pod[] | Error = [];
  let runStart: number | undefined;
  for (let round = 0; ; round++) {
    // Attempts: Airflow's list when given, else the pods; the pods add their names either way.
    let runFinished = true;
    const byKey = new Map<string, Attempt>();
    inProgress = [];
    if (airflow) {
      try {
        const [dagRun, tis] = await Promise.all([
          airflow.dagRun(run.dagId, run.runId),
          airflow.taskInstances(run.dagId, run.runId),
        ]);
        runFinished = dagRun.state === 'success' || dagRun.state === 'failed';
        if (dagRun.start_date) runStart = Date.parse(dagRun.start_date);
        const a = attemptsFromAirflow(tis);
        for (const x of a.ended) byKey.set(attemptKey(x), x);
        inProgress = a.inProgress;
      } catch (err) {
        return fail(describeFailure(err, `Airflow (${airflow.base})`, AIRFLOW_AUTH_HINT));
      }
    }
    pods = await listPods();
    for (const pod of pods instanceof Error ? [] : pods) {
      const id = podIdentity(pod);
      if (!id) continue;
      const k = attemptKey(id);
      const ended = baseFinishedAt(pod);
      const created = toMs(pod.metadata?.creationTimestamp);
      if (created !== undefined && (runStart === undefined || created < runStart) && !airflow)
        runStart = created;
      const known = byKey.get(k);
      if (known) {
        known.pod = podName(pod);
        known.sources.push('pod');
        if (known.endedAt === undefined && ended !== undefined) known.endedAt = ended;
      } else if (!airflow && ended !== undefined)
        byKey.set(k, {
          taskId: id.taskId,
          mapIndex: id.mapIndex,
          tryNumber: id.tryNumber,
          state: pod.status?.phase,
          endedAt: ended,
          sources: ['pod'],
          pod: podName(pod),
        });
      else if (!airflow) {
        runFinished = false;
        inProgress.push({
          taskId: id.taskId,
          mapIndex: id.mapIndex,
          tryNumber: id.tryNumber,
          sources: ['pod'],
          pod: podName(pod),
        });
      }
    }
    attempts = [...byKey.values()];
    if (round === 0) endedAtFirstLook = new Set(attempts.map(attemptKey));

    const from = (runStart ?? now() - opts.sinceMs) - 5 * 60_000;
    try {
      entries = await loki.queryRange(query, ms2ns(from), ms2ns(now() + 1000));
    } catch (err) {
      return {
        ...fail(describeFailure(err, `Loki (${loki.base})`, LOKI_AUTH_HINT), [`query: ${query}`]),
        pods,
      };
    }
    const at = now();
    groups = groupByAttempt(entries);
    await references?.update(attempts, groups);
    lastLook = at;
    counts.record(at, groups);
    const isDone = (k: string) => {
      const got = groups.get(k) ?? [];
      const ref = expected.get(k);
      if (!got.length) return false;
      return ref ? compareLines(ref, got).missing.length === 0 : counts.unchangedMs(k, at) >= settleMs;
    };
    const done = attempts.map(attemptKey).filter(isDone);
    for (const k of done) if (expected.has(k) && !completeAt.has(k)) completeAt.set(k, at);
    const allDone = done.length === attempts.length;
    if (opts.waitMs <= 0 || at >= deadline || (runFinished && inProgress.length === 0 && allDone)) break;
    opts.progress?.(
      `waiting: ${attempts.length - done.length} of ${attempts.length} ended attempts not complete or settled in Loki, ${inProgress.length} in progress`,
    );
    await sleep(Math.min(opts.pollMs, Math.max(0, deadline - now())));
  }

  const samples: number[] = [];
  let endedBefore = 0;
  for (const a of attempts) {
    const k = attemptKey(a);
    if (endedAtFirstLook.has(k)) {
      endedBefore++;
      continue;
    }
    // With a reference: the first look that returned all its lines. Without: the look that first
    // returned the count that then settled (the last line's arrival), never the first line's.
    const settled = counts.unchangedMs(k, lastLook) >= settleMs;
    const reached = expected.has(k) ? completeAt.get(k) : settled ? counts.reachedAt(k) : undefined;
    if (reached !== undefined && a.endedAt !== undefined) samples.push(Math.max(0, reached - a.endedAt));
  }
  const lat = checkLatency({
    samplesMs: samples,
    endedBefore,
    pollMs: opts.pollMs,
    settleMs,
    maxP95Ms: opts.maxP95Ms,
  });
  const livePods = new Set(pods instanceof Error ? [] : pods.map(podName));
  return {
    pods,
    attempts,
    groups,
    livePods,
    ...(lat.figures ? { latency: lat.figures } : {}),
    results: [
      checkLokiFields(entries, fields, query),
      checkRunLines({
        attempts,
        groups,
        expected,
        inProgress: inProgress.length,
        source,
        airflowAsked: airflow !== undefined,
        ...(opts.waitMs > 0
          ? {
              settleMs,
              unchangedMs: new Map(
                attempts.map((a) => [attemptKey(a), counts.unchangedMs(attemptKey(a), lastLook)]),
              ),
            }
          : {}),
      }),
      lat.result,
      checkAfterDeletion(attempts, groups, livePods, Boolean(airflow)),
    ],
  };
}
