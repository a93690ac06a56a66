import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** A chart whose one template prints the Kubernetes version Helm assumes when none is given. */
function kubeVersionChart(): string {
  const dir = mkdtempSync(join(tmpdir(), 'logstack-kube-version-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: kube-version\nversion: 0.1.0\n');
  writeFileSync(
    join(dir, 'templates', 'cm.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-version\ndata:\n  version: {{ .Capabilities.KubeVersion.Version | quote }}\n',
  );
  return dir;
}

for (const [bin, minor] of [
  ['helm3', 'HELM3_KUBE_MINOR'],
  ['helm4', 'HELM4_KUBE_MINOR'],
] as const)
  test(`${bin} assumes Kubernetes v1.${pins[minor]}.0 by default, as its release build does (not the v1.20.0 of a plain go install)`, () => {
    const r = spawnSync(`${root}.cache/bin/${bin}`, ['template', 'x', kubeVersionChart()], {
      encoding: 'utf8',
    });
    assert.is(r.status, 0, r.stderr);
    assert.ok(pins[minor], `${minor} in tools/versions.env`);
    assert.match(r.stdout, new RegExp(`version: "v1\\.${pins[minor]}\\.0"`));
  });

test.run();
