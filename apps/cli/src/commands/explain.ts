import { explainLokiCapacity, formatLokiCapacity, type VolumeInput } from '@logstack/loki-scale';
import { explainTaskLogCost, formatTaskLogCost } from '@logstack/vector-config';
import { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { positiveNumber, wholeNumber } from '../flag-values.js';
import type { Output } from '../output.js';
import { loadModel } from '../spec.js';

const labelValues = (value: string, previous: Record<string, number> = {}): Record<string, number> => {
  for (const pair of value.split(',')) {
    const m = /^([a-z_]+)=(\d+)$/.exec(pair.trim());
    if (!m?.[1] || Number(m[2]) < 1)
      throw new CliError(
        `--label-values: "${pair}" is not name=N with N >= 1 (for example node=12)`,
        EXIT.invalid,
      );
    previous[m[1]] = Number(m[2]);
  }
  return previous;
};

interface ExplainOptions {
  dags: number;
  dailyRuns: number;
  peakConcurrency?: number;
  labelValues?: Record<string, number>;
  logRate?: number;
  lineBytes?: number;
  gbPerDay?: number;
  peakLinesPerSecond?: number;
  json?: boolean;
}

/** The flags that override loki.scale.volume; --dags counts the streams there too. */
function volumeFlags(opts: ExplainOptions): Partial<VolumeInput> {
  const v: Partial<VolumeInput> = { dags: opts.dags };
  if (opts.peakConcurrency !== undefined) v.peakConcurrency = opts.peakConcurrency;
  if (opts.logRate !== undefined) v.linesPerSecondPerTask = opts.logRate;
  if (opts.lineBytes !== undefined) v.lineBytes = opts.lineBytes;
  if (opts.gbPerDay !== undefined) v.gbPerDay = opts.gbPerDay;
  if (opts.peakLinesPerSecond !== undefined) v.peakLinesPerSecond = opts.peakLinesPerSecond;
  return v;
}

export function explainCommand(io: Output, _setExit: (code: number) => void): Command {
  return new Command('explain')
    .description(
      'what a spec costs: Loki streams, labels vs structured metadata, sidecar resources; which Loki scale fits the volume, its replicas and limits, and whether they take the sidecars’ peak',
    )
    .argument('<spec>', 'the logstack spec (YAML or JSON)')
    .requiredOption('--dags <N>', 'number of DAGs', wholeNumber('--dags', 1))
    .requiredOption('--daily-runs <M>', 'task runs (tries) per day', wholeNumber('--daily-runs', 0))
    .option(
      '--peak-concurrency <C>',
      'task pods running at once at the peak',
      wholeNumber('--peak-concurrency', 1),
    )
    .option(
      '--label-values <name=N,...>',
      'value counts of label fields the spec cannot know (logger, node)',
      labelValues,
    )
    .option('--log-rate <lines/s>', 'lines per second one busy task writes', positiveNumber('--log-rate'))
    .option('--line-bytes <N>', 'average bytes of a log line (default 200)', wholeNumber('--line-bytes', 10))
    .option('--gb-per-day <GB>', 'log volume per day, GB', positiveNumber('--gb-per-day'))
    .option(
      '--peak-lines-per-second <N>',
      'lines per second of all tasks at the peak',
      wholeNumber('--peak-lines-per-second', 1),
    )
    .option('--json', 'print the result as JSON')
    .action((spec: string, opts: ExplainOptions) => {
      const model = loadModel(spec);
      const cost = explainTaskLogCost(model, {
        dags: opts.dags,
        dailyRuns: opts.dailyRuns,
        ...(opts.peakConcurrency !== undefined ? { peakConcurrency: opts.peakConcurrency } : {}),
        ...(opts.labelValues ? { labelValues: opts.labelValues } : {}),
      });
      const fieldLabels = cost.labels.filter((l) => l.kind === 'field').map((l) => l.name);
      const unknown = Object.keys(opts.labelValues ?? {}).filter((name) => !fieldLabels.includes(name));
      if (unknown.length)
        throw new CliError(
          `--label-values: ${unknown.map((n) => `"${n}"`).join(', ')} ${unknown.length === 1 ? 'is not a label' : 'are not labels'} of this spec; allowed: ${fieldLabels.join(', ')}`,
          EXIT.invalid,
        );
      const loki = explainLokiCapacity(model, { volume: volumeFlags(opts), taskStreams: cost.streams });
      io.out(
        opts.json
          ? JSON.stringify({ ...cost, loki }, null, 2)
          : `${formatTaskLogCost(cost)}${formatLokiCapacity(loki)}`,
      );
    });
}
