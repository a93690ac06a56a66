export { dagSyncResources } from './derived-defaults.js';
export type * from './generated/logstack.js';
export { imageRef } from './image.js';
export { formatIssues, fromPointer, SpecError, type SpecIssue, toPointer } from './issues.js';
export { checkSpec, type LoadOptions, loadSpec } from './load.js';
export { cpuMillis, memoryBytes } from './quantity.js';
export { LOGSTACK_SCHEMA_ID, readSchemas, schemasDir } from './schemas.js';
export {
  HIGH_CARDINALITY_FIELDS,
  LOKI_MAX_LABELS,
  limitsBelowRequests,
  type SemanticCheck,
  type SemanticIssue,
  specChecks,
} from './semantic.js';
export { parseSpecText, type SpecSource } from './source.js';
export { schemaRegistry, validateAgainstSchema, validatorFor } from './validate.js';
