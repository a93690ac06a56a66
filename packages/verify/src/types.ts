export type CheckStatus = 'pass' | 'fail' | 'skip';

/** One acceptance check: what was looked at and what was found. */
export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** One sentence: the finding, or why the check was skipped. */
  summary: string;
  /** Facts behind the finding, one per line (pod names, counts, URLs, figures). */
  evidence: string[];
}

export type CheckId =
  | 'native-sidecar'
  | 'pods-complete'
  | 'sidecar-restarts'
  | 'sidecar-memory'
  | 'metadata-db'
  | 'loki-access'
  | 'loki-fields'
  | 'run-lines'
  | 'latency'
  | 'after-pod-deletion'
  | 'ui-log'
  | 'loki-rules'
  | 'grafana-datasource';

export interface LatencyFigures {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface VerifyReport {
  /** True when every check that ran passed: the command's exit 0. */
  ok: boolean;
  namespace: string;
  dagId?: string;
  runId?: string;
  counts: Record<CheckStatus, number>;
  checks: CheckResult[];
  latency?: LatencyFigures;
}

/** Credentials for an HTTP API: basic or bearer, never both. */
export type HttpAuth =
  | { type: 'none' }
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string };

/** One try of one task instance: the unit whose lines must all be in Loki. */
export interface Attempt {
  taskId: string;
  mapIndex: number;
  tryNumber: number;
  /** Airflow's state of the task instance (Airflow source), or the pod phase (pod source). */
  state?: string;
  /** When the task ended: Airflow's end_date, else the base container's finishedAt. */
  endedAt?: number;
  /** Where verify learnt of the attempt. */
  sources: Array<'airflow' | 'pod'>;
  /** Name of its task pod when the pod still exists. */
  pod?: string;
}

export const attemptKey = (a: Pick<Attempt, 'taskId' | 'mapIndex' | 'tryNumber'>) =>
  `${a.taskId}[${a.mapIndex}]#${a.tryNumber}`;
