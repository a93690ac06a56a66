import { explainTaskLogCost, formatTaskLogCost } from '@logstack/vector-config';
import { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { wholeNumber } from '../flag-values.js';
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
  json?: boolean;
}

export function explainCommand(io: Output, _setExit: (code: number) => void): Command {
  return new Command('explain')
    .description('what a spec costs: Loki streams, labels vs structured metadata, sidecar resources')
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
      io.out(opts.json ? JSON.stringify(cost, null, 2) : formatTaskLogCost(cost));
    });
}
