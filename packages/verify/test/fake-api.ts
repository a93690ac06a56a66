import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttemptSpec,
  airflowLog,
  DAG,
  dagRun,
  fixture,
  type LokiEntrySpec,
  lokiEntries,
  NS,
  type RecordedConfigMap,
  type RecordedList,
  type RecordedPod,
  type RecordedPodMetrics,
  type RecordedRules,
  RUN,
  taskInstances,
  taskPod,
  unreadableAirflowLog,
} from './scenario.js';

/** What the fake Kubernetes, Loki and Airflow serve; every part can be changed by a test. */
export interface World {
  attempts: AttemptSpec[];
  /** Changes a pod after it is built (a stuck pod, a restarted sidecar...). */
  editPod?: (pod: RecordedPod) => void;
  /** Changes what Loki holds (a missing line, a duplicate...). */
  editEntries?: (entries: LokiEntrySpec[]) => LokiEntrySpec[];
  metrics: RecordedList<RecordedPodMetrics> | null;
  configMaps: RecordedList<RecordedConfigMap>;
  rules: RecordedRules | null;
  /** Label names /labels answers with, from every stream Loki holds (task logs or not). */
  lokiLabels?: string[];
  /** Attempts whose log Airflow cannot read any more (pod and its emptyDir gone, no remote logging). */
  unreadableLog?: (a: AttemptSpec) => boolean;
  /** Changes what Airflow serves as an attempt's log (a reader's failure, a shortened log). */
  editAirflowLog?: (a: AttemptSpec, log: ReturnType<typeof airflowLog>) => ReturnType<typeof airflowLog>;
  /** Loki behind an auth proxy: only this bearer token gets through. */
  lokiToken?: string;
  /** Loki with auth_enabled: requests need this X-Scope-OrgID. */
  lokiTenant?: string;
  airflowToken?: string;
  /** Loki answers 503 to this many requests first (a restarting Loki). */
  lokiFailFirst?: number;
}

export function defaultWorld(attempts: AttemptSpec[]): World {
  return {
    attempts,
    metrics: fixture('pod-metrics.json'),
    configMaps: fixture('grafana-datasource-configmaps.json'),
    rules: fixture('prometheus-rules.json'),
  };
}

export interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export interface FakeApi {
  url: string;
  kubeconfig: string;
  requests: Seen[];
  close(): Promise<void>;
}

const status404 = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server could not find the requested resource',
  reason: 'NotFound',
  details: {},
  code: 404,
};

/** Equality selectors (a=b,c) as the API server reads them; enough for what verify sends. */
function selects(selector: string | null, labels: Record<string, string> = {}): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [k, v] = term.split('=');
    return v === undefined ? k !== undefined && k in labels : labels[k ?? ''] === v;
  });
}

const pairsOf = (text: string) =>
  [...text.matchAll(/(\w+)\s*=\s*("(?:[^"\\]|\\.)*")/g)].map(
    (x) => [x[1] as string, JSON.parse(x[2] as string) as string] as const,
  );

/** `{a="b", ...} | c="d" | ...`: the LogQL verify sends, matched like Loki would. */
function logqlMatches(query: string, e: LokiEntrySpec): boolean {
  const m = /^\{([^}]*)\}(.*)$/.exec(query.trim());
  if (!m) throw new Error(`fake Loki cannot parse ${query}`);
  return (
    pairsOf(m[1] ?? '').every(([k, v]) => e.labels[k] === v) &&
    pairsOf(m[2] ?? '').every(([k, v]) => (e.metadata[k] ?? e.labels[k]) === v)
  );
}

/** /series: the label sets of the streams a selector matches, as Loki answers (stream labels only). */
function series(q: URLSearchParams, entries: LokiEntrySpec[]) {
  const start = BigInt(q.get('start') ?? '0');
  const end = BigInt(q.get('end') ?? '0');
  const selectors = q.getAll('match[]');
  const sets = new Map<string, Record<string, string>>();
  for (const e of entries)
    if (e.ns >= start && e.ns < end && selectors.some((s) => logqlMatches(s, e)))
      sets.set(JSON.stringify(e.labels), e.labels);
  return { status: 'success', data: [...sets.values()] };
}

function queryRange(q: URLSearchParams, entries: LokiEntrySpec[], categorize: boolean) {
  const start = BigInt(q.get('start') ?? '0');
  const end = BigInt(q.get('end') ?? '0');
  const limit = Number(q.get('limit') ?? '100');
  const query = q.get('query') ?? '';
  const picked = entries
    .filter((e) => e.ns >= start && e.ns < end && logqlMatches(query, e))
    .sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0))
    .slice(0, limit);
  const streams = new Map<string, { stream: Record<string, string>; values: unknown[] }>();
  for (const e of picked) {
    const stream = categorize ? e.labels : { ...e.labels, ...e.metadata };
    const k = JSON.stringify(stream);
    if (!streams.has(k)) streams.set(k, { stream, values: [] });
    streams
      .get(k)
      ?.values.push(
        categorize ? [String(e.ns), e.line, { structuredMetadata: e.metadata }] : [String(e.ns), e.line],
      );
  }
  return {
    status: 'success',
    data: {
      resultType: 'streams',
      ...(categorize ? { encodingFlags: ['categorize-labels'] } : {}),
      result: [...streams.values()],
      stats: {
        summary: {
          bytesProcessedPerSecond: 0,
          linesProcessedPerSecond: 0,
          totalBytesProcessed: 0,
          totalLinesProcessed: picked.length,
          execTime: 0.001,
        },
      },
    },
  };
}

export async function startFake(world: World): Promise<FakeApi> {
  const requests: Seen[] = [];
  let lokiCalls = 0;
  const send = (res: ServerResponse, code: number, body: unknown, type = 'application/json') => {
    res.writeHead(code, { 'content-type': type });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const q = url.searchParams;
    requests.push({ method: req.method ?? '', path: `${path}${url.search}`, headers: req.headers });
    // verify must never change anything: anything but GET is refused and shows up in `requests`.
    if (req.method !== 'GET')
      return send(res, 405, {
        kind: 'Status',
        status: 'Failure',
        message: `fake API: ${req.method} refused`,
        code: 405,
      });
    const now = Date.now();
    const pods = () =>
      world.attempts
        .filter((a) => a.podKept || now < a.startMs + (a.durationMs ?? 3000))
        .map((a) => {
          const p = taskPod(a, now);
          world.editPod?.(p);
          return p;
        });

    if (path === `/api/v1/namespaces/${NS}/pods`) {
      const items = pods().filter((p) => selects(q.get('labelSelector'), p.metadata.labels));
      return send(res, 200, {
        apiVersion: 'v1',
        kind: 'PodList',
        metadata: { resourceVersion: '1844002' },
        items,
      });
    }
    if (path === `/apis/metrics.k8s.io/v1beta1/namespaces/${NS}/pods`)
      return world.metrics ? send(res, 200, world.metrics) : send(res, 404, status404);
    if (path === `/api/v1/namespaces/${NS}/configmaps`) {
      const items = world.configMaps.items.filter((c) => selects(q.get('labelSelector'), c.metadata.labels));
      return send(res, 200, { ...world.configMaps, items });
    }

    if (path.startsWith('/loki/') || path.startsWith('/prometheus/')) {
      lokiCalls++;
      if (world.lokiToken && req.headers.authorization !== `Bearer ${world.lokiToken}`)
        return send(
          res,
          401,
          '<html><head><title>401 Authorization Required</title></head><body><center><h1>401 Authorization Required</h1></center><hr><center>nginx</center></body></html>\n',
          'text/html',
        );
      if (world.lokiTenant && req.headers['x-scope-orgid'] !== world.lokiTenant)
        return send(res, 401, 'no org id\n', 'text/plain; charset=utf-8');
      if (lokiCalls <= (world.lokiFailFirst ?? 0))
        return send(res, 503, 'Ingester not ready: waiting for 15s after being ready\n', 'text/plain');
      let entries = world.attempts.flatMap((a) => lokiEntries(a, now));
      if (world.editEntries) entries = world.editEntries(entries);
      if (path === '/loki/api/v1/labels')
        return send(res, 200, {
          status: 'success',
          data: world.lokiLabels ?? ['component', 'dag_id', 'namespace', 'service_name'],
        });
      if (path === '/loki/api/v1/series') return send(res, 200, series(q, entries));
      if (path === '/loki/api/v1/query_range')
        return send(
          res,
          200,
          queryRange(q, entries, req.headers['x-loki-response-encoding-flags'] === 'categorize-labels'),
        );
      if (path === '/prometheus/api/v1/rules')
        return world.rules
          ? send(res, 200, world.rules)
          : send(res, 404, '404 page not found\n', 'text/plain');
      return send(res, 404, '404 page not found\n', 'text/plain');
    }

    const runPath = `/api/v2/dags/${DAG}/dagRuns/${encodeURIComponent(RUN)}`;
    if (path.startsWith('/api/v2/')) {
      if (world.airflowToken && req.headers.authorization !== `Bearer ${world.airflowToken}`)
        return send(res, 401, { detail: 'Not authenticated' });
      if (path === runPath) return send(res, 200, dagRun(world.attempts, now));
      if (path === `${runPath}/taskInstances`) {
        const all = taskInstances(world.attempts, now);
        const offset = Number(q.get('offset') ?? 0);
        return send(res, 200, {
          ...all,
          task_instances: all.task_instances.slice(offset, offset + Number(q.get('limit') ?? 50)),
        });
      }
      const log = new RegExp(`^${runPath.replace(/[.+]/g, '\\$&')}/taskInstances/([^/]+)/logs/(\\d+)$`).exec(
        path,
      );
      if (log) {
        const a = world.attempts.find(
          (x) =>
            x.taskId === decodeURIComponent(log[1] ?? '') &&
            x.tryNumber === Number(log[2]) &&
            (x.mapIndex ?? -1) === Number(q.get('map_index') ?? -1),
        );
        if (!a) return send(res, 404, { detail: 'TaskInstance not found' });
        if (world.unreadableLog?.(a)) return send(res, 200, unreadableAirflowLog(a));
        const served = airflowLog(a, now);
        return send(res, 200, world.editAirflowLog ? world.editAirflowLog(a, served) : served);
      }
      return send(res, 404, { detail: 'Not Found' });
    }
    return send(res, 404, status404);
  };
  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'logstack-verify-')), 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: ${url}
    # @kubernetes/client-node refuses plain http unless this is set (as for kubectl proxy).
    insecure-skip-tls-verify: true
users:
- name: fake
  user:
    token: fake-token
contexts:
- name: fake
  context:
    cluster: fake
    user: fake
    namespace: ${NS}
current-context: fake
`,
  );
  return {
    url,
    kubeconfig,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A port nothing listens on: Loki unreachable. */
export async function closedPortUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}
