import type { LogstackModel } from '@logstack/spec';
import type { PipelineFields, StreamFields } from './fields.js';

/**
 * The streams the pipeline writes, as this package expects them from the spec. The task-log sidecar
 * (packages/vector-config) and the node agent (packages/cluster-agents) own the real answer; a test
 * compares this with their exports so a drift fails the build.
 */
const defined = (o: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined));

export function pipelineFields(model: LogstackModel): PipelineFields {
  const taskLogs: StreamFields = {
    labels: [...model.loki.labels],
    staticLabels: defined(model.loki.staticLabels),
    structuredMetadata: [...model.loki.structuredMetadata],
  };
  if (model.clusterAgent.type === 'none') return { taskLogs };
  return {
    taskLogs,
    clusterLogs: {
      labels: ['namespace', 'container', 'app'],
      staticLabels: defined(model.loki.staticLabels),
      structuredMetadata: ['pod'],
    },
  };
}
