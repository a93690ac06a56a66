import { Command } from 'commander';
import { CliError } from '../exit-codes.js';
import type { Output } from '../output.js';

// Placeholder registered in main.ts; the owner of this command replaces the body and keeps the signature.
export function renderCommand(_io: Output, _setExit: (code: number) => void): Command {
  return new Command('render')
    .description('render a spec’s values through a real helm template')
    .action(() => {
      throw new CliError('render: not built yet');
    });
}
