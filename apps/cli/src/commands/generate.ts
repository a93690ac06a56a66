import { dirname, join } from 'node:path';
import { Command, Option } from 'commander';
import { inOutputFolder, specLabel, writeArtifacts } from '../files.js';
import type { Output } from '../output.js';
import { generateChecked, loadModel } from '../spec.js';
import { removeFiles, staleFiles } from '../stale.js';

export interface GenerateOptions {
  out?: string;
  format: 'yaml' | 'toml';
  json?: boolean;
  force?: boolean;
}

/** Default output folder: `generated/` beside the spec. */
export const defaultOutDir = (spec: string) => join(dirname(spec), 'generated');

export const formatOption = () =>
  new Option('--format <format>', 'format of the Vector configs').choices(['yaml', 'toml']).default('yaml');

export function generateCommand(io: Output): Command {
  return new Command('generate')
    .description(
      'write every artifact for a spec: deterministic, atomic, each with a header naming its source; removes files it generated earlier that the spec no longer produces',
    )
    .argument('<spec>', 'the logstack spec (YAML or JSON)')
    .option('-o, --out <dir>', 'output folder (default: generated/ beside the spec)')
    .addOption(formatOption())
    .option('--json', 'print what was written as JSON')
    .option(
      '--force',
      'replace files at artifact paths that logstack did not generate from this spec (no header, or another spec’s)',
    )
    .action((spec: string, opts: GenerateOptions) => {
      const model = loadModel(spec);
      const dir = opts.out ?? defaultOutDir(spec);
      const label = specLabel(spec, dir);
      const artifacts = generateChecked(spec, model, { specLabel: label, vectorFormat: opts.format });
      const { changed, removed } = inOutputFolder(dir, () => {
        const changed = writeArtifacts(dir, artifacts, { label, force: Boolean(opts.force) });
        const removed = staleFiles(dir, artifacts, label);
        removeFiles(dir, removed);
        return { changed, removed };
      });
      if (opts.json) {
        io.out(
          JSON.stringify({ outDir: dir, artifacts: artifacts.map((a) => a.path), changed, removed }, null, 2),
        );
        return;
      }
      io.out(
        `${artifacts.length} artifacts in ${dir} (${changed.length} changed, ${removed.length} removed)`,
      );
      for (const a of artifacts)
        io.out(`  ${changed.includes(a.path) ? 'wrote    ' : 'unchanged'} ${join(dir, a.path)}`);
      for (const path of removed) io.out(`  removed   ${join(dir, path)}`);
    });
}
