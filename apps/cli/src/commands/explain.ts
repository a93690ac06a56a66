import { Command } from 'commander';
import { CliError } from '../exit-codes.js';
import type { Output } from '../output.js';

// Placeholder registered in main.ts; the owner of this command replaces the body and keeps the signature.
export function explainCommand(_io: Output, _setExit: (code: number) => void): Command {
  return new Command('explain')
    .description('what a spec costs: Loki streams, labels vs structured metadata, sidecar resources')
    .action(() => {
      throw new CliError('explain: not built yet');
    });
}
