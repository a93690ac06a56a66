import { join } from 'node:path';
import type { Artifact } from '@logstack/artifact';
import { Command } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { EXIT } from '../exit-codes.js';
import { readIfExists, readingOutputFolder, specLabel } from '../files.js';
import type { Output } from '../output.js';
import { generateChecked, loadModel } from '../spec.js';
import { staleFiles } from '../stale.js';
import { defaultOutDir, formatOption, type GenerateOptions } from './generate.js';

export interface Drift {
  path: string;
  kind: 'changed' | 'missing' | 'stale';
  diff?: string;
}

/** An argument as a POSIX shell reads it back: quoted only when it has to be. */
const shellWord = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The generate command that brings the folder in line: the same spec, and -o/--format as given. */
function fixCommand(spec: string, opts: GenerateOptions, cmd: Command): string {
  const args = ['logstack', 'generate', spec];
  if (opts.out !== undefined) args.push('-o', opts.out);
  if (cmd.getOptionValueSource('format') === 'cli') args.push('--format', opts.format);
  return args.map(shellWord).join(' ');
}

/** Changed, missing and stale files of `dir` against the artifacts generated now. */
function driftOf(dir: string, artifacts: Artifact[], label: string): Drift[] {
  const drift: Drift[] = [];
  for (const a of artifacts) {
    const onDisk = readIfExists(join(dir, a.path));
    if (onDisk === undefined) drift.push({ path: a.path, kind: 'missing' });
    else if (onDisk !== a.content)
      drift.push({
        path: a.path,
        kind: 'changed',
        diff: createTwoFilesPatch(`a/${a.path}`, `b/${a.path}`, onDisk, a.content, 'on disk', 'generated'),
      });
  }
  for (const path of staleFiles(dir, artifacts, label)) drift.push({ path, kind: 'stale' });
  return drift;
}

export function checkCommand(io: Output, setExit: (code: number) => void): Command {
  return new Command('check')
    .description(
      'regenerate in memory and compare with the files on disk; exit 1 with a diff when they drifted',
    )
    .argument('<spec>', 'the logstack spec (YAML or JSON)')
    .option('-o, --out <dir>', 'folder holding the committed artifacts (default: generated/ beside the spec)')
    .addOption(formatOption())
    .option('--json', 'print the drift as JSON')
    .action((spec: string, opts: GenerateOptions, cmd: Command) => {
      const model = loadModel(spec);
      const dir = opts.out ?? defaultOutDir(spec);
      const label = specLabel(spec, dir);
      const artifacts = generateChecked(spec, model, { specLabel: label, vectorFormat: opts.format });
      const drift = readingOutputFolder(dir, () => driftOf(dir, artifacts, label));
      const fix = fixCommand(spec, opts, cmd);
      if (drift.length) setExit(EXIT.failed);
      if (opts.json) {
        const result = { outDir: dir, upToDate: drift.length === 0, drift };
        io.out(JSON.stringify(drift.length ? { ...result, fix } : result, null, 2));
        return;
      }
      if (!drift.length) {
        io.out(`${dir}: ${artifacts.length} artifacts up to date`);
        return;
      }
      for (const d of drift) {
        io.err(`${d.kind}: ${join(dir, d.path)}`);
        if (d.diff) io.err(d.diff);
      }
      io.err(`${drift.length} artifact${drift.length === 1 ? '' : 's'} drifted; run: ${fix}`);
    });
}
