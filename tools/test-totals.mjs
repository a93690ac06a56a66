#!/usr/bin/env node
// Adds up uvu's own totals across projects from an `nx run-many --outputStyle=stream` log and prints
// one line `N passed, N failed, N skipped`. A project whose test target failed without printing
// totals (it crashed) counts as one failure, so a crash can never read as a pass.
// Usage: node tools/test-totals.mjs <log> <failed-project>...
import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

const [logFile, ...failedTargets] = process.argv.slice(2);
const text = stripVTControlCharacters(readFileSync(logFile, 'utf8'));
const perProject = new Map();
for (const line of text.split('\n')) {
  const m = /^(\S+?):\s+(Total|Passed|Skipped):\s+(\d+)\s*$/.exec(line);
  if (!m) continue;
  const p = perProject.get(m[1]) ?? { Total: 0, Passed: 0, Skipped: 0 };
  p[m[2]] += Number(m[3]);
  perProject.set(m[1], p);
}
let passed = 0;
let failed = 0;
let skipped = 0;
for (const [, p] of perProject) {
  passed += p.Passed;
  skipped += p.Skipped;
  failed += p.Total - p.Passed - p.Skipped;
}
for (const target of failedTargets) {
  const project = target.replace(/:[^:]+$/, '');
  const p = perProject.get(project);
  // A failed test target whose failing tests were counted above is not counted again.
  if (!target.endsWith(':test') || !p || p.Total === p.Passed + p.Skipped) {
    console.error(
      `${target} failed without a failing test of its own (crash, lint or type error): counted as 1 failed`,
    );
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
