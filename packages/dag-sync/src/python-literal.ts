import type { Node } from 'web-tree-sitter';

/** Where a value was written: 1-based line and column, as editors show them. */
export interface Position {
  line: number;
  column: number;
}

export const positionOf = (node: Node): Position => ({
  line: node.startPosition.row + 1,
  column: node.startPosition.column + 1,
});

/** A value that is not a plain literal, with where and why. */
export class NotLiteral extends Error {
  constructor(
    readonly node: Node,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * The value of a Python literal expression, as ast.literal_eval would accept it: strings, numbers,
 * True/False/None, lists, tuples and dicts of those. `record` gets the position of every value
 * under its JSON pointer, so schema errors can point into the Python file.
 */
export function literalValue(
  node: Node,
  pointer = '',
  record?: (pointer: string, node: Node) => void,
): unknown {
  record?.(pointer, node);
  switch (node.type) {
    case 'string':
      return stringValue(node);
    case 'concatenated_string':
      return named(node)
        .map((s) => stringValue(s))
        .join('');
    case 'integer':
      return integerValue(node);
    case 'float':
      return floatValue(node);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'none':
      return null;
    case 'unary_operator': {
      const op = node.childForFieldName('operator')?.text;
      const arg = node.childForFieldName('argument');
      if (!arg || (op !== '-' && op !== '+') || !['integer', 'float'].includes(arg.type))
        throw new NotLiteral(node, `not a literal: ${snippet(node)}`);
      const n = literalValue(arg) as number;
      return op === '-' ? -n : n;
    }
    case 'parenthesized_expression': {
      const inner = named(node)[0];
      if (!inner) throw new NotLiteral(node, 'empty parentheses');
      return literalValue(inner, pointer, record);
    }
    case 'list':
    case 'tuple':
      return named(node).map((el, i) => {
        if (el.type === 'list_splat') throw new NotLiteral(el, `not a literal: unpacking ${snippet(el)}`);
        return literalValue(el, `${pointer}/${i}`, record);
      });
    case 'dictionary':
      return dictValue(node, pointer, record);
    case 'identifier':
      return notLiteral(node, `the name ${node.text} (a variable); use a literal value`);
    case 'call':
      return notLiteral(node, `a call ${snippet(node)}; use a literal value`);
    default:
      return notLiteral(node, `${node.type.replace(/_/g, ' ')} ${snippet(node)}`);
  }
}

function notLiteral(node: Node, what: string): never {
  throw new NotLiteral(node, `not a literal: ${what}`);
}

/** Named children without comments (comments may sit between elements). */
export const named = (node: Node): Node[] =>
  node.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');

const snippet = (node: Node) => {
  const text = node.text.replace(/\s+/g, ' ');
  return `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\``;
};

function dictValue(node: Node, pointer: string, record?: (p: string, n: Node) => void) {
  const out: Record<string, unknown> = {};
  for (const pair of named(node)) {
    if (pair.type !== 'pair') throw new NotLiteral(pair, `not a literal: ${snippet(pair)} in a dict`);
    const keyNode = pair.childForFieldName('key');
    const valueNode = pair.childForFieldName('value');
    if (!keyNode || !valueNode) throw new NotLiteral(pair, 'incomplete dict entry');
    if (keyNode.type !== 'string' && keyNode.type !== 'concatenated_string')
      throw new NotLiteral(keyNode, `dict keys must be strings, not ${snippet(keyNode)}`);
    const key = literalValue(keyNode) as string;
    if (Object.hasOwn(out, key)) throw new NotLiteral(keyNode, `duplicate dict key ${JSON.stringify(key)}`);
    const value = literalValue(
      valueNode,
      `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      record,
    );
    setOwn(out, key, value);
  }
  return out;
}

/** `out[key] = value`, except that a "__proto__" key stays a key instead of replacing the prototype. */
export function setOwn(out: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function stringValue(node: Node): string {
  if (node.type !== 'string') return literalValue(node) as string;
  const start = node.children.find((c) => c?.type === 'string_start');
  const end = node.children.find((c) => c?.type === 'string_end');
  if (!start || !end) throw new NotLiteral(node, 'unterminated string');
  if (node.children.some((c) => c?.type === 'interpolation') || /f/i.test(start.text))
    throw new NotLiteral(node, `not a literal: the f-string ${snippet(node)}`);
  if (/b/i.test(start.text)) throw new NotLiteral(node, `not a literal: bytes ${snippet(node)}; use a str`);
  const body = node.text.slice(start.endIndex - node.startIndex, end.startIndex - node.startIndex);
  return /r/i.test(start.text) ? body : unescapePython(body, node);
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Python's escape sequences in a non-raw str literal. */
function unescapePython(body: string, node: Node): string {
  return body.replace(
    /\\(\n|[\\'"abfnrtv]|[0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|.)/gs,
    (all, esc: string) => {
      if (esc in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[esc] as string;
      if (/^[0-7]/.test(esc)) return String.fromCodePoint(Number.parseInt(esc, 8));
      if (/^[xuU][0-9a-fA-F]/.test(esc)) {
        const code = Number.parseInt(esc.slice(1), 16);
        if (code > 0x10ffff) throw new NotLiteral(node, `invalid escape ${all}`);
        return String.fromCodePoint(code);
      }
      if (esc.startsWith('N{'))
        throw new NotLiteral(node, `named escapes like ${all} are not supported; write the character`);
      return all; // Python keeps unknown escapes as written.
    },
  );
}

function integerValue(node: Node): number {
  const text = node.text.replace(/_/g, '').toLowerCase();
  if (text.endsWith('j')) throw new NotLiteral(node, `not a literal: complex number ${node.text}`);
  const n = /^0[box]/.test(text) ? Number(text) : /^0+$/.test(text) ? 0 : Number.parseInt(text, 10);
  if (!Number.isSafeInteger(n)) throw new NotLiteral(node, `integer ${node.text} is too large`);
  return n;
}

function floatValue(node: Node): number {
  const text = node.text.replace(/_/g, '');
  if (/j$/i.test(text)) throw new NotLiteral(node, `not a literal: complex number ${node.text}`);
  const n = Number(text);
  if (!Number.isFinite(n)) throw new NotLiteral(node, `float ${node.text} is out of range`);
  return n;
}
