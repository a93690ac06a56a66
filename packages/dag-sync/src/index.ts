export { type ChartDagSyncValues, DAG_SYNC_NAMES, dagSyncValues, intervalToCron } from './chart-values.js';
export { dagSyncChecks } from './checks.js';
export {
  type DiscoveredJob,
  type Discovery,
  DiscoveryCache,
  DiscoveryError,
  discoverJobs,
  ETL_JOB_SCHEMA_ID,
  JOBS_DIR,
  type JobIssue,
  MANIFEST_FILE,
} from './discover.js';
export type * from './generated/etl-job.js';
export { TUPLE_FIELDS } from './job-tuple.js';
export { type CycleOutcome, type LoopOptions, runLoop } from './loop.js';
export { durationSeconds, pythonLiteral } from './python-source.js';
export { type DagFile, dagFileName, OWNER_MARK, type Ownership, readOwnership, renderDag } from './render.js';
export {
  discoveryJson,
  formatJobsTable,
  formatSyncActions,
  formatSyncSummary,
  SYNC_EXIT,
  syncExitCode,
} from './report.js';
export {
  applySync,
  planSync,
  type SyncAction,
  type SyncActionKind,
  SyncCache,
  type SyncPlan,
  type SyncResult,
  syncDags,
} from './sync.js';
