import { Command } from 'commander';
import { CliError } from '../exit-codes.js';
import type { Output } from '../output.js';

// Placeholder registered in main.ts; the owner of this command replaces the body and keeps the signature.
export function queriesCommand(_io: Output, _setExit: (code: number) => void): Command {
  return new Command('queries').description('print the LogQL query library').action(() => {
    throw new CliError('queries: not built yet');
  });
}
