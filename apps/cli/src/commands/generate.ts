import { dirname, join } from 'node:path';
import { Command, Option } from 'commander';
import { specLabel, writeArtifacts } from '../files.js';
import type { Output } from '../output.js';
import { generateChecked, loadModel } from '../spec.js';
import { removeFiles, staleFiles } from '../stale.js';

export interface GenerateOptions {
  out?: string;
  format: 'yaml' | 'toml';
  json?: boolean;
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
    .action((spec: string, opts: GenerateOptions) => {
      const model = loadModel(spec);
      const dir = opts.out ?? defaultOutDir(spec);
      const label = specLabel(spec, dir);
      const artifacts = generateChecked(spec, model, { specLabel: label, vectorFormat: opts.format });
      const changed = writeArtifacts(dir, artifacts);
      const removed = staleFiles(dir, artifacts, label);
      removeFiles(dir, removed);
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
