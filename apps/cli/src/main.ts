import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { CliError, EXIT } from './exit-codes.js';
import { type Output, processOutput } from './output.js';
import { VERSION } from './version.js';

type SetExit = (code: number) => void;
type CommandFactory = (io: Output, setExit: SetExit) => Command;

/**
 * Every command, in the order `--help` lists them, with its module imported only when needed:
 * a command's module pulls in its packages (verify alone loads @kubernetes/client-node's 800+
 * files), so `--version` loads none and `validate` loads only validate's (issue #14).
 */
const COMMANDS: readonly (readonly [string, () => Promise<CommandFactory>])[] = [
  ['validate', async () => (await import('./commands/validate.js')).validateCommand],
  ['generate', async () => (await import('./commands/generate.js')).generateCommand],
  ['check', async () => (await import('./commands/check.js')).checkCommand],
  ['render', async () => (await import('./commands/render.js')).renderCommand],
  ['chart', async () => (await import('./commands/chart.js')).chartCommand],
  ['explain', async () => (await import('./commands/explain.js')).explainCommand],
  ['queries', async () => (await import('./commands/queries.js')).queriesCommand],
  ['dags', async () => (await import('./commands/dags.js')).dagsCommand],
  ['verify', async () => (await import('./commands/verify.js')).verifyCommand],
];

/**
 * The commands whose modules `argv` needs. Commander acts on a leading -V/--version before anything
 * else, and hands everything after a command name to that command alone; any other argv (help, no
 * command, an unknown command or option) may print the full command list, so it loads them all.
 */
export function commandsFor(argv: readonly string[]): string[] {
  const first = argv[0];
  if (first === '-V' || first === '--version') return [];
  if (first !== undefined && COMMANDS.some(([name]) => name === first)) return [first];
  return COMMANDS.map(([name]) => name);
}

/** Builds the program with the commands `argv` needs (all with `loadAll`); commands report through `io`. */
export async function buildProgram(
  io: Output,
  setExit: SetExit,
  argv: readonly string[] = [],
  opts: { loadAll?: boolean } = {},
): Promise<Command> {
  const program = new Command('logstack')
    .description('Generate, check and verify an Airflow + Loki + Alloy logging stack from one spec')
    .version(VERSION, '-V, --version')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  const wanted = new Set(opts.loadAll ? COMMANDS.map(([name]) => name) : commandsFor(argv));
  const factories = await Promise.all(
    COMMANDS.filter(([name]) => wanted.has(name)).map(([, load]) => load()),
  );
  for (const factory of factories) program.addCommand(factory(io, setExit));
  // Nested commands too (`dags sync --help`): none may call process.exit or write past `io`.
  const inherit = (cmd: Command) => {
    for (const sub of cmd.commands) {
      sub.exitOverride().configureOutput(program.configureOutput());
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

/**
 * Runs logstack with `argv` (without node and script) and returns the exit code. Never calls
 * process.exit. `loadAll` imports every command's module as before lazy loading (tests compare).
 */
export async function run(
  argv: string[],
  io: Output = processOutput,
  opts: { loadAll?: boolean } = {},
): Promise<number> {
  let code: number = EXIT.ok;
  let running: Command | undefined;
  const program = await buildProgram(
    io,
    (c) => {
      code = Math.max(code, c);
    },
    argv,
    opts,
  );
  program.hook('preAction', (_program, action) => {
    running = action;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    // --help and --version end through exitOverride with exit code 0.
    if (err instanceof CommanderError && err.exitCode === 0) return EXIT.ok;
    const failure = await asCliError(err);
    // Commander has printed its own message already.
    if (!(err instanceof CommanderError)) io.err(failure.message);
    // Before an action starts (a flag that does not parse), the command's options are not known yet.
    const json = running ? Boolean(running.opts().json) : argv.includes('--json');
    if (json) io.out(JSON.stringify(failureJson(failure), null, 2));
    return failure.exitCode;
  }
}

/** Every way a command can fail, as a CliError: flags (2), filesystem (3, naming the path), bugs (3). */
async function asCliError(err: unknown): Promise<CliError> {
  if (err instanceof CliError) return err;
  if (err instanceof CommanderError) return new CliError(err.message, EXIT.invalid);
  const fsErr = err as NodeJS.ErrnoException;
  if (typeof fsErr?.code === 'string' && typeof fsErr.path === 'string')
    return (await import('./files.js')).fsError(fsErr.path, fsErr);
  return new CliError(`internal error: ${(err as Error)?.stack ?? String(err)}`, EXIT.error);
}

/** An InvalidSpec (spec.ts) carries its issues; checked by shape so this module need not load the spec package. */
const hasIssues = (failure: CliError): failure is CliError & { issues: unknown[] } =>
  Array.isArray((failure as { issues?: unknown }).issues);

function failureJson(failure: CliError) {
  const base = { ok: false, exitCode: failure.exitCode };
  return hasIssues(failure) ? { ...base, issues: failure.issues } : { ...base, error: failure.message };
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
