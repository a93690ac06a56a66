import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../../', import.meta.url));
export const examplePackages = join(repo, 'examples', 'packages');
export const tempDir = (prefix = 'dag-sync-') => mkdtempSync(join(tmpdir(), prefix));

/** A packages root made of the given files (path relative to the root -> content). */
export function packagesRoot(files: Record<string, string>): string {
  const root = tempDir('packages-');
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

/** A writable copy of examples/packages. */
export function copyOfExamples(): string {
  const root = tempDir('examples-');
  cpSync(examplePackages, root, { recursive: true });
  return root;
}
