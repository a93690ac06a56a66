import { Command } from 'commander';
import { CliError } from '../exit-codes.js';
import type { Output } from '../output.js';

// Placeholder registered in main.ts; the owner of this command replaces the body and keeps the signature.
export function dagsCommand(_io: Output, _setExit: (code: number) => void): Command {
  return new Command('dags').description('discover ETL jobs and sync DAG files').action(() => {
    throw new CliError('dags: not built yet');
  });
}
