export { vectorConfigArtifacts } from './artifacts.js';
export { vectorConfigChecks } from './checks.js';
export { taskLogVectorConfig, type VectorConfig } from './config.js';
export {
  CONFINEMENT_SINCE,
  type ConfinementDecision,
  confinementDecision,
  type VectorVersion,
  vectorVersionOfTag,
} from './confinement.js';
export {
  type ExplainInput,
  explainTaskLogCost,
  type LabelCardinality,
  LOKI_DEFAULT_STREAM_LIMIT,
  type Resources,
  type TaskLogCost,
} from './explain.js';
export { formatCpu, formatMemory, formatTaskLogCost } from './explain-text.js';
export { type TaskLogStreamFields, taskLogStreamFields } from './fields.js';
export { type PathField, type TaskLogPathPattern, taskLogPathPattern } from './filename-template.js';
export { SIDECAR_LAYOUT } from './layout.js';
export { lokiEndpoint } from './loki-sink.js';
export { renderVectorConfig, type VectorFormat } from './render.js';
export {
  GRACEFUL_SHUTDOWN_SECONDS,
  LOSS_SCRAPE_WINDOW_SECONDS,
  retriesCovering,
  type SidecarTimings,
  sidecarTimings,
} from './timings.js';
export { taskLogVrl } from './vrl.js';
