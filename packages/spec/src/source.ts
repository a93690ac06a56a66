import { type Alias, type Document, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import { fromPointer, type SpecIssue } from './issues.js';
import { nestedTooDeep } from './nesting.js';
import { NodeIndex } from './node-index.js';

/** A parsed spec file that can say where any JSON pointer sits in the text. */
export interface SpecSource {
  file: string;
  data: unknown;
  locate(pointer: string, opts?: { key?: string }): { line: number; column: number } | undefined;
  /** The scalar at `pointer` as written in the file (`.nan`, `1e309`, `1.0`), when it is one. */
  textAt?(pointer: string): string | undefined;
}

/**
 * Parses YAML or JSON (JSON is YAML 1.2), keeping positions. Syntax errors come back as issues with
 * line and column. The work grows linearly with the text: duplicate keys are found through a hash
 * of each mapping (the yaml library compares every key with every earlier one), and positions
 * through an index built once per mapping.
 */
export function parseSpecText(file: string, text: string): { source?: SpecSource; issues: SpecIssue[] } {
  const lineCounter = new LineCounter();
  const deep = nestedTooDeep(text);
  if (deep) return { issues: [{ code: 'syntax.too-deep', file, pointer: '', ...deep }] };
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const errors = [...doc.errors, ...duplicateKeys(doc)].sort((a, b) => a.pos[0] - b.pos[0]);
  if (errors.length > 0) {
    return {
      issues: errors.map((e) => {
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
  const index = new NodeIndex(doc);
  return {
    source: {
      file,
      data,
      locate: (pointer, opts) => locate(index, lineCounter, pointer, opts?.key),
      textAt: (pointer) => {
        const range = index.scalarAt(fromPointer(pointer))?.range;
        return range ? text.slice(range[0], range[1]) : undefined;
      },
    },
    issues: [],
  };
}

/** "Map keys must be unique", as the yaml library says it, found in linear time. */
function duplicateKeys(doc: Document): { message: string; pos: [number, number] }[] {
  const found: { message: string; pos: [number, number] }[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          const range = (pair.key as { range?: [number, number, number] } | null)?.range ?? [0, 0, 0];
          found.push({ message: 'Map keys must be unique', pos: [range[0], range[1]] });
        } else seen.add(key);
      }
    },
  });
  return found;
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

function locate(index: NodeIndex, lines: LineCounter, pointer: string, key?: string) {
  // Down as far as the document goes, so a missing property points at its parent.
  const found = index.deepest(fromPointer(pointer));
  if (!found) return undefined;
  let offset = found.node.range[0];
  if (key !== undefined && found.complete) {
    const keyRange = index.keyRange(found.node, key);
    if (keyRange) offset = keyRange[0];
  }
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}
