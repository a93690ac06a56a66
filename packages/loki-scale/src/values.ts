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

/** The component whose pods run the ruler, by mode. */
const RULER_HOST: Record<LokiPlan['mode'], ComponentKey> = {
  monolithic: 'singleBinary',
  simpleScalable: 'backend',
  distributed: 'ruler',
};

/** The metrics exporters beside nginx and memcached: small, but bounded. */
const SIDE_CONTAINER = { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } };

/** The gateway's uid and gid: above 10000, unlike the image's 101 (and unlike Loki's 10001). */
const GATEWAY_UID = 10101;

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
  else
    Object.assign(values.gateway as Values, {
      // The chart gives nginx a readiness probe only; the same request tells a hung nginx apart.
      livenessProbe: { httpGet: { path: '/', port: 'http' }, initialDelaySeconds: 15, periodSeconds: 20 },
      metrics: { resources: SIDE_CONTAINER },
      // The chart runs nginx-unprivileged as its image's uid 101, which may be a host user's
      // (checkov CKV_K8S_40). Every path nginx writes is an emptyDir (/tmp: pid and temp paths,
      // /docker-entrypoint.d) and /etc/nginx is the ConfigMap, so any uid works.
      podSecurityContext: { runAsUser: GATEWAY_UID, runAsGroup: GATEWAY_UID, fsGroup: GATEWAY_UID },
    });
  // The rules sidecar (sidecar.rules) runs where the ruler runs: the one pod, the backend target,
  // or the ruler's own pods in Distributed. Only those pods talk to the Kubernetes API (the sidecar
  // lists the rules ConfigMaps), so only they get a service account token.
  values.defaults = { automountServiceAccountToken: false };
  const rulerHost = RULER_HOST[plan.mode];
  Object.assign(values[rulerHost] as Values, { automountServiceAccountToken: true });
  // The chart's rules sidecar has no CPU limit (the umbrella's values.yaml sets memory only, as the
  // one Monolithic pod has none either); beside the ruler's own pods it gets one.
  if (plan.mode !== 'monolithic') values.sidecar = { resources: { limits: { cpu: '100m' } } };
  if (plan.mode === 'simpleScalable') Object.assign(values.backend as Values, { sidecar: true });
  if (rulerHost === 'ruler') Object.assign(values.ruler as Values, { enabled: true, sidecar: true });
  if (plan.mode === 'distributed') {
    const zoned = plan.zones.length === 3;
    const zoneAwareReplication: Values = { enabled: zoned };
    plan.zones.forEach((zone, i) => {
      zoneAwareReplication[zoneKeys[i] as string] = { nodeSelector: { 'topology.kubernetes.io/zone': zone } };
    });
    Object.assign(values.ingester as Values, { zoneAwareReplication });
  }
  // memcached's own requests are the chart's (1.2 x its item memory); written out to add limits.
  const cache = (c: LokiPlan['caches']['chunks']) => {
    if (!c.enabled) return { enabled: false };
    const memory = `${Math.round(c.memoryMb * 1.2)}Mi`;
    const cpu = c.memoryMb >= 4096 ? '500m' : '100m';
    return {
      enabled: true,
      allocatedMemory: c.memoryMb,
      replicas: c.replicas,
      resources: { requests: { cpu, memory }, limits: { cpu: '1', memory } },
    };
  };
  values.chunksCache = cache(plan.caches.chunks);
  values.resultsCache = cache(plan.caches.results);
  if (plan.caches.chunks.enabled || plan.caches.results.enabled)
    values.memcachedExporter = { resources: SIDE_CONTAINER };
  return values;
}
