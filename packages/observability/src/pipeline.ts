import { clusterAgentStreamFields } from '@logstack/cluster-agents';
import type { LogstackModel } from '@logstack/spec';
import { taskLogStreamFields } from '@logstack/vector-config';
import type { PipelineFields } from './fields.js';

/**
 * The streams the pipeline writes, from the packages that write them: the task-log sidecar's Loki
 * sink (packages/vector-config) and the node agent (packages/cluster-agents). Queries are built on
 * these, so a field moved there moves every query here.
 */
export function pipelineFields(model: LogstackModel): PipelineFields {
  const taskLogs = taskLogStreamFields(model);
  const agent = clusterAgentStreamFields(model);
  if (!agent) return { taskLogs };
  return { taskLogs, clusterLogs: { ...agent.streams.pods, job: agent.jobs.pods, everyPod: agent.everyPod } };
}
