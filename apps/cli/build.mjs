// Bundles the CLI into dist/: one chunk per command, imported only when that command runs, plus
// shared chunks; workspace packages (from src/) and their npm dependencies are bundled, so a cold
// start reads a few files instead of hundreds (issue #14). Left external: packages that load files
// beside their own code (tree-sitter's WebAssembly) or that only `verify` uses and that are big
// (@kubernetes/client-node); they are dependencies of this package so dist/ resolves them.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Usage: node build.mjs [outdir]. The folder must sit two levels below the repository (like
// apps/cli/dist): packages find schemas/ and the chart relative to their code.
const dist = process.argv[2] ?? new URL('./dist/', import.meta.url).pathname;
rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: [new URL('./src/main.ts', import.meta.url).pathname],
  outdir: dist,
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  conditions: ['development'],
  external: ['web-tree-sitter', 'tree-sitter-python', '@kubernetes/client-node'],
  // Bundled CommonJS calls require() for Node's built-in modules (commander) and reads __filename
  // (write-file-atomic names its temporary files with it): both as CommonJS would see them.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      'const require = __createRequire(import.meta.url);',
      'const __filename = __fileURLToPath(import.meta.url);',
    ].join('\n'),
  },
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  logLevel: 'warning',
});
