import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { chartCommand } from './commands/chart.js';
import { checkCommand } from './commands/check.js';
import { dagsCommand } from './commands/dags.js';
import { explainCommand } from './commands/explain.js';
import { generateCommand } from './commands/generate.js';
import { queriesCommand } from './commands/queries.js';
import { renderCommand } from './commands/render.js';
import { validateCommand } from './commands/validate.js';
import { verifyCommand } from './commands/verify.js';
import { CliError, EXIT } from './exit-codes.js';
import { fsError } from './files.js';
import { type Output, processOutput } from './output.js';
import { InvalidSpec } from './spec.js';
import { VERSION } from './version.js';

/** Builds the program; commands report through `io` and set the exit code through `setExit`. */
export function buildProgram(io: Output, setExit: (code: number) => void): Command {
  const program = new Command('logstack')
    .description('Generate, check and verify an Airflow + Loki + Alloy logging stack from one spec')
    .version(VERSION, '-V, --version')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  program.addCommand(validateCommand(io, setExit));
  program.addCommand(generateCommand(io));
  program.addCommand(checkCommand(io, setExit));
  program.addCommand(renderCommand(io, setExit));
  program.addCommand(chartCommand(io, setExit));
  program.addCommand(explainCommand(io, setExit));
  program.addCommand(queriesCommand(io, setExit));
  program.addCommand(dagsCommand(io, setExit));
  program.addCommand(verifyCommand(io, setExit));
  for (const sub of program.commands) sub.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/** Runs logstack with `argv` (without node and script) and returns the exit code. Never calls process.exit. */
export async function run(argv: string[], io: Output = processOutput): Promise<number> {
  let code: number = EXIT.ok;
  let running: Command | undefined;
  const program = buildProgram(io, (c) => {
    code = Math.max(code, c);
  });
  program.hook('preAction', (_program, action) => {
    running = action;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    // --help and --version end through exitOverride with exit code 0.
    if (err instanceof CommanderError && err.exitCode === 0) return EXIT.ok;
    const failure = asCliError(err);
    // Commander has printed its own message already.
    if (!(err instanceof CommanderError)) io.err(failure.message);
    // Before an action starts (a flag that does not parse), the command's options are not known yet.
    const json = running ? Boolean(running.opts().json) : argv.includes('--json');
    if (json) io.out(JSON.stringify(failureJson(failure), null, 2));
    return failure.exitCode;
  }
}

/** Every way a command can fail, as a CliError: flags (2), filesystem (3, naming the path), bugs (3). */
function asCliError(err: unknown): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof CommanderError) return new CliError(err.message, EXIT.invalid);
  const fsErr = err as NodeJS.ErrnoException;
  if (typeof fsErr?.code === 'string' && typeof fsErr.path === 'string') return fsError(fsErr.path, fsErr);
  return new CliError(`internal error: ${(err as Error)?.stack ?? String(err)}`, EXIT.error);
}

function failureJson(failure: CliError) {
  const base = { ok: false, exitCode: failure.exitCode };
  return failure instanceof InvalidSpec
    ? { ...base, issues: failure.issues }
    : { ...base, error: failure.message };
}

const invokedDirectly = (() => {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  process.exitCode = await run(process.argv.slice(2));
}
