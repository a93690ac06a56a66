import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import type { Artifact, GenerateContext } from '@logstack/artifact';
import {
  checkSpec,
  formatIssues,
  type LogstackModel,
  MAX_SPEC_BYTES,
  type SpecIssue,
  specTooLarge,
} from '@logstack/spec';
import { CliError, EXIT } from './exit-codes.js';

import { domainChecks, generateAll } from './generators.js';

/** Loads a spec with every check; on invalid input, throws a CliError (exit 2) listing all issues. */
export function loadModel(path: string): LogstackModel {
  const { model, issues } = checkSpec(path, readSpecFile(path), { checks: domainChecks });
  if (!model) throw new InvalidSpec(issues);
  return model;
}

/** The model of a spec that sets nothing: the stack's defaults, for commands whose spec is optional. */
export function defaultModel(): LogstackModel {
  const { model, issues } = checkSpec('(defaults)', 'apiVersion: logstack/v1\n', { checks: domainChecks });
  if (!model) throw new InvalidSpec(issues);
  return model;
}

export class InvalidSpec extends CliError {
  constructor(readonly issues: SpecIssue[]) {
    super(
      `${formatIssues(issues)}\n${issues.length} problem${issues.length === 1 ? '' : 's'} found`,
      EXIT.invalid,
    );
  }
}

/**
 * Runs `generate` (by default every generator) on a checked model. A generator that throws has met
 * a spec the checks let through: that is still invalid input (exit 2), reported like a spec issue.
 */
export function generateChecked(
  specPath: string,
  model: LogstackModel,
  ctx: GenerateContext,
  generate: (model: LogstackModel, ctx: GenerateContext) => Artifact[] = generateAll,
): Artifact[] {
  try {
    return generate(model, ctx);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new InvalidSpec([
      {
        code: 'generate.failed',
        file: specPath,
        pointer: '',
        message: `the spec passed the checks but cannot be generated: ${(err as Error).message}`,
      },
    ]);
  }
}

/** The spec's text; an unreadable spec, or one over the size limit (not read at all), is invalid input (2). */
export function readSpecFile(path: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const { size } = fstatSync(fd);
    if (size > MAX_SPEC_BYTES) throw new InvalidSpec([specTooLarge(path, size)]);
    return readFileSync(fd, 'utf8');
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot read spec ${path}: ${(err as Error).message}`, EXIT.invalid);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
