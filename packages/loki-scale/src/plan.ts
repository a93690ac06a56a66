import type { LogstackModel, ResourcesModel } from '@logstack/spec';
import { deriveLimits, type LokiLimitsPlan } from './limits.js';
import { type ResolvedVolume, resolveVolume, toMib, type VolumeInput } from './volume.js';

export type ScaleMode = LogstackModel['loki']['scale']['mode'];
export type ComponentKey = keyof LogstackModel['loki']['scale']['replicas'];

/** The Loki chart's deploymentMode for each of the spec's modes. */
export const CHART_MODE: Record<ScaleMode, string> = {
  monolithic: 'Monolithic',
  simpleScalable: 'SimpleScalable',
  distributed: 'Distributed',
};

/** Components each mode runs, by the Loki chart's values key. */
export const MODE_COMPONENTS: Record<ScaleMode, ComponentKey[]> = {
  monolithic: ['singleBinary'],
  simpleScalable: ['write', 'read', 'backend', 'gateway'],
  distributed: [
    'distributor',
    'ingester',
    'querier',
    'queryFrontend',
    'queryScheduler',
    'indexGateway',
    'compactor',
    'ruler',
    'gateway',
  ],
};

/**
 * Daily volume each mode is meant for, from the Loki chart's own description of deploymentMode
 * ("Monolithic ... up to a few tens of GB/day", "SimpleScalable ... up to about 1TB/day",
 * "Distributed ... typically over 1TB/day").
 */
export const MODE_CEILING_GB_PER_DAY: Record<ScaleMode, number> = {
  monolithic: 50,
  simpleScalable: 1000,
  distributed: Number.POSITIVE_INFINITY,
};

/**
 * Peak replicated ingestion one write (SimpleScalable) or ingester (Distributed) pod takes, in
 * MiB/s. Loki's "Size the cluster" page runs its smallest tier (up to about 3 TB/day) on 6
 * ingesters of 2 CPU / 4Gi: about 19 MB/s of replicated average each, some 57 at a 3x peak.
 * Half of that, to start on the safe side.
 */
const WRITE_MIB_PER_POD = 25;
/** Peak ingestion one distributor takes (that tier: 4 distributors for about 35 MB/s average). */
const DISTRIBUTOR_MIB_PER_POD = 25;
/** Daily volume one querier (read pod) serves for ordinary dashboards (that tier: 10 queriers). */
const QUERIER_GB_PER_DAY = 300;

const res = (cpu: string, memory: string, limitMemory: string, limitCpu = cpu): ResourcesModel => ({
  requests: { cpu, memory },
  limits: { cpu: limitCpu, memory: limitMemory },
});

/**
 * Starting requests and limits per component: Loki's "Size the cluster" page for the Distributed
 * components, proportionate ones for the SimpleScalable targets. Starting points, not measurements.
 */
const BASE_RESOURCES: Record<ComponentKey, ResourcesModel> = {
  singleBinary: res('1', '2Gi', '4Gi', '2'),
  write: res('1', '2Gi', '4Gi', '2'),
  read: res('500m', '1Gi', '2Gi', '2'),
  backend: res('500m', '1Gi', '2Gi', '1'),
  gateway: res('100m', '128Mi', '256Mi', '500m'),
  distributor: res('1', '512Mi', '1Gi', '2'),
  ingester: res('2', '4Gi', '8Gi', '4'),
  querier: res('1', '1Gi', '2Gi', '2'),
  queryFrontend: res('500m', '1Gi', '2Gi', '1'),
  queryScheduler: res('250m', '256Mi', '512Mi', '500m'),
  indexGateway: res('500m', '2Gi', '4Gi', '1'),
  compactor: res('1', '4Gi', '8Gi', '2'),
  ruler: res('500m', '1Gi', '2Gi', '1'),
};

/** Below this a monolithic Loki keeps the chart's small trial sizing (values.yaml). */
const SMALL_GB_PER_DAY = 10;
const SMALL_SINGLE_BINARY = res('100m', '256Mi', '1Gi', '1');

export interface ComponentPlan {
  key: ComponentKey;
  replicas: number;
  resources: ResourcesModel;
  /** A PodDisruptionBudget (maxUnavailable 1) exists: the chart renders one from 2 replicas on. */
  pdb: boolean;
  /** Why this replica count. */
  why: string;
}

export interface CachePlan {
  enabled: boolean;
  /** memcached's item memory per replica, MB (the chart requests 1.2 times this). */
  memoryMb: number;
  replicas: number;
  why: string;
}

export interface LokiPlan {
  mode: ScaleMode;
  chartMode: string;
  volume: ResolvedVolume;
  /** The mode the volume calls for. */
  recommendedMode: ScaleMode;
  replicationFactor: number;
  zones: string[];
  components: ComponentPlan[];
  caches: { chunks: CachePlan; results: CachePlan };
  limits: LokiLimitsPlan;
}

export interface PlanInput {
  /** Overrides of loki.scale.volume (explain's flags). */
  volume?: Partial<VolumeInput>;
  /** Task-log streams the spec's labels make (from the DAG count); sizes max_global_streams_per_user. */
  taskStreams?: number;
  /** Plan for this mode instead of the spec's (explain's "what would fit"). */
  mode?: ScaleMode;
}

export function recommendMode(gbPerDay: number): ScaleMode {
  if (gbPerDay <= MODE_CEILING_GB_PER_DAY.monolithic) return 'monolithic';
  if (gbPerDay <= MODE_CEILING_GB_PER_DAY.simpleScalable) return 'simpleScalable';
  return 'distributed';
}

const roundUpTo = (n: number, step: number) => Math.ceil(n / step) * step;

function derivedReplicas(
  key: ComponentKey,
  volume: ResolvedVolume,
  rf: number,
  zoned: boolean,
): { replicas: number; why: string } {
  const peakMib = toMib(volume.peakBytesPerSecond);
  const replicated = peakMib * rf;
  const gb = volume.gbPerDay;
  switch (key) {
    case 'singleBinary':
      return { replicas: 1, why: 'one Loki pod' };
    case 'write':
    case 'ingester': {
      const byLoad = Math.ceil(replicated / WRITE_MIB_PER_POD);
      const n = Math.max(rf, byLoad);
      const replicas = zoned ? roundUpTo(n, 3) : n;
      return {
        replicas,
        why: `at least the replication factor ${rf}; ${WRITE_MIB_PER_POD} MiB/s of replicated peak each (${replicated.toFixed(2)} MiB/s)${zoned ? '; a multiple of the 3 zones' : ''}`,
      };
    }
    case 'distributor':
      return {
        replicas: Math.max(2, Math.ceil(peakMib / DISTRIBUTOR_MIB_PER_POD)),
        why: `2 for availability; ${DISTRIBUTOR_MIB_PER_POD} MiB/s of peak each`,
      };
    case 'read':
    case 'querier':
      return {
        replicas: Math.max(2, Math.ceil(gb / QUERIER_GB_PER_DAY)),
        why: `2 for availability; one per ${QUERIER_GB_PER_DAY} GB/day`,
      };
    case 'backend':
      return { replicas: gb > QUERIER_GB_PER_DAY ? 3 : 2, why: `2, 3 above ${QUERIER_GB_PER_DAY} GB/day` };
    case 'gateway':
      return {
        replicas: peakMib > 4 * DISTRIBUTOR_MIB_PER_POD ? 3 : 2,
        why: '2 for availability (every push and query passes it)',
      };
    case 'indexGateway':
      return { replicas: Math.max(2, Math.ceil(gb / 1000)), why: '2 for availability; one per TB/day' };
    case 'compactor':
      return { replicas: 1, why: 'a singleton in Loki' };
    default:
      return { replicas: 2, why: '2 for availability' };
  }
}

function resourcesFor(key: ComponentKey, volume: ResolvedVolume): ResourcesModel {
  if (key === 'singleBinary' && volume.gbPerDay < SMALL_GB_PER_DAY) return SMALL_SINGLE_BINARY;
  return BASE_RESOURCES[key];
}

/**
 * The chunks cache keeps about two hours of compressed chunks, the window most queries read
 * (a day's volume / 12, compressed about 5:1), 512 MB to 32 GB, in replicas of at most 8 GB
 * (beyond that, Loki's sizing page suggests a disk-backed cache instead). The results cache
 * is an eighth of that. Off in monolithic unless the spec turns it on.
 */
function cachePlans(model: LogstackModel, mode: ScaleMode, volume: ResolvedVolume): LokiPlan['caches'] {
  const spec = model.loki.scale.caches;
  const onByDefault = mode !== 'monolithic';
  const chunksTotal = Math.min(32768, Math.max(512, roundUpTo((volume.gbPerDay * 1000) / 60, 256)));
  const chunkReplicas = spec.chunks?.replicas ?? Math.ceil(chunksTotal / 8192);
  const chunks: CachePlan = {
    enabled: spec.chunks?.enabled ?? onByDefault,
    memoryMb: spec.chunks?.memoryMb ?? roundUpTo(chunksTotal / chunkReplicas, 256),
    replicas: chunkReplicas,
    why: spec.chunks?.memoryMb
      ? 'given'
      : `about 2 h of compressed chunks: ${volume.gbPerDay} GB/day / 12 / 5, 512 MB to 32 GB`,
  };
  const results: CachePlan = {
    enabled: spec.results?.enabled ?? onByDefault,
    memoryMb: spec.results?.memoryMb ?? Math.min(2048, Math.max(256, roundUpTo(chunksTotal / 8, 64))),
    replicas: spec.results?.replicas ?? 1,
    why: spec.results?.memoryMb ? 'given' : 'an eighth of the chunks cache, 256 to 2048 MB',
  };
  return { chunks, results };
}

/** How the in-chart Loki runs for this spec: every replica count, resource, cache and limit. */
export function planLoki(model: LogstackModel, input: PlanInput = {}): LokiPlan {
  const scale = model.loki.scale;
  const mode = input.mode ?? scale.mode;
  const volume = resolveVolume(model, input.volume);
  const rf = scale.replicationFactor ?? (mode === 'monolithic' ? 1 : 3);
  const zones = mode === 'distributed' ? (scale.zones ?? []) : [];
  const components = MODE_COMPONENTS[mode].map((key): ComponentPlan => {
    const given = scale.replicas[key];
    const derived = derivedReplicas(key, volume, rf, zones.length > 0);
    const replicas = given ?? derived.replicas;
    return {
      key,
      replicas,
      resources: scale.resources[key] ?? resourcesFor(key, volume),
      pdb: replicas > 1,
      why: given !== undefined ? 'given' : derived.why,
    };
  });
  const queriers =
    components.find((c) => c.key === 'read' || c.key === 'querier')?.replicas ??
    (mode === 'monolithic' ? 1 : 2);
  return {
    mode,
    chartMode: CHART_MODE[mode],
    volume,
    recommendedMode: recommendMode(volume.gbPerDay),
    replicationFactor: rf,
    zones,
    components,
    caches: cachePlans(model, mode, volume),
    limits: deriveLimits(model, volume, { queriers, taskStreams: input.taskStreams }),
  };
}
