import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkSpec, type LogstackModel } from '@logstack/spec';
import { analyzeLogQL, analyzePromQL, observabilityChecks, type StreamFields } from '../src/index.js';

export const repo = fileURLToPath(new URL('../../../', import.meta.url));
export const read = (path: string) => readFileSync(`${repo}${path}`, 'utf8');

/** A model from spec text, with this package's checks; fails the test on any issue. */
export function model(text: string): LogstackModel {
  const { model: m, issues } = checkSpec('test.yaml', text, { checks: observabilityChecks });
  if (!m) throw new Error(JSON.stringify(issues, null, 2));
  return m;
}

export const complete = () => model(read('examples/complete/logstack.yaml'));

/** Specs that move fields around: each must still give valid queries on names the pipeline sets. */
export const variants: Record<string, string> = {
  complete: read('examples/complete/logstack.yaml'),
  minimal: read('examples/minimal/logstack.yaml'),
  'dag_id as metadata, no node agent': `apiVersion: logstack/v1
airflow: { namespace: etl }
loki:
  labels: [namespace, component]
  structuredMetadata: [dag_id, task_id, run_id, map_index, attempt, pod, level]
clusterAgent: { type: none }
`,
  'static label only, level as metadata': `apiVersion: logstack/v1
airflow: { namespace: etl }
loki:
  labels: [dag_id]
  staticLabels: { cluster: prod }
  structuredMetadata: [task_id, run_id, map_index, attempt, pod, namespace, level]
  tenant: team-a
  auth:
    type: basic
    allowPlainHttp: true
    usernameSecret: { name: loki, key: user }
    passwordSecret: { name: loki, key: pass }
`,
};

/** Every problem a query has: grammar errors and names the streams do not carry. */
export function queryProblems(
  language: 'logql' | 'promql',
  query: string,
  streams: StreamFields[],
): string[] {
  if (language === 'promql') return analyzePromQL(query).errors.map((e) => `PromQL error near ${e.near}`);
  const a = analyzeLogQL(query);
  const problems = a.errors.map((e) => `LogQL error near ${JSON.stringify(e.near)}`);
  const labels = new Set(streams.flatMap((s) => [...s.labels, ...Object.keys(s.staticLabels)]));
  const metadata = new Set(streams.flatMap((s) => s.structuredMetadata));
  for (const name of a.selectorLabels)
    if (!labels.has(name)) problems.push(`stream selector uses "${name}", not a label the pipeline sets`);
  for (const name of a.filterNames)
    if (!labels.has(name) && !metadata.has(name))
      problems.push(`label filter uses "${name}", neither a label nor structured metadata the pipeline sets`);
  if (!a.openParser)
    for (const name of a.groupingNames)
      if (!labels.has(name) && !metadata.has(name) && !a.extractedNames.includes(name))
        problems.push(`grouping uses "${name}", which no stream, metadata or parser provides`);
  return problems;
}
