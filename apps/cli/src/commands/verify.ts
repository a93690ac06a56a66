import { Command } from 'commander';
import { CliError } from '../exit-codes.js';
import type { Output } from '../output.js';

// Placeholder registered in main.ts; the owner of this command replaces the body and keeps the signature.
export function verifyCommand(_io: Output, _setExit: (code: number) => void): Command {
  return new Command('verify').description('live acceptance checks against a cluster and Loki').action(() => {
    throw new CliError('verify: not built yet');
  });
}
