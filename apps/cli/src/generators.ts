import { uiLogReaderChecks } from '@logstack/airflow-log-reader';
import type { Artifact, GenerateContext } from '@logstack/artifact';
import { chartValuesArtifacts, chartValuesChecks } from '@logstack/chart-values';
import { clusterAgentArtifacts, clusterAgentChecks } from '@logstack/cluster-agents';
import { dagSyncChecks } from '@logstack/dag-sync';
import { lokiScaleChecks } from '@logstack/loki-scale';
import { observabilityArtifacts, observabilityChecks } from '@logstack/observability';
import { podTemplateArtifacts, podTemplateChecks } from '@logstack/pod-template';
import type { LogstackModel, SemanticCheck } from '@logstack/spec';
import { vectorConfigArtifacts, vectorConfigChecks } from '@logstack/vector-config';

/** Every artifact generator; this list is the only place that joins the packages. */
export const generators = [
  vectorConfigArtifacts,
  podTemplateArtifacts,
  clusterAgentArtifacts,
  observabilityArtifacts,
  chartValuesArtifacts,
];

/** The generators whose output depends on the context's vectorFormat (the sidecar config and the plain pod template naming it). */
export const vectorFormatGenerators = [vectorConfigArtifacts, podTemplateArtifacts];

/** Semantic checks of the domain packages, run by validate, generate and check after the spec's own. */
export const domainChecks: SemanticCheck[] = [
  ...vectorConfigChecks,
  ...podTemplateChecks,
  ...clusterAgentChecks,
  ...observabilityChecks,
  ...chartValuesChecks,
  ...dagSyncChecks,
  ...uiLogReaderChecks,
  ...lokiScaleChecks,
];

/** Every artifact for a model, sorted by path; duplicate paths are a programming error. */
export function generateAll(model: LogstackModel, ctx: GenerateContext): Artifact[] {
  const all = generators.flatMap((g) => g(model, ctx));
  const seen = new Set<string>();
  for (const a of all) {
    if (seen.has(a.path)) throw new Error(`two generators produce ${a.path}`);
    seen.add(a.path);
  }
  return all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
