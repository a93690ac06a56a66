import { textTable } from '@logstack/artifact';
import type { LokiCapacity } from './explain.js';
import type { LokiPlan } from './plan.js';
import { MIB, toMib } from './volume.js';

const mib = (bytes: number) => `${toMib(bytes).toFixed(2)} MiB/s`;

function planLines(plan: LokiPlan): string[] {
  const c = plan.caches;
  const cache = (x: typeof c.chunks) => (x.enabled ? `${x.replicas} x ${x.memoryMb} MB` : 'off');
  return [
    `  deploymentMode ${plan.chartMode}, replication factor ${plan.replicationFactor}${plan.zones.length ? `, zone-aware over ${plan.zones.join(', ')}` : ''}`,
    ...textTable([
      ['component', 'replicas', 'requests', 'limits', 'PDB', 'why'],
      ...plan.components.map((p) => [
        p.key,
        String(p.replicas),
        `${p.resources.requests.cpu} / ${p.resources.requests.memory}`,
        `${p.resources.limits.cpu} / ${p.resources.limits.memory}`,
        p.pdb ? 'yes' : 'no',
        p.why,
      ]),
    ]).map((l) => `  ${l}`),
    `  chunks cache ${cache(c.chunks)}; results cache ${cache(c.results)}`,
  ];
}

/** The Loki part of `logstack explain`. */
export function formatLokiCapacity(cap: LokiCapacity): string {
  const { plan } = cap;
  const v = plan.volume;
  const lines: string[] = [''];
  if (!v.given) {
    lines.push(
      'Loki volume: none given (loki.scale.volume, or --gb-per-day, --peak-lines-per-second, --log-rate with --peak-concurrency):',
      '  sizing stays at the small defaults and the limits at Loki’s own.',
    );
  } else {
    lines.push(
      `Loki volume: ${v.gbPerDay} GB/day, peak ${v.peakLinesPerSecond} lines/s of ${v.entryBytes} bytes (${v.lineBytes} line + ${v.metadataBytes} structured metadata) = ${mib(v.peakBytesPerSecond)}`,
      ...v.basis.map((b) => `  ${b}`),
      `Scale that fits: ${plan.recommendedMode}${cap.target === 'external' ? ' (an external Loki: its operators size it)' : `; chosen: ${plan.mode}`}`,
    );
  }
  if (cap.target === 'inChart') {
    lines.push(`In-chart Loki (${plan.mode}):`, ...planLines(plan));
    if (cap.recommendedPlan)
      lines.push(`With ${cap.recommendedPlan.mode} instead:`, ...planLines(cap.recommendedPlan));
  }
  lines.push(
    cap.target === 'inChart'
      ? 'Loki limits in the generated values:'
      : 'Loki limits to ask the external Loki’s operators for:',
    ...textTable([
      ['limit', 'value', 'from', 'why'],
      ...Object.entries(plan.limits).map(([key, l]) => [limitName(key), String(l.value), l.source, l.why]),
    ]).map((l) => `  ${l}`),
  );
  if (cap.sidecar) {
    const s = cap.sidecar;
    lines.push(
      `Sidecar at ${s.linesPerSecond} lines/s per task (${mib(s.bytesPerSecond)}): at most ${Number(s.pushesPerSecond.toFixed(2))} pushes/s each`,
      `  request ${s.cpuRequestMillis}m CPU (spec ${s.specCpuMillis}m), ${s.memoryRequestBytes / MIB}Mi memory (spec ${Math.round(s.specMemoryBytes / MIB)}Mi); the CPU limit ${s.specCpuLimitMillis}m ships about ${s.maxLinesPerSecondAtLimit} lines/s`,
    );
  }
  if (cap.pushesPerSecond !== undefined && v.peakConcurrency)
    lines.push(
      `Pushes reaching Loki at the peak: ${cap.pushesPerSecond}/s from ${v.peakConcurrency} sidecars`,
    );
  if (cap.checks.length) {
    lines.push(
      'Does the peak fit?',
      ...textTable([
        ['limit', 'needed', 'Loki default', cap.target === 'inChart' ? 'generated' : 'stated', 'holds'],
        ...cap.checks.map((c) => [
          c.name,
          String(c.needed),
          `${c.defaultValue} (${c.holdsWithDefault ? 'holds' : 'too low'})`,
          String(c.effective),
          c.holds ? 'yes' : 'NO',
        ]),
      ]).map((l) => `  ${l}`),
    );
  }
  for (const w of cap.warnings) lines.push(`WARNING: ${w}`);
  return `${lines.join('\n')}\n`;
}

const LIMIT_NAMES: Record<string, string> = {
  ingestionRateMb: 'ingestion_rate_mb',
  ingestionBurstSizeMb: 'ingestion_burst_size_mb',
  perStreamRateLimitMb: 'per_stream_rate_limit (MiB)',
  perStreamRateLimitBurstMb: 'per_stream_rate_limit_burst (MiB)',
  maxGlobalStreamsPerUser: 'max_global_streams_per_user',
  maxQueryParallelism: 'max_query_parallelism',
  maxQuerySeries: 'max_query_series',
  queryTimeout: 'query_timeout',
};
const limitName = (key: string) => LIMIT_NAMES[key] ?? key;
