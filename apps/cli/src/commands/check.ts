import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Command } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { EXIT } from '../exit-codes.js';
import { readIfExists } from '../files.js';
import { generateAll } from '../generators.js';
import type { Output } from '../output.js';
import { loadModel } from '../spec.js';
import { defaultOutDir, formatOption, type GenerateOptions } from './generate.js';

export interface Drift {
  path: string;
  kind: 'changed' | 'missing' | 'stale';
  diff?: string;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
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
    .action((spec: string, opts: GenerateOptions) => {
      const { model, label } = loadModel(spec);
      const dir = opts.out ?? defaultOutDir(spec);
      const artifacts = generateAll(model, { specLabel: label, vectorFormat: opts.format });
      const drift: Drift[] = [];
      for (const a of artifacts) {
        const onDisk = readIfExists(join(dir, a.path));
        if (onDisk === undefined) drift.push({ path: a.path, kind: 'missing' });
        else if (onDisk !== a.content)
          drift.push({
            path: a.path,
            kind: 'changed',
            diff: createTwoFilesPatch(
              `a/${a.path}`,
              `b/${a.path}`,
              onDisk,
              a.content,
              'on disk',
              'generated',
            ),
          });
      }
      const expected = new Set(artifacts.map((a) => a.path));
      for (const f of listFiles(dir)) if (!expected.has(f)) drift.push({ path: f, kind: 'stale' });
      if (drift.length) setExit(EXIT.failed);
      if (opts.json) {
        io.out(JSON.stringify({ outDir: dir, upToDate: drift.length === 0, drift }, null, 2));
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
      io.err(
        `${drift.length} artifact${drift.length === 1 ? '' : 's'} drifted; run: logstack generate ${spec}`,
      );
    });
}
