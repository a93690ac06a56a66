import type { LogstackModel } from '@logstack/spec';
import { type ResolvedVolume, toMib } from './volume.js';

type SpecLimits = LogstackModel['loki']['limits'];
export type LimitKey = keyof SpecLimits;

/** Loki 3's limits_config defaults (docs: configuration reference, limits_config). */
export const LOKI_DEFAULT_LIMITS = {
  ingestionRateMb: 4,
  ingestionBurstSizeMb: 6,
  perStreamRateLimitMb: 3,
  perStreamRateLimitBurstMb: 15,
  maxGlobalStreamsPerUser: 5000,
  maxQueryParallelism: 32,
  maxQuerySeries: 500,
  queryTimeout: '1m',
} as const satisfies Required<SpecLimits>;

/** Loki's limits_config key for each spec key. */
export const LIMIT_KEYS: Record<LimitKey, string> = {
  ingestionRateMb: 'ingestion_rate_mb',
  ingestionBurstSizeMb: 'ingestion_burst_size_mb',
  perStreamRateLimitMb: 'per_stream_rate_limit',
  perStreamRateLimitBurstMb: 'per_stream_rate_limit_burst',
  maxGlobalStreamsPerUser: 'max_global_streams_per_user',
  maxQueryParallelism: 'max_query_parallelism',
  maxQuerySeries: 'max_query_series',
  queryTimeout: 'query_timeout',
};

/**
 * Headroom over the expected peak: after a short Loki outage every sidecar retries its backlog on
 * top of the live rate, so the limit must take more than the steady peak.
 */
export const HEADROOM = 1.5;
/** Querier.max_concurrent's default: sub-queries one querier runs at once. */
const QUERIER_CONCURRENCY = 4;

export interface LimitPlan {
  value: number | string;
  source: 'spec' | 'derived' | 'default';
  why: string;
}

export type LokiLimitsPlan = Record<LimitKey, LimitPlan>;

const ceilTo = (n: number, step: number) => Math.ceil(n / step) * step;

/**
 * Loki's per-tenant limits for the spec: what the spec writes in loki.limits, else derived from the
 * volume, else Loki's default (nothing given). Never below Loki's default: the derivation only raises.
 */
export function deriveLimits(
  model: LogstackModel,
  volume: ResolvedVolume,
  ctx: { queriers: number; taskStreams?: number | undefined },
): LokiLimitsPlan {
  const d = LOKI_DEFAULT_LIMITS;
  const peak = toMib(volume.peakBytesPerSecond);
  const hot = toMib(volume.hottestStreamBytesPerSecond);
  const rate = Math.max(d.ingestionRateMb, Math.ceil(peak * HEADROOM));
  const streamRate = Math.max(d.perStreamRateLimitMb, Math.ceil(hot * HEADROOM));
  // A dashboard's `sum by (dag_id)` returns one series per DAG.
  const dags = volume.dags ?? 0;
  const derived: Record<LimitKey, { value: number | string; why: string } | undefined> = volume.given
    ? {
        ingestionRateMb: { value: rate, why: `${HEADROOM} x the peak of ${peak.toFixed(2)} MiB/s` },
        ingestionBurstSizeMb: {
          value: Math.max(d.ingestionBurstSizeMb, Math.ceil(rate * HEADROOM)),
          why: `${HEADROOM} x ingestion_rate_mb (a backlog flushed at once after a retry)`,
        },
        perStreamRateLimitMb: {
          value: streamRate,
          why: `${HEADROOM} x the busiest stream's ${hot.toFixed(2)} MiB/s (${volume.hottestStreamBasis})`,
        },
        perStreamRateLimitBurstMb: {
          value: Math.max(d.perStreamRateLimitBurstMb, streamRate * 5),
          why: '5 x per_stream_rate_limit, as Loki’s defaults (3MB, 15MB)',
        },
        maxGlobalStreamsPerUser:
          ctx.taskStreams !== undefined
            ? {
                value: Math.max(d.maxGlobalStreamsPerUser, ceilTo(ctx.taskStreams * 2, 1000)),
                why: `2 x the ${ctx.taskStreams} task-log streams (cluster logs and streams not yet idle)`,
              }
            : undefined,
        maxQueryParallelism: {
          value: Math.max(d.maxQueryParallelism, ctx.queriers * QUERIER_CONCURRENCY * 2),
          why: `${ctx.queriers} queriers x ${QUERIER_CONCURRENCY} concurrent sub-queries x 2 (queued)`,
        },
        maxQuerySeries: dags
          ? {
              value: Math.max(d.maxQuerySeries, ceilTo(dags * 1.2, 100)),
              why: `a series per DAG in by-dag_id dashboards, ${dags} DAGs + 20%`,
            }
          : undefined,
        queryTimeout: {
          value: volume.gbPerDay > 1000 ? '5m' : volume.gbPerDay > 50 ? '2m' : '1m',
          why: 'longer scans at more GB/day: 1m up to 50, 2m up to 1000, 5m beyond',
        },
      }
    : ({} as Record<LimitKey, undefined>);
  const spec = model.loki.limits;
  const out = {} as LokiLimitsPlan;
  for (const key of Object.keys(LIMIT_KEYS) as LimitKey[]) {
    const given = spec[key];
    const der = derived[key];
    out[key] =
      given !== undefined
        ? { value: given, source: 'spec', why: 'loki.limits' }
        : der
          ? { value: der.value, source: 'derived', why: der.why }
          : { value: d[key], source: 'default', why: 'Loki’s default' };
  }
  return out;
}

/** limits_config entries for the generated values: only what differs from Loki's defaults is written. */
export function limitsConfig(limits: LokiLimitsPlan): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [key, plan] of Object.entries(limits) as [LimitKey, LimitPlan][]) {
    if (plan.source === 'default' || plan.value === LOKI_DEFAULT_LIMITS[key]) continue;
    const name = LIMIT_KEYS[key];
    // per_stream_rate_limit and its burst are byte sizes parsed by go-humanize, where MB is 10^6
    // and MiB 2^20 bytes; ingestion_rate_mb and its burst are numbers of MiB.
    out[name] =
      key === 'perStreamRateLimitMb' || key === 'perStreamRateLimitBurstMb' ? `${plan.value}MiB` : plan.value;
  }
  return out;
}
