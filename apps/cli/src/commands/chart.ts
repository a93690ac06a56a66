import { join } from 'node:path';
import { chartDir, chartFiles } from '@logstack/chart-values';
import { Command } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { EXIT } from '../exit-codes.js';
import { inOutputFolder, readIfExists, writeArtifacts } from '../files.js';
import type { Output } from '../output.js';

export function chartCommand(io: Output, setExit: (code: number) => void): Command {
  return new Command('chart')
    .description(
      'write the umbrella chart’s generated files (values.yaml blocks from the default spec, values.schema.json, README.md); --check fails with a diff when they drifted',
    )
    .option('--check', 'compare instead of writing; exit 1 when a file differs')
    .option('--chart <dir>', 'the chart folder', chartDir)
    .action((opts: { check?: boolean; chart: string }) => {
      const files = chartFiles(opts.chart);
      if (!opts.check) {
        const changed = inOutputFolder(opts.chart, () => writeArtifacts(opts.chart, files));
        io.out(`${files.length} chart files in ${opts.chart} (${changed.length} changed)`);
        for (const f of files)
          io.out(`  ${changed.includes(f.path) ? 'wrote    ' : 'unchanged'} ${join(opts.chart, f.path)}`);
        return;
      }
      const drifted = files.filter((f) => readIfExists(join(opts.chart, f.path)) !== f.content);
      for (const f of drifted)
        io.out(
          createTwoFilesPatch(
            `a/${f.path}`,
            `b/${f.path}`,
            readIfExists(join(opts.chart, f.path)) ?? '',
            f.content,
          ),
        );
      if (drifted.length) {
        io.err(`${drifted.length} chart file(s) drifted: run logstack chart`);
        setExit(EXIT.failed);
      } else io.out(`chart files up to date in ${opts.chart}`);
    });
}
