import type { CheckId, CheckResult, CheckStatus } from './types.js';

/** Shown per check; the rest is counted, so a big namespace keeps the report readable. */
export const MAX_EVIDENCE = 20;

export function result(
  id: CheckId,
  title: string,
  status: CheckStatus,
  summary: string,
  evidence: string[] = [],
): CheckResult {
  const shown = evidence.slice(0, MAX_EVIDENCE);
  if (evidence.length > MAX_EVIDENCE) shown.push(`... and ${evidence.length - MAX_EVIDENCE} more`);
  return { id, title, status, summary, evidence: shown };
}

export const TITLES: Record<CheckId, string> = {
  'native-sidecar': 'task pods carry the Vector sidecar as a native sidecar',
  'pods-complete': 'task pods reach Succeeded or Failed',
  'sidecar-restarts': 'no sidecar restarts',
  'sidecar-memory': 'sidecar memory below its limit',
  'metadata-db': 'task pods get the metadata DB connection',
  'loki-access': 'Loki answers with the task-log labels',
  'loki-fields': 'task-log lines carry the expected labels and structured metadata',
  'run-lines': 'every task attempt of the run has its lines in Loki, none missing, none duplicated',
  latency: 'end of task to queryable in Loki',
  'after-pod-deletion': 'logs returned after the task pods are deleted',
  'ui-log': "Airflow's log tab shows an ended attempt read from Loki",
  'loki-rules': 'Loki ruler runs the alert rules',
  'grafana-datasource': 'Grafana datasource ConfigMap exists',
};

export const check = (id: CheckId, status: CheckStatus, summary: string, evidence: string[] = []) =>
  result(id, TITLES[id], status, summary, evidence);

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
