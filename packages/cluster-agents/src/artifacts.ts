import { type Generator, header, yamlArtifact } from '@logstack/artifact';
import type { LogstackModel } from '@logstack/spec';
import { alloyConfig } from './alloy-config.js';
import { vectorAgentConfig } from './vector-agent-config.js';

const GENERATOR = 'cluster-agents';

/**
 * The node agent's configuration as a reviewable file: cluster-agent/config.alloy or
 * cluster-agent/vector-agent.yaml, unescaped (the chart values carry the escaped copy); nothing
 * for clusterAgent.type none.
 */
export const clusterAgentArtifacts: Generator<LogstackModel> = (model, ctx) => {
  switch (model.clusterAgent.type) {
    case 'alloy':
      return [
        {
          path: 'cluster-agent/config.alloy',
          content: `${header(ctx, GENERATOR, 'slash')}${alloyConfig(model)}`,
        },
      ];
    case 'vector-agent':
      return [yamlArtifact('cluster-agent/vector-agent.yaml', vectorAgentConfig(model), ctx, GENERATOR)];
    case 'none':
      return [];
  }
};
