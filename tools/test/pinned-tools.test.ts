import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pins = Object.fromEntries(
  readFileSync(`${root}tools/versions.env`, 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z0-9_]+=/.test(l))
    .map((l) => l.split('=', 2) as [string, string]),
);

for (const [bin, pin] of [
  ['helm3', 'HELM3_VERSION'],
  ['helm4', 'HELM4_VERSION'],
] as const)
  test(`${bin} (from tools/bootstrap.sh) reports the pinned ${pin}`, () => {
    const r = spawnSync(`${root}.cache/bin/${bin}`, ['version', '--short'], { encoding: 'utf8' });
    assert.is(r.status, 0, `${bin} did not run: run tools/bootstrap.sh (${r.error?.message ?? r.stderr})`);
    assert.ok(pins[pin], `${pin} in tools/versions.env`);
    assert.is(r.stdout.trim().split('+')[0], pins[pin]);
  });

test.run();
