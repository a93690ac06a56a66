export { alloyConfig } from './alloy-config.js';
export { alloyRbacRules, alloyRbacValues, type RbacRule } from './alloy-rbac.js';
export { alloyValues } from './alloy-values.js';
export { clusterAgentArtifacts } from './artifacts.js';
export { clusterAgentChecks } from './checks.js';
export { AGENT_LAYOUT } from './layout.js';
export {
  type ClusterAgentStreamFields,
  clusterAgentStreamFields,
  type StreamFields,
} from './stream-fields.js';
export { VECTOR_AGENT_IDS, vectorAgentConfig } from './vector-agent-config.js';
export { vectorAgentValues } from './vector-agent-values.js';
export { identityProgram, keepCondition } from './vrl.js';
