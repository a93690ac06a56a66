/** Identity fields the file path can carry, named as the shipped event names them. */
export type PathField = 'dag_id' | 'run_id' | 'task_id' | 'map_index' | 'attempt';

type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'value'; field?: PathField }
  | { kind: 'optional'; pieces: Piece[] };

/** A filename template Airflow accepts but the sidecar cannot turn into a path pattern. */
export class FilenameTemplateError extends Error {}

const FIELD_OF_NAME: Record<string, PathField> = {
  dag_id: 'dag_id',
  run_id: 'run_id',
  task_id: 'task_id',
  map_index: 'map_index',
  try_number: 'attempt',
};

const fieldOf = (expression: string): PathField | undefined => {
  const name = (expression.split('|')[0] ?? '').trim().replace(/^ti\./, '');
  return FIELD_OF_NAME[name];
};

/** Jinja (`{{ ti.dag_id }}`, `{% if %}...{% endif %}`) or, without any `{{`/`{%`, Python format (`{dag_id}`). */
function parse(template: string): Piece[] {
  if (!/\{\{|\{%/.test(template)) {
    return template
      .split(/(\{[^{}]*\})/)
      .filter((s) => s !== '')
      .map(
        (s): Piece =>
          /^\{.*\}$/.test(s) ? { kind: 'value', field: fieldOf(s.slice(1, -1)) } : { kind: 'text', text: s },
      );
  }
  const root: Piece[] = [];
  const stack: Piece[][] = [root];
  const top = () => stack[stack.length - 1] as Piece[];
  for (const token of template.split(/(\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\})/)) {
    if (token === '' || token.startsWith('{#')) continue;
    if (token.startsWith('{{')) {
      top().push({ kind: 'value', field: fieldOf(token.slice(2, -2).replace(/^-|-$/g, '')) });
    } else if (token.startsWith('{%')) {
      const statement = token.slice(2, -2).replace(/^-|-$/g, '').trim();
      if (/^if\b/.test(statement)) {
        const pieces: Piece[] = [];
        top().push({ kind: 'optional', pieces });
        stack.push(pieces);
      } else if (statement === 'endif' && stack.length > 1) {
        stack.pop();
      } else {
        throw new FilenameTemplateError(
          `unsupported template statement {% ${statement} %}: only {% if %}...{% endif %} is understood`,
        );
      }
    } else {
      top().push({ kind: 'text', text: token });
    }
  }
  if (stack.length > 1) throw new FilenameTemplateError('an {% if %} has no {% endif %}');
  return root;
}

// Literal `$` and `'` become hex escapes: the VRL sits in a raw string r'...', and Vector below 0.57
// interpolates `$NAME` anywhere in the config file.
const regexLiteral = (text: string): string =>
  [...text]
    .map((c) => {
      if (c === '$') return '\\x24';
      if (c === "'") return '\\x27';
      return /[\\.+*?()|[\]{}^#&~-]/.test(c) ? `\\${c}` : c;
    })
    .join('');

const VALUE_PATTERN: Record<PathField, string> = {
  dag_id: '[^/]+',
  run_id: '[^/]+',
  task_id: '[^/]+',
  map_index: '-?[0-9]+',
  attempt: '[0-9]+',
};

function toRegex(pieces: Piece[], seen: Set<PathField>): string {
  return pieces
    .map((p) => {
      if (p.kind === 'text') return regexLiteral(p.text);
      if (p.kind === 'optional') return `(?:${toRegex(p.pieces, seen)})?`;
      if (!p.field || seen.has(p.field)) return '[^/]+?';
      seen.add(p.field);
      return `(?P<${p.field}>${VALUE_PATTERN[p.field]})`;
    })
    .join('');
}

// `[$]` also keeps a literal `$` away from the `$NAME` interpolation of Vector below 0.57.
export const globLiteral = (text: string): string => text.replace(/[*?[\]$]/g, (c) => `[${c}]`);

/** Every glob the template can produce: each optional block present or absent. */
function toGlobs(pieces: Piece[]): string[] {
  let out = [''];
  for (const p of pieces) {
    const parts =
      p.kind === 'text' ? [globLiteral(p.text)] : p.kind === 'value' ? ['*'] : ['', ...toGlobs(p.pieces)];
    out = out.flatMap((prefix) => parts.map((s) => prefix + s));
  }
  return [...new Set(out.map((g) => g.replace(/\*+/g, '*')))];
}

const collectFields = (pieces: Piece[]): PathField[] =>
  pieces.flatMap((p) =>
    p.kind === 'value' ? (p.field ? [p.field] : []) : p.kind === 'optional' ? collectFields(p.pieces) : [],
  );

export interface TaskLogPathPattern {
  /** Rust-regex source (for VRL's parse_regex) matching a whole task log path, named groups per field. */
  regex: string;
  /** Globs for the file source's `include`, absolute. */
  globs: string[];
  /** Identity fields the path carries. */
  fields: PathField[];
}

/** The path pattern of Airflow's task log files from base_log_folder and log_filename_template. */
export function taskLogPathPattern(folder: string, template: string): TaskLogPathPattern {
  const pieces = parse(template.replace(/^\/+/, ''));
  const base = folder.replace(/\/+$/, '');
  return {
    regex: `\\A${regexLiteral(`${base}/`)}${toRegex(pieces, new Set())}\\z`,
    globs: toGlobs(pieces).map((g) => `${globLiteral(`${base}/`)}${g}`),
    fields: [...new Set(collectFields(pieces))],
  };
}
