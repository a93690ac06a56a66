import { checkSpec, formatIssues, type LogstackModel, type SpecIssue } from '@logstack/spec';
import { CliError, EXIT } from './exit-codes.js';
import { readSpecFile } from './files.js';
import { domainChecks } from './generators.js';

/** Loads a spec with every check; on invalid input, throws a CliError (exit 2) listing all issues. */
export function loadModel(path: string): { model: LogstackModel; label: string } {
  const { label, text } = readSpecFile(path);
  const { model, issues } = checkSpec(label, text, { checks: domainChecks });
  if (!model) throw new InvalidSpec(issues);
  return { model, label };
}

export class InvalidSpec extends CliError {
  constructor(readonly issues: SpecIssue[]) {
    super(
      `${formatIssues(issues)}\n${issues.length} problem${issues.length === 1 ? '' : 's'} found`,
      EXIT.invalid,
    );
  }
}
