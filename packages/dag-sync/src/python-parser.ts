import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';

const requireHere = createRequire(import.meta.url);
let parser: Promise<Parser> | undefined;

/** tree-sitter's Python grammar (WebAssembly), loaded once per process. */
export function pythonParser(): Promise<Parser> {
  parser ??= (async () => {
    await Parser.init();
    const python = await Language.load(requireHere.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const p = new Parser();
    p.setLanguage(python);
    return p;
  })();
  return parser;
}
