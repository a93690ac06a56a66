import { derivedDefaults } from './derived-defaults.js';
import type { LogstackModel } from './generated/logstack.js';
import { SpecError, type SpecIssue } from './issues.js';
import { type SemanticCheck, specChecks } from './semantic.js';
import { parseSpecText, type SpecSource } from './source.js';
import { validateAgainstSchema } from './validate.js';

/**
 * Largest spec accepted, in bytes. The complete example is 2 KB; a spec a hundred times larger is
 * still plausible, one of a megabyte is not and would only make every later step slow.
 */
export const MAX_SPEC_BYTES = 1024 * 1024;

/** The issue for a spec over MAX_SPEC_BYTES, before any of it is parsed. */
export function specTooLarge(file: string, bytes: number): SpecIssue {
  return {
    code: 'spec.too-large',
    file,
    pointer: '',
    value: bytes,
    message: `the spec is ${bytes} bytes; specs are refused above ${MAX_SPEC_BYTES} bytes (1 MiB)`,
    allowed: `at most ${MAX_SPEC_BYTES} bytes`,
    hint: 'a spec sets a few dozen keys; check that this is the file you meant',
  };
}

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
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_SPEC_BYTES) return { issues: [specTooLarge(file, bytes)] };
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
  // trips over data the schema already rejected is skipped, and issues at or below an already-reported
  // pointer are dropped: under `airflow: "yes"` every field reads as unset, so a check would report a
  // made-up follow-up about a field the user never wrote.
  const reported = new Set(schemaIssues.map((i) => i.pointer));
  const followsUp = (pointer: string) => {
    // A problem of the whole document ('') does not hide the ones inside it.
    for (let p = pointer; p !== ''; p = p.slice(0, p.lastIndexOf('/'))) if (reported.has(p)) return true;
    return pointer === '' && reported.has('');
  };
  const semanticIssues = [...specChecks, ...(options.checks ?? [])]
    .flatMap((check) => {
      try {
        return check(model);
      } catch (err) {
        if (schemaIssues.length) return [];
        throw err;
      }
    })
    .filter((i) => !followsUp(i.pointer))
    .map((i) => ({ ...i, file, ...source.locate(i.pointer) }));
  const issues = [...schemaIssues, ...semanticIssues].map((i) => withValueText(i, source));
  return issues.length ? { issues } : { model, issues: [] };
}

/** A value JSON cannot show (.nan, .inf, 1e309 read as infinity) carries the text it was written as. */
function withValueText(issue: SpecIssue, source: SpecSource): SpecIssue {
  if (typeof issue.value !== 'number' || Number.isFinite(issue.value)) return issue;
  return { ...issue, valueText: source.textAt?.(issue.pointer) ?? String(issue.value) };
}

/** Like checkSpec, but throws a SpecError carrying every issue. */
export function loadSpec(file: string, text: string, options: LoadOptions = {}): LogstackModel {
  const { model, issues } = checkSpec(file, text, options);
  if (!model) throw new SpecError(issues);
  return model;
}
