/** One problem found in a spec file: where it is, what is wrong, what is allowed, how to fix it. */
export interface SpecIssue {
  /** Stable machine-readable code, for example `schema.enum` or `labels.high-cardinality`. */
  code: string;
  file: string;
  /** JSON pointer (RFC 6901) into the spec, '' for the document itself. */
  pointer: string;
  line?: number;
  column?: number;
  /** The offending value, when there is one. */
  value?: unknown;
  /** The value as written, for numbers JSON has no form for (`.nan`, `1e309`). */
  valueText?: string;
  message: string;
  allowed?: string;
  hint?: string;
}

/** Thrown when a spec cannot be loaded; carries every issue found, not just the first. */
export class SpecError extends Error {
  readonly issues: SpecIssue[];
  constructor(issues: SpecIssue[]) {
    super(formatIssues(issues));
    this.name = 'SpecError';
    this.issues = issues;
  }
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 117)}...` : text;
};

const nonFinite = (value: unknown) => (Number.isNaN(value) ? 'not a number' : 'infinite');

/** Renders issues the same way everywhere: `file:line:col /pointer: message`, then allowed and fix lines. */
export function formatIssues(issues: SpecIssue[]): string {
  return issues
    .map((i) => {
      const where = [i.file, i.line, i.column].filter((p) => p !== undefined).join(':');
      const head = `${where} ${i.pointer || '/'}: ${i.message}`;
      const lines = [head];
      if (i.valueText !== undefined) lines.push(`  value:   ${i.valueText} (${nonFinite(i.value)})`);
      else if (i.value !== undefined) lines.push(`  value:   ${show(i.value)}`);
      if (i.allowed) lines.push(`  allowed: ${i.allowed}`);
      if (i.hint) lines.push(`  fix:     ${i.hint}`);
      return lines.join('\n');
    })
    .join('\n');
}

/** RFC 6901 pointer from path segments. */
export function toPointer(path: readonly (string | number)[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Path segments from an RFC 6901 pointer. */
export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}
