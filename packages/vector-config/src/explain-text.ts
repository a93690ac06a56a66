import { textTable } from '@logstack/artifact';
import type { Resources, TaskLogCost } from './explain.js';

export const formatCpu = (millis: number): string =>
  millis >= 1000 ? `${millis}m (${Number((millis / 1000).toFixed(2))} cores)` : `${millis}m`;

export const formatMemory = (bytes: number): string => {
  const gi = bytes / 2 ** 30;
  return gi >= 1 ? `${Number(gi.toFixed(2))}Gi` : `${Number((bytes / 2 ** 20).toFixed(1))}Mi`;
};

const resources = (r: Resources) => `${formatCpu(r.cpuMillis)} CPU, ${formatMemory(r.memoryBytes)} memory`;

/** The readable report of `logstack explain`. */
export function formatTaskLogCost(cost: TaskLogCost): string {
  const s = cost.sidecar;
  const lines = [
    `Task logs for ${cost.dags} DAGs and ${cost.dailyRuns} task runs a day`,
    '',
    'Loki stream labels (every distinct combination is a stream):',
    ...textTable([
      ['label', 'kind', 'values', 'why'],
      ...cost.labels.map((l) => [l.name, l.kind, String(l.values), l.basis]),
    ]).map((l) => `  ${l}`),
    '',
    `Streams: ${cost.labels.map((l) => l.values).join(' x ')} = ${cost.streams}` +
      ` (Loki's default limit: ${cost.lokiStreamLimit} active streams per tenant${cost.streams > cost.lokiStreamLimit ? ' — OVER IT' : ''})`,
    `Task runs per stream and day: ${Number(cost.runsPerStreamPerDay.toFixed(2))}; log files tailed per day: ${cost.logFilesPerDay}`,
    '',
    `Structured metadata (filterable, no streams): ${cost.structuredMetadata.join(', ') || 'none'}`,
    `Log line: ${cost.line.content}`,
    `Left out of the line: ${cost.line.dropped.join('; ')}`,
    '',
    `Sidecar per task pod: requests ${resources(s.requests)}; limits ${resources(s.limits)}`,
    s.atPeak && s.peakConcurrency !== undefined
      ? `At ${s.peakConcurrency} concurrent tasks: requests ${resources(s.atPeak.requests)}; limits ${resources(s.atPeak.limits)}`
      : 'At peak: pass --peak-concurrency C to multiply by the concurrent task count',
  ];
  const assumed = cost.labels.filter((l) => l.assumed).map((l) => l.name);
  if (assumed.length)
    lines.push('', `Assumed value counts: ${assumed.join(', ')} (pass --label-values name=N)`);
  return `${lines.join('\n')}\n`;
}
