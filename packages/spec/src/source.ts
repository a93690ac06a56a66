import { type Alias, type Document, isMap, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { fromPointer, type SpecIssue } from './issues.js';

/** A parsed spec file that can say where any JSON pointer sits in the text. */
export interface SpecSource {
  file: string;
  data: unknown;
  locate(pointer: string, opts?: { key?: string }): { line: number; column: number } | undefined;
}

/** Parses YAML or JSON (JSON is YAML 1.2), keeping positions. Syntax errors come back as issues with line and column. */
export function parseSpecText(file: string, text: string): { source?: SpecSource; issues: SpecIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          code: 'syntax',
          file,
          pointer: '',
          line: pos.line,
          column: pos.col,
          message: `YAML syntax error: ${e.message.split('\n')[0]}`,
        };
      }),
    };
  }
  const converted = toData(doc);
  if ('alias' in converted) {
    const { alias, error } = converted;
    const pos = lineCounter.linePos(alias.range?.[0] ?? 0);
    return {
      issues: [
        {
          code: 'syntax',
          file,
          pointer: '',
          line: pos.line,
          column: pos.col,
          message: `YAML syntax error: ${aliasProblem(alias, error)}`,
        },
      ],
    };
  }
  const data = converted.data;
  return {
    source: { file, data, locate: (pointer, opts) => locate(doc, lineCounter, pointer, opts?.key) },
    issues: [],
  };
}

/** Aliases may repeat anchored nodes; past this many copies the document is treated as an alias bomb. */
const MAX_ALIAS_COUNT = 100;

/**
 * The document as plain data, or the alias that could not be expanded. The yaml library throws a
 * ReferenceError without a position, so on failure the conversion runs again with every alias
 * noting whether the error came from its own expansion.
 */
function toData(doc: Document): { data: unknown } | { alias: Alias; error: Error } {
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    let failed: Alias | undefined;
    visit(doc, {
      Alias(_, alias) {
        const expand = alias.toJSON.bind(alias);
        alias.toJSON = (arg, ctx) => {
          try {
            return expand(arg, ctx);
          } catch (inner) {
            failed ??= alias; // the innermost alias sees the error first
            throw inner;
          }
        };
      },
    });
    try {
      doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch {
      // The same error again; this time `failed` says where.
    }
    if (!failed) throw err;
    return { alias: failed, error: err };
  }
}

function aliasProblem(alias: Alias, error: Error): string {
  if (error.message.startsWith('Unresolved alias'))
    return `alias *${alias.source} refers to no anchor: &${alias.source} must be set before it`;
  return `alias *${alias.source} expands into more than ${MAX_ALIAS_COUNT} copies of anchored nodes: aliases of aliases multiply`;
}

function locate(doc: Document, lines: LineCounter, pointer: string, key?: string) {
  const path = fromPointer(pointer);
  // Walk down as far as the document goes, so a missing property points at its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (!node?.range) continue;
    let offset = node.range[0];
    if (key !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      if (pair && isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
    }
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }
  return undefined;
}
