/** Exit codes of every logstack command. */
export const EXIT = {
  ok: 0,
  /** check: artifacts drifted; verify: a check failed; dags sync: files changed (see its docs). */
  failed: 1,
  /** The input (spec, flags, job manifests) is invalid. */
  invalid: 2,
  /** Something outside the input went wrong (I/O, a tool missing). */
  error: 3,
} as const;

/** An error that ends the command with a given exit code and a message for the user. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
