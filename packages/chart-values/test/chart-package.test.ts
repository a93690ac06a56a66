import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { chartDir, dependencyNames, findTool, fullChartCopy, parseManifests, runTool } from '../src/index.js';
import { defaultsRender, find, MONITORING, objectsOf } from './full-renders.js';
import type { Deep } from './helpers.js';

// The chart a user downloads: `helm package` of the umbrella with its subchart packages in
// charts/ (as `helm dependency build` leaves them), pushed to an OCI registry and installed back
// from there. The registry is crane's, on 127.0.0.1, started and stopped here.

const work = mkdtempSync(join(tmpdir(), 'logstack-package-'));
const copy = fullChartCopy();
// fullChartCopy leaves the helm-unittest suites out; put them back so .helmignore is what drops them.
cpSync(join(chartDir, 'tests'), join(copy, 'tests'), { recursive: true });
const packaged = runTool('helm4', ['package', copy, '--destination', work]);
const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
const entries = tgz
  ? execFileSync('tar', ['tzf', join(work, tgz)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
  : [];
const packagedChartYaml = tgz
  ? (parse(
      execFileSync('tar', ['xzOf', join(work, tgz), 'airflow-logstack/Chart.yaml'], { encoding: 'utf8' }),
    ) as Deep)
  : {};

test.after(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(join(copy, '..'), { recursive: true, force: true });
});

test('helm package makes one archive of the chart with its four subcharts', () => {
  assert.is(packaged.status, 0, packaged.stderr);
  assert.is(tgz, 'airflow-logstack-0.1.0.tgz');
  // Helm stores each dependency archive as a folder of the package.
  for (const name of dependencyNames())
    assert.ok(entries.includes(`airflow-logstack/charts/${name}/Chart.yaml`), `charts/${name}/ is packaged`);
  for (const file of ['Chart.yaml', 'values.yaml', 'values.schema.json', 'README.md', 'templates/NOTES.txt'])
    assert.ok(entries.includes(`airflow-logstack/${file}`), `${file} is packaged`);
});

test('the package carries no test suites, test notes or scan settings (.helmignore)', () => {
  const leaked = entries.filter((e) =>
    /^airflow-logstack\/(tests\/|TESTING\.md$|\.checkov(-subcharts)?\.yaml$|\.helmignore$)/.test(e),
  );
  assert.equal(leaked, []);
  assert.ok(entries.length > 10, 'the package is not empty');
});

test('Chart.yaml names its icon, sources and maintainers, and Artifact Hub links', () => {
  const meta = packagedChartYaml;
  assert.match(meta.icon, /^https:\/\/.+\.(svg|png)$/);
  assert.ok(
    Array.isArray(meta.sources) && meta.sources.length >= 5,
    'the project and the four upstream charts',
  );
  for (const s of meta.sources) assert.match(s, /^https:\/\//);
  assert.ok(meta.maintainers?.length >= 1 && meta.maintainers[0].name);
  const links = parse(meta.annotations['artifacthub.io/links']) as Deep[];
  assert.ok(links.length >= 1);
  for (const l of links) assert.ok(l.name && /^https:\/\//.test(l.url), JSON.stringify(l));
});

const bare = (image: string) => image.replace(/^docker\.io\//, '').replace(/@sha256:[a-f0-9]+$/, '');

test('artifacthub.io/images lists exactly the images the chart defaults run', () => {
  const listed = (parse(packagedChartYaml.annotations['artifacthub.io/images']) as Deep[]).map((i) =>
    bare(i.image),
  );
  const objects = objectsOf('helm3', defaultsRender());
  const images = new Set<string>();
  const addPod = (spec: Deep | undefined) => {
    for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) images.add(bare(c.image));
  };
  for (const o of objects) {
    addPod(o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec);
    // The task pods, from the pod template the KubernetesExecutor reads.
    const template = o.kind === 'ConfigMap' ? o.data?.['pod_template_file.yaml'] : undefined;
    if (template) addPod((parse(template) as Deep).spec);
  }
  assert.equal([...listed].sort(), [...images].sort());
});

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startRegistry(): Promise<{ port: number; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(findTool('crane'), ['registry', 'serve', '--address', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d) => {
    stderr += d;
  });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`crane registry serve exited ${proc.exitCode}: ${stderr}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/v2/`);
      if (r.status === 200) return { port, proc };
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error(`crane registry serve did not answer on 127.0.0.1:${port} within 15 s: ${stderr}`);
}

test('the package, pushed to an OCI registry, renders back whole with Helm 4 (helm template oci://)', async () => {
  assert.ok(tgz, 'packaged');
  const { port, proc } = await startRegistry();
  try {
    const ref = `oci://127.0.0.1:${port}/charts`;
    const pushed = runTool('helm4', ['push', join(work, tgz as string), ref, '--plain-http']);
    assert.is(pushed.status, 0, pushed.stderr);
    const rendered = runTool('helm4', [
      'template',
      'logstack',
      `${ref}/airflow-logstack`,
      '--version',
      '0.1.0',
      '--plain-http',
      '--namespace',
      defaultsRender().namespace as string,
      ...MONITORING.flatMap((a) => ['--api-versions', a]),
    ]);
    assert.is(rendered.status, 0, rendered.stderr);
    const objects = parseManifests(rendered.stdout) as Deep[];
    // The same objects as a render of the chart folder: subcharts included, nothing lost on the way.
    const fromFolder = objectsOf('helm4', defaultsRender());
    const ids = (list: Deep[]) => list.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    assert.equal(ids(objects), ids(fromFolder));
    assert.ok(find(objects, 'StatefulSet', 'loki').length === 1, 'the Loki subchart is in the package');
  } finally {
    proc.kill();
  }
});

test.run();
