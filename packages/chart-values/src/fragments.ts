import { uiLogReaderValues } from '@logstack/airflow-log-reader';
import { alloyValues, vectorAgentValues } from '@logstack/cluster-agents';
import { dagSyncValues } from '@logstack/dag-sync';
import { observabilityValues } from '@logstack/observability';
import { workerPodWiring } from '@logstack/pod-template';
import type { LogstackModel } from '@logstack/spec';
import { renderVectorConfig } from '@logstack/vector-config';

type Values = Record<string, unknown>;

/**
 * Where the other packages' values fragments come in. Each entry is that package's exported
 * function; the fragments arrive already escaped for the tpl passes of their destination.
 */
export const fragmentSources: {
  /** Fragments of the airflow subchart's values (workers.* from pod-template, scheduler/dagProcessor from dag-sync, the UI log reader). */
  airflow: Array<(model: LogstackModel) => Values>;
  alloy: (model: LogstackModel) => Values;
  vectorAgent: (model: LogstackModel) => Values;
  /** The sidecar's Vector configuration (YAML text). */
  taskLogsConfig: (model: LogstackModel) => string;
  /** Whole top-level sections owned by other packages (observability, dagSync). */
  sections: Record<string, (model: LogstackModel) => Values>;
} = {
  airflow: [(m) => ({ ...workerPodWiring(m) }), (m) => dagSyncValues(m).airflow, (m) => uiLogReaderValues(m)],
  alloy: (m) => alloyValues(m),
  vectorAgent: (m) => vectorAgentValues(m),
  taskLogsConfig: (m) => renderVectorConfig(m, 'yaml'),
  sections: {
    observability: (m) => ({ ...observabilityValues(m) }),
    dagSync: (m) => ({ ...dagSyncValues(m).dagSync }),
  },
};
