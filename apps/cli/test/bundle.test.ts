// The built CLI (one chunk per command, loaded only when that command runs) must say exactly what
// the CLI from source says, which loads every command as before: help, version, errors and results.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commandsFor, run } from '../src/main.js';
import { bufferOutput } from '../src/output.js';
import { example, repo, specFile, tempDir } from './helpers.js';

const cliDir = join(repo, 'apps/cli');
const out = tempDir('logstack-bundle-');
const bad = specFile('apiVersion: logstack/v1\nclusterAgent:\n  type: fluentbit\nlokki: {}\n', 'bad.yaml');
const broken = specFile('apiVersion: logstack/v1\nloki:\n  labels: [a, b\n', 'broken.yaml');

/** Good and bad invocations of every kind. */
const invocations: string[][] = [
  [],
  ['--help'],
  ['-h'],
  ['--version'],
  ['-V'],
  ['help'],
  ['help', 'validate'],
  ['frobnicate'],
  ['valdate', example('minimal')],
  ['--nope'],
  ['validate'],
  ['validate', '--help'],
  ['validate', example('minimal'), '--nope'],
  ['validate', example('complete')],
  ['validate', example('minimal'), '--json'],
  ['validate', bad],
  ['validate', bad, '--json'],
  ['validate', broken],
  ['validate', '/nonexistent/spec.yaml', '--json'],
  ['generate', '--help'],
  ['generate', bad, '-o', join(out, 'bad')],
  ['generate', example('minimal'), '--format', 'xml'],
  ['check', example('minimal'), '-o', join(out, 'never-generated')],
  ['render', '--help'],
  ['chart', '--help'],
  ['explain', '--help'],
  ['queries', '--json'],
  ['dags', '--help'],
  ['dags', 'sync', '--help'],
  ['dags', 'discover', '--root', join(repo, 'examples/packages')],
  ['dags', 'sync', '--dry-run', '--root', join(repo, 'examples/packages'), '--dags-dir', join(out, 'dags')],
  ['dags', 'sync', '--interval', 'soon', '--root', out],
  ['verify', '--help'],
  ['verify'],
];

/** A process each: the kinds above, not every one, to keep the test short. */
const bundled = invocations.filter((argv) =>
  [
    '',
    '--help',
    '--version',
    'help validate',
    'frobnicate',
    `validate ${example('minimal')} --nope`,
    `validate ${example('complete')}`,
    `validate ${bad}`,
    `validate ${bad} --json`,
    `validate ${broken}`,
    `generate ${example('minimal')} --format xml`,
    'dags sync --help',
    `dags discover --root ${join(repo, 'examples/packages')}`,
    'queries --json',
    'verify',
  ].includes(argv.join(' ')),
);

async function fromSource(argv: string[], loadAll: boolean) {
  const io = bufferOutput();
  const code = await run(argv, io, { loadAll });
  return { code, stdout: io.stdout, stderr: io.stderr };
}

test('loading only the commands argv names prints what loading them all prints', async () => {
  for (const argv of invocations)
    assert.equal(await fromSource(argv, false), await fromSource(argv, true), argv.join(' '));
});

test('commandsFor: none for --version, one for a command, all for help and anything unknown', () => {
  assert.equal(commandsFor(['--version']), []);
  assert.equal(commandsFor(['dags', 'sync']), ['dags']);
  for (const argv of [[], ['--help'], ['help', 'dags'], ['frobnicate'], ['--nope', '--version']])
    assert.is(commandsFor(argv).length, 9, argv.join(' '));
});

test('the bundle (dist/, as users run it) prints exactly what the CLI from source prints', async () => {
  assert.is(bundled.length, 15);
  // Built into a folder beside dist/: the bundle finds schemas/ and the chart relative to itself.
  const dist = mkdtempSync(join(cliDir, '.bundle-test-'));
  try {
    execFileSync(process.execPath, [join(cliDir, 'build.mjs'), dist], { stdio: 'pipe' });
    // What bin/logstack.js does with dist/main.js.
    const runner = join(dist, 'runner.mjs');
    writeFileSync(
      runner,
      "const { run } = await import('./main.js');\nprocess.exitCode = await run(process.argv.slice(2));\n",
    );
    for (const argv of bundled) {
      const r = spawnSync(process.execPath, [runner, ...argv], { encoding: 'utf8' });
      const fromBundle = { code: r.status, stdout: r.stdout, stderr: r.stderr };
      assert.equal(fromBundle, await fromSource(argv, true), argv.join(' '));
    }
  } finally {
    rmSync(dist, { recursive: true, force: true });
  }
});

test.run();
