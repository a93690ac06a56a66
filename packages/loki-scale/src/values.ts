import type { ResourcesModel } from '@logstack/spec';
import { limitsConfig } from './limits.js';
import { type ComponentKey, type LokiPlan, MODE_COMPONENTS } from './plan.js';

type Values = Record<string, unknown>;

/** Every replica-carrying component the chart knows; those not in the plan's mode are set to 0. */
const ALL_COMPONENTS = [
  ...new Set(
    Object.values(MODE_COMPONENTS)
      .flat()
      .filter((k) => k !== 'gateway'),
  ),
] as ComponentKey[];

const zoneKeys = ['zoneA', 'zoneB', 'zoneC'] as const;

const kubeResources = (r: ResourcesModel) => ({
  requests: { cpu: r.requests.cpu, memory: r.requests.memory },
  limits: { cpu: r.limits.cpu, memory: r.limits.memory },
});

/**
 * The Loki subchart's values for the plan: deploymentMode, each component's replicas and
 * resources (0 replicas for the other modes' components: the chart refuses replicas in two modes),
 * the replication factor, the gateway, the caches and the limits that differ from Loki's defaults.
 */
export function lokiScaleValues(plan: LokiPlan): Values {
  const values: Values = {
    deploymentMode: plan.chartMode,
    loki: {
      commonConfig: { replication_factor: plan.replicationFactor },
      limits_config: limitsConfig(plan.limits),
    },
  };
  for (const key of ALL_COMPONENTS) values[key] = { replicas: 0 };
  for (const c of plan.components) {
    const own: Values = { replicas: c.replicas, resources: kubeResources(c.resources) };
    // The chart renders a PDB from 2 replicas on, but only where maxUnavailable is set: it is not
    // by default for the gateway and most Distributed components.
    if (c.pdb) own.podDisruptionBudget = { enabled: true, maxUnavailable: 1 };
    if (c.key === 'gateway') own.enabled = true;
    values[c.key] = own;
  }
  if (plan.mode === 'monolithic') values.gateway = { enabled: false };
  const ruler = plan.components.find((c) => c.key === 'ruler');
  // The rules sidecar (sidecar.rules) runs where the ruler runs: the one pod, the backend target,
  // or the ruler's own pods in Distributed.
  if (plan.mode === 'simpleScalable') Object.assign(values.backend as Values, { sidecar: true });
  if (ruler) Object.assign(values.ruler as Values, { enabled: true, sidecar: true });
  if (plan.mode === 'distributed') {
    const zoned = plan.zones.length === 3;
    const zoneAwareReplication: Values = { enabled: zoned };
    plan.zones.forEach((zone, i) => {
      zoneAwareReplication[zoneKeys[i] as string] = { nodeSelector: { 'topology.kubernetes.io/zone': zone } };
    });
    Object.assign(values.ingester as Values, { zoneAwareReplication });
  }
  const cache = (c: LokiPlan['caches']['chunks']) =>
    c.enabled ? { enabled: true, allocatedMemory: c.memoryMb, replicas: c.replicas } : { enabled: false };
  values.chunksCache = cache(plan.caches.chunks);
  values.resultsCache = cache(plan.caches.results);
  return values;
}
