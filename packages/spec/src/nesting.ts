import { LineCounter, Parser } from 'yaml';

/**
 * Deepest nesting of mappings and sequences a spec (or job manifest) may have. Real ones stay
 * under 15; past a few thousand the parser's recursion ends in "Maximum call stack size exceeded".
 */
export const MAX_NESTING = 100;

interface CstNode {
  type: string;
  offset: number;
  value?: CstNode;
  items?: { key?: CstNode | null; value?: CstNode | null }[];
}

/**
 * Where the text nests deeper than MAX_NESTING, found on the parser's token tree (built without
 * recursion) before anything recursive sees the text.
 */
export function nestedTooDeep(
  text: string,
): { line: number; column: number; message: string; allowed: string } | undefined {
  const lines = new LineCounter();
  const pending: [CstNode, number][] = [];
  for (const token of new Parser(lines.addNewLine).parse(text)) pending.push([token as CstNode, 0]);
  while (pending.length) {
    const [node, depth] = pending.pop() as [CstNode, number];
    if (depth > MAX_NESTING) {
      const pos = lines.linePos(node.offset);
      return {
        line: pos.line,
        column: pos.col,
        message: `nested too deep: more than ${MAX_NESTING} levels of mappings and sequences`,
        allowed: `at most ${MAX_NESTING} levels`,
      };
    }
    if (node.type === 'document' && node.value) pending.push([node.value, depth]);
    // Last first, so that of several places the first in the text is reported.
    for (const item of [...(node.items ?? [])].reverse()) {
      if (item.value) pending.push([item.value, depth + 1]);
      if (item.key) pending.push([item.key, depth + 1]);
    }
  }
  return undefined;
}
