export { dagSyncResources } from './derived-defaults.js';
export type * from './generated/logstack.js';
export { imageRef } from './image.js';
export { formatIssues, fromPointer, SpecError, type SpecIssue, toPointer } from './issues.js';
export { checkSpec, type LoadOptions, loadSpec, MAX_SPEC_BYTES, specTooLarge } from './load.js';
export {
  type InChartLokiService,
  inChartLokiService,
  inChartLokiUrl,
  LOKI_FULLNAME,
} from './loki-endpoint.js';
export { MAX_NESTING } from './nesting.js';
export { cpuMillis, memoryBytes } from './quantity.js';
export { LOGSTACK_SCHEMA_ID, readSchemas, schemasDir } from './schemas.js';
export {
  HIGH_CARDINALITY_FIELDS,
  LOKI_MAX_LABELS,
  limitsBelowRequests,
  type SemanticCheck,
  type SemanticIssue,
  SIDECAR_MIN_LIMITS,
  specChecks,
} from './semantic.js';
export { parseSpecText, type SpecSource } from './source.js';
export { schemaRegistry, validateAgainstSchema, validatorFor } from './validate.js';
