#!/usr/bin/env node
// Copies the upstream charts' Chart.yaml, values.yaml and values.schema.json (the data the tests
// check our values against) from ../shared/upstream into vendor/upstream-charts, so a clone tests
// on its own. `--check` exits 1 when the vendored copy differs from the source; with no source
// beside the repo there is nothing to compare and it says so (exit 0).
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.env.LOGSTACK_UPSTREAM_DIR ?? join(root, '..', 'shared', 'upstream');
const target = join(root, 'vendor', 'upstream-charts');
const FILES = ['Chart.yaml', 'values.yaml', 'values.schema.json'];
const check = process.argv.includes('--check');

if (!existsSync(source)) {
  console.log(`vendor-upstream: no ${source}; nothing to compare the vendored charts with`);
  process.exit(0);
}
const drift = [];
for (const chart of readdirSync(source).sort()) {
  for (const file of FILES) {
    const from = join(source, chart, file);
    if (!existsSync(from)) continue;
    const to = join(target, chart, file);
    const same = existsSync(to) && readFileSync(to).equals(readFileSync(from));
    if (same) continue;
    if (check) {
      drift.push(`${join('vendor/upstream-charts', chart, file)} differs from ${from}`);
      continue;
    }
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, `${to}.tmp`);
    chmodSync(`${to}.tmp`, 0o644); // the source is read-only; the vendored copy must stay updatable
    renameSync(`${to}.tmp`, to);
    console.log(`vendor-upstream: ${from} -> ${to}`);
  }
}
if (drift.length) {
  console.error(`${drift.join('\n')}\nrun: node tools/vendor-upstream.mjs`);
  process.exit(1);
}
