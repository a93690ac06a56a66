// Benchmarks print figures measured now: Nx must run them every time, never replay a cached output.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = fileURLToPath(new URL('../../', import.meta.url));
const json = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const projects = ['apps', 'packages'].flatMap((dir) =>
  readdirSync(join(root, dir)).map((name) => `${dir}/${name}`),
);

test('nx.json: the bench target is never cached', () => {
  assert.is(json('nx.json').targetDefaults?.bench?.cache, false);
});

test('no project turns caching of its bench target back on', () => {
  let benches = 0;
  for (const project of projects) {
    const pkg = json(`${project}/package.json`);
    if (pkg.scripts?.bench) benches++;
    const own = existsSync(join(root, project, 'project.json')) ? json(`${project}/project.json`) : {};
    for (const targets of [pkg.nx?.targets, own.targets])
      assert.not.ok(targets?.bench?.cache, `${project} caches bench`);
  }
  assert.ok(
    benches >= 4,
    `expected the bench targets of cli, dag-sync, vector-config and chart-values, found ${benches}`,
  );
});

test.run();
