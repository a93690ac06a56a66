export { lokiScaleChecks } from './checks.js';
export {
  explainLokiCapacity,
  type LimitCheck,
  type LokiCapacity,
  SIDECAR_MEASURED,
  type SidecarSizing,
} from './explain.js';
export { formatLokiCapacity } from './explain-text.js';
export {
  LIMIT_KEYS,
  type LimitKey,
  LOKI_DEFAULT_LIMITS,
  type LokiLimitsPlan,
  limitsConfig,
} from './limits.js';
export {
  CHART_MODE,
  type ComponentKey,
  type ComponentPlan,
  type LokiPlan,
  MODE_CEILING_GB_PER_DAY,
  MODE_COMPONENTS,
  type PlanInput,
  planLoki,
  recommendMode,
  type ScaleMode,
} from './plan.js';
export { lokiScaleValues } from './values.js';
export { type ResolvedVolume, resolveVolume, type VolumeInput } from './volume.js';
