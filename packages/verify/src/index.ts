export type { StructuredLogMessage, TaskInstance } from './airflow.js';
export { formatReport, reportJson } from './format.js';
export { HttpFailure, MAX_BODY_BYTES } from './http.js';
export {
  type ClusterReader,
  defaultKubeconfigSource,
  KubeFailure,
  type KubeOptions,
  kubeClusterReader,
  type PodMetrics,
  statusReason,
  TASK_POD_SELECTOR,
} from './kube.js';
export { runQuery } from './logql.js';
export { type LoadedRule, LokiClient, type LokiEntry } from './loki.js';
export { TITLES } from './result.js';
export type {
  Attempt,
  CheckId,
  CheckResult,
  CheckStatus,
  HttpAuth,
  LatencyFigures,
  VerifyReport,
} from './types.js';
export { type VerifyOptions, verify } from './verify.js';
