#!/usr/bin/env node
// Runs the built CLI (nx run @logstack/cli:build). Tests run src/ through tsx instead.
const { run } = await import('../dist/main.js');
process.exitCode = await run(process.argv.slice(2));
