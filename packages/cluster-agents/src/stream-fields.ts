import type { LogstackModel } from '@logstack/spec';
import {
  ALLOY_EVENT_LABELS,
  ALLOY_EVENT_METADATA,
  ALLOY_POD_LABELS,
  ALLOY_POD_METADATA,
} from './alloy-config.js';
import { AGENT_LAYOUT } from './layout.js';
import { staticLabelsOf } from './loki-target.js';
import { VECTOR_AGENT_LABELS, VECTOR_AGENT_METADATA } from './vector-agent-config.js';

/** Where the fields of one kind of stream end up (the shape the observability package reads). */
export interface StreamFields {
  labels: string[];
  staticLabels: Record<string, string>;
  structuredMetadata: string[];
}

export interface ClusterAgentStreamFields extends StreamFields {
  agent: 'alloy' | 'vector-agent';
  /**
   * Whether every pod's stdout is shipped (Alloy), or only the pods the agent's selector picks
   * (the Vector agent: task pods by default), so that the scheduler's lines may not be in Loki.
   */
  everyPod: boolean;
  /** Value of the `job` label of each kind of stream; events only with Alloy and clusterAgent.events. */
  jobs: { pods: string; events?: string };
  /** Per kind of stream; `labels` and `structuredMetadata` above are their union. */
  streams: { pods: StreamFields; events?: StreamFields };
}

const union = (...lists: readonly (readonly string[])[]) => [...new Set(lists.flat())];

/** The labels and structured metadata the node agent really sends; undefined for clusterAgent.type none. */
export function clusterAgentStreamFields(model: LogstackModel): ClusterAgentStreamFields | undefined {
  const staticLabels = staticLabelsOf(model);
  const type = model.clusterAgent.type;
  if (type === 'none') return undefined;
  if (type === 'vector-agent') {
    const pods = {
      labels: [...VECTOR_AGENT_LABELS],
      staticLabels,
      structuredMetadata: [...VECTOR_AGENT_METADATA],
    };
    return {
      agent: type,
      everyPod: false,
      ...pods,
      jobs: { pods: AGENT_LAYOUT.jobs.pods },
      streams: { pods },
    };
  }
  const pods = { labels: [...ALLOY_POD_LABELS], staticLabels, structuredMetadata: [...ALLOY_POD_METADATA] };
  const events = model.clusterAgent.events
    ? { labels: [...ALLOY_EVENT_LABELS], staticLabels, structuredMetadata: [...ALLOY_EVENT_METADATA] }
    : undefined;
  return {
    agent: type,
    everyPod: true,
    labels: union(pods.labels, events?.labels ?? []),
    staticLabels,
    structuredMetadata: union(pods.structuredMetadata, events?.structuredMetadata ?? []),
    jobs: { pods: AGENT_LAYOUT.jobs.pods, ...(events ? { events: AGENT_LAYOUT.jobs.events } : {}) },
    streams: { pods, ...(events ? { events } : {}) },
  };
}
