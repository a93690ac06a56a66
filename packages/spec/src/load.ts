import { derivedDefaults } from './derived-defaults.js';
import type { LogstackModel } from './generated/logstack.js';
import { SpecError, type SpecIssue } from './issues.js';
import { type SemanticCheck, specChecks } from './semantic.js';
import { parseSpecText } from './source.js';
import { validateAgainstSchema } from './validate.js';

export interface LoadOptions {
  /** Checks from other packages, run after the spec's own. */
  checks?: SemanticCheck[];
}

/** Parses, validates, defaults and checks a spec. Returns the model or every issue found. */
export function checkSpec(
  file: string,
  text: string,
  options: LoadOptions = {},
): { model?: LogstackModel; issues: SpecIssue[] } {
  const parsed = parseSpecText(file, text);
  if (!parsed.source) return { issues: parsed.issues };
  const source = parsed.source;
  if (source.data === null || typeof source.data !== 'object' || Array.isArray(source.data))
    return {
      issues: [
        {
          code: 'schema.type',
          file,
          pointer: '',
          line: 1,
          column: 1,
          value: source.data,
          message: 'a spec must be a mapping',
          allowed: 'an object with apiVersion: logstack/v1',
        },
      ],
    };
  const adjust = derivedDefaults(source.data);
  const schemaIssues = validateAgainstSchema(source);
  adjust(source.data);
  const model = source.data as LogstackModel;
  // Semantic checks run even after schema errors so the user sees everything at once; a check that
  // trips over data the schema already rejected is skipped, and issues at an already-reported pointer are dropped.
  const reported = new Set(schemaIssues.map((i) => i.pointer));
  const semanticIssues = [...specChecks, ...(options.checks ?? [])]
    .flatMap((check) => {
      try {
        return check(model);
      } catch (err) {
        if (schemaIssues.length) return [];
        throw err;
      }
    })
    .filter((i) => !reported.has(i.pointer))
    .map((i) => ({ ...i, file, ...source.locate(i.pointer) }));
  const issues = [...schemaIssues, ...semanticIssues];
  return issues.length ? { issues } : { model, issues: [] };
}

/** Like checkSpec, but throws a SpecError carrying every issue. */
export function loadSpec(file: string, text: string, options: LoadOptions = {}): LogstackModel {
  const { model, issues } = checkSpec(file, text, options);
  if (!model) throw new SpecError(issues);
  return model;
}
