/**
 * The DAG sync image (Dockerfile at the repository root). No Docker engine here, so the file is
 * parsed and linted by the parser VS Code's Docker support uses, and its build-stage RUN is executed
 * as written on a copy of the build context: the CLI it leaves behind, with production
 * dependencies only, must sync the packages the final stage copies in. Not verified: the base
 * image itself, USER/chown, and a real `docker build`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, matchesGlob } from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { repo, tempDir } from './helpers.js';

const text = readFileSync(join(repo, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(text);
const stages = dockerfile.getFROMs().map((from, i, all) => {
  const start = from.getRange().start.line;
  const end = all[i + 1]?.getRange().start.line ?? Number.POSITIVE_INFINITY;
  return dockerfile
    .getInstructions()
    .filter((x) => x.getRange().start.line >= start && x.getRange().start.line < end);
});
const args = (i: Instruction) => i.getArgumentsContent() ?? '';
const keyword = (stage: Instruction[], k: string) => stage.filter((i) => i.getKeyword() === k);
const envOf = (stage: Instruction[]) =>
  Object.fromEntries(
    keyword(stage, 'ENV').flatMap((i) =>
      args(i)
        .split(/\s+/)
        .map((kv) => kv.split('=', 2)),
    ),
  );
const pin = (name: string) =>
  readFileSync(join(repo, 'tools/versions.env'), 'utf8').match(new RegExp(`^${name}=(.+)$`, 'm'))?.[1];
const [build = [], final = []] = stages;

test('the Dockerfile parses and has no lint diagnostics; two stages, the last one non-root', () => {
  assert.equal(validate(text), []);
  assert.is(stages.length, 2);
  assert.equal(keyword(final, 'USER').map(args), ['50000:0']);
  assert.equal(keyword(final, 'ENTRYPOINT').map(args), ['["logstack"]']);
});

test('the image installs the pinned pnpm and a pinned Node 20 base', () => {
  assert.match(text, new RegExp(`pnpm@${pin('PNPM_VERSION')?.replaceAll('.', '\\.')}\\b`));
  const image = keyword(dockerfile.getInstructions(), 'ARG')
    .map(args)
    .find((a) => a.startsWith('NODE_IMAGE='));
  assert.match(image ?? '', /^NODE_IMAGE=node:20\.\d+\.\d+-[a-z]+(-slim)?$/);
});

test("the build stage's RUN, run on the build context, leaves a CLI that syncs the packages with production dependencies only", () => {
  const context = tempDir('logstack-image-');
  const ignored = readFileSync(join(repo, '.dockerignore'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  const files = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: repo,
    encoding: 'utf8',
  })
    .stdout.split('\0')
    .filter(
      (f) =>
        f && existsSync(join(repo, f)) && !ignored.some((g) => matchesGlob(f, g) || f.startsWith(`${g}/`)),
    );
  assert.ok(files.includes('pnpm-lock.yaml') && files.includes('apps/cli/bin/logstack.js'));
  for (const f of files) {
    mkdirSync(dirname(join(context, f)), { recursive: true });
    cpSync(join(repo, f), join(context, f));
  }
  // The RUN after `COPY . .`; its pnpm is the one bootstrap installed (same pin, checked above).
  const runs = keyword(build, 'RUN').map(args);
  const install = runs.find((r) => r.startsWith('pnpm install'));
  assert.ok(install, 'the build stage installs and builds the workspace');
  const built = spawnSync('sh', ['-c', install!.replace(/\\\n/g, ' ')], {
    cwd: context,
    encoding: 'utf8',
    env: { ...process.env, ...envOf(build) },
  });
  assert.is(built.status, 0, `${built.stdout}\n${built.stderr}`.slice(-3000));
  assert.ok(
    !readdirSync(join(context, 'node_modules/.pnpm')).some((d) => d.startsWith('uvu@')),
    'dev dependencies were dropped',
  );

  // The final stage: `COPY --from=build /src /opt/logstack`, `COPY ${PACKAGES} /app/packages`,
  // and the entrypoint linked to apps/cli/bin/logstack.js.
  const packagesArg = keyword(final, 'ARG')
    .map(args)
    .find((a) => a.startsWith('PACKAGES='));
  const packages = join(context, packagesArg?.split('=')[1] ?? '');
  assert.match(keyword(final, 'RUN').map(args).join('\n'), '/opt/logstack/apps/cli/bin/logstack.js');
  const dags = tempDir('logstack-image-dags-');
  const sync = () =>
    spawnSync(process.execPath, [join(context, 'apps/cli/bin/logstack.js'), 'dags', 'sync'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, ...envOf(final), ETL_PACKAGES_ROOT: packages, AIRFLOW_DAGS_DIR: dags },
    });
  const first = sync();
  assert.is(first.status, 1, `files changed: ${first.stdout}${first.stderr}`);
  assert.ok(readdirSync(dags).filter((f) => f.endsWith('.py')).length >= 4, first.stdout);
  const second = sync();
  assert.is(second.status, 0, `no change: ${second.stdout}${second.stderr}`);
});

test.run();
