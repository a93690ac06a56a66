import { Command } from 'commander';
import { CliError } from '../exit-codes.js';
import type { Output } from '../output.js';

// Placeholder registered in main.ts; the owner of this command replaces the body and keeps the signature.
export function chartCommand(_io: Output, _setExit: (code: number) => void): Command {
  return new Command('chart')
    .description('write or check the umbrella chart’s generated files')
    .action(() => {
      throw new CliError('chart: not built yet');
    });
}
