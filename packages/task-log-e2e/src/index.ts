export { AirflowTaskLogs, type TaskInstance, type TaskPlan, type TaskRun } from './airflow.js';
export { type AttemptReport, checkAttempt, normalTime } from './check.js';
export { type CheckedPod, Harness, type PodRun, taskInstance } from './harness.js';
export { type PodHooks, type PodResult, type PodTimings, RunningPod } from './pod.js';
export { type LokiMode, LokiProxy, type PushRecord } from './proxy.js';
export { DEFAULT_SPEC, type HarnessSpec, podModel } from './spec.js';
export { LogStore, type StoredLine } from './store.js';
export {
  busyboxPath,
  freePort,
  percentile,
  processCpuMs,
  requireBin,
  sleep,
  venvPython,
  waitFor,
} from './tools.js';
