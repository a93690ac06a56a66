import { existsSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  ApiException,
  type ConfigurationOptions,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Observable,
  type ObservableMiddleware,
  type V1ConfigMap,
  type V1Pod,
} from '@kubernetes/client-node';
import { cappedKubeHttp, KubeBodyTooLarge } from './kube-http.js';

/** What metrics.k8s.io serves per pod (PodMetrics, v1beta1). */
export interface PodMetrics {
  metadata: { name: string; namespace?: string };
  timestamp?: string;
  window?: string;
  containers: Array<{ name: string; usage: { cpu?: string; memory?: string } }>;
}

/**
 * Everything verify reads from the cluster. Only list calls: the type has no way to change the
 * cluster, and the client is used for nothing else.
 */
export interface ClusterReader {
  /** The API server verify talks to, for the report. */
  server: string;
  /** Pods the KubernetesExecutor created in the namespace (its label kubernetes_executor=True). */
  taskPods(namespace: string): Promise<V1Pod[]>;
  /** Pod metrics of the namespace; null when metrics.k8s.io is not served. */
  podMetrics(namespace: string): Promise<PodMetrics[] | null>;
  configMaps(namespace: string, labelSelector: string): Promise<V1ConfigMap[]>;
}

export interface KubeOptions {
  /** A kubeconfig file; default: $KUBECONFIG or ~/.kube/config (or the in-cluster service account). */
  kubeconfig?: string;
  context?: string;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
}

/** Label the KubernetesExecutor puts on every task pod it creates. */
export const TASK_POD_SELECTOR = 'kubernetes_executor=True';

export class KubeFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'KubeFailure';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Per-call client options that hand the request an AbortSignal: on abort, node-fetch destroys the
 * socket. Without it a timed-out request to a server that never answers keeps the process alive.
 */
function abortableOptions(signal: AbortSignal): ConfigurationOptions<ObservableMiddleware> {
  const passSignal: ObservableMiddleware = {
    pre: (request) => {
      request.setSignal(signal);
      return new Observable(Promise.resolve(request));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
  return { middleware: [passSignal], middlewareMergeStrategy: 'append', httpApi: cappedKubeHttp() };
}

type KubeCall<T> = (options: ConfigurationOptions<ObservableMiddleware>) => Promise<T>;

async function bounded<T>(what: string, opts: KubeOptions, call: KubeCall<T>): Promise<T> {
  let last: KubeFailure | undefined;
  for (let attempt = 0; attempt <= opts.retries; attempt++) {
    if (attempt > 0) await sleep(opts.backoffMs * 2 ** (attempt - 1));
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    try {
      // The race also bounds what happens before the request is sent (an exec credential plugin).
      return await Promise.race([
        call(abortableOptions(abort.signal)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            abort.abort();
            reject(new KubeFailure(`${what}: no answer within ${opts.timeoutMs} ms`));
          }, opts.timeoutMs);
        }),
      ]);
    } catch (err) {
      if (err instanceof ApiException) {
        last = new KubeFailure(`${what}: HTTP ${err.code} ${statusReason(err.code, err.body)}`, err.code);
        if (err.code < 500 && err.code !== 429) throw last;
      } else if (err instanceof KubeBodyTooLarge) throw new KubeFailure(`${what}: ${err.message}`);
      else if (err instanceof KubeFailure) last = err;
      else last = new KubeFailure(`${what}: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
      // Ends whatever is still open of this try (a body being read) once its answer is decided.
      abort.abort();
    }
  }
  throw last ?? new KubeFailure(`${what}: no request made`);
}

/** What the cluster can do about a status, for the two answers that are about the credentials. */
const STATUS_HINTS: Record<number, string> = {
  401: 'the API server did not accept the kubeconfig’s credentials (expired or wrong token or certificate): renew them, for example by running any kubectl command, or pass --kubeconfig/--context',
  403: 'the kubeconfig’s user may not do this: verify needs get and list on pods, configmaps and pods.metrics.k8s.io in the namespace',
};

/**
 * The API server's reason for a status: the Status object's message when the body has one, else the
 * body's text, else the status name. The generated client leaves the body undefined for a 401
 * ("Unauthorized"), which printed as "HTTP 401 undefined".
 */
export function statusReason(code: number, body: unknown): string {
  let reason = '';
  if (typeof body === 'string' || (body && typeof body === 'object')) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    try {
      const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as { message?: unknown };
      reason = typeof parsed?.message === 'string' ? parsed.message : text;
    } catch {
      reason = text;
    }
  }
  reason = reason.trim().slice(0, 300) || (STATUS_CODES[code] ?? 'no reason given');
  const hint = STATUS_HINTS[code];
  return hint ? `${reason}: ${hint}` : reason;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Where the client would take its credentials from without --kubeconfig: $KUBECONFIG,
 * ~/.kube/config, or the pod's service account; undefined when none is there. Asked first because
 * the client's own last resort is http://localhost:8080, which turns "no kubeconfig" into a
 * connection error about a cluster the user never named.
 */
export function defaultKubeconfigSource(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  const fromEnv = env.KUBECONFIG?.split(delimiter).find(Boolean);
  if (fromEnv) return fromEnv;
  const file = join(home, '.kube', 'config');
  if (exists(file)) return file;
  return exists(SERVICE_ACCOUNT_TOKEN) ? 'in-cluster service account' : undefined;
}

/** A ClusterReader over the user's kubeconfig, through @kubernetes/client-node. */
export function kubeClusterReader(opts: KubeOptions): ClusterReader {
  const kc = new KubeConfig();
  if (!opts.kubeconfig && !defaultKubeconfigSource())
    throw new KubeFailure(
      'kubeconfig: none found (no --kubeconfig, $KUBECONFIG unset, no ~/.kube/config, not in a pod): pass --kubeconfig <file> for the cluster to verify',
    );
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else kc.loadFromDefault();
    if (opts.context) kc.setCurrentContext(opts.context);
  } catch (err) {
    throw new KubeFailure(`kubeconfig: ${(err as Error).message}`);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster)
    throw new KubeFailure('kubeconfig: no current cluster (set a context, or pass --kubeconfig/--context)');
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  return {
    server: cluster.server,
    taskPods: async (namespace) =>
      (
        await bounded(`list pods in ${namespace}`, opts, (options) =>
          core.listNamespacedPod({ namespace, labelSelector: TASK_POD_SELECTOR }, options),
        )
      ).items,
    podMetrics: async (namespace) => {
      try {
        const list = (await bounded(`list pod metrics in ${namespace}`, opts, (options) =>
          custom.listNamespacedCustomObject(
            { group: 'metrics.k8s.io', version: 'v1beta1', namespace, plural: 'pods' },
            options,
          ),
        )) as { items?: PodMetrics[] };
        return list.items ?? [];
      } catch (err) {
        if (err instanceof KubeFailure && (err.status === 404 || err.status === 503)) return null;
        throw err;
      }
    },
    configMaps: async (namespace, labelSelector) =>
      (
        await bounded(`list configmaps in ${namespace}`, opts, (options) =>
          core.listNamespacedConfigMap({ namespace, labelSelector }, options),
        )
      ).items,
  };
}
