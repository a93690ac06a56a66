import { basename } from 'node:path';
import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { vectorFormatGenerators } from '../generators.js';
import type { Output } from '../output.js';
import { generateChecked, InvalidSpec, loadModel } from '../spec.js';

export function validateCommand(io: Output, setExit: (code: number) => void): Command {
  return new Command('validate')
    .description(
      'check a spec against the schema and every semantic rule, and generate it in memory; exit 2 when it is invalid',
    )
    .argument('<spec>', 'the logstack spec (YAML or JSON)')
    .option('--json', 'print the result as JSON')
    .action((spec: string, opts: { json?: boolean }) => {
      try {
        const model = loadModel(spec);
        // The checks can miss what a generator refuses; generating here means a valid spec also
        // generates, in both formats (only the generators that read the format run twice).
        const specLabel = basename(spec);
        generateChecked(spec, model, { specLabel, vectorFormat: 'yaml' });
        generateChecked(spec, model, { specLabel, vectorFormat: 'toml' }, (m, ctx) =>
          vectorFormatGenerators.flatMap((g) => g(m, ctx)),
        );
        io.out(opts.json ? JSON.stringify({ ok: true, valid: true, issues: [] }) : `${spec}: valid`);
      } catch (err) {
        if (!(err instanceof InvalidSpec) || !opts.json) throw err;
        io.out(
          JSON.stringify({ ok: false, valid: false, exitCode: EXIT.invalid, issues: err.issues }, null, 2),
        );
        setExit(EXIT.invalid);
      }
    });
}
