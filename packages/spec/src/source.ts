import { type Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
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
  const data = doc.toJS({ maxAliasCount: 100 });
  return {
    source: { file, data, locate: (pointer, opts) => locate(doc, lineCounter, pointer, opts?.key) },
    issues: [],
  };
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
