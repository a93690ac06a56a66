import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import type { Output } from '../output.js';
import { InvalidSpec, loadModel } from '../spec.js';

export function validateCommand(io: Output, setExit: (code: number) => void): Command {
  return new Command('validate')
    .description('check a spec against the schema and every semantic rule; exit 2 when it is invalid')
    .argument('<spec>', 'the logstack spec (YAML or JSON)')
    .option('--json', 'print the result as JSON')
    .action((spec: string, opts: { json?: boolean }) => {
      try {
        loadModel(spec);
        io.out(opts.json ? JSON.stringify({ valid: true, issues: [] }) : `${spec}: valid`);
      } catch (err) {
        if (!(err instanceof InvalidSpec) || !opts.json) throw err;
        io.out(JSON.stringify({ valid: false, issues: err.issues }, null, 2));
        setExit(EXIT.invalid);
      }
    });
}
