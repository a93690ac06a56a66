// Big manifests are parsed job by job; what discovery reports must not depend on it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { discoverJobs } from '../src/index.js';
import { splitManifest } from '../src/manifest-split.js';
import { packagesRoot } from './helpers.js';

const head = 'apiVersion: logstack/jobs/v1\n';
const job = (id: string, extra = '') =>
  `  - id: ${id}\n    entrypoint: p.${id}:run\n    schedule: "@daily"\n${extra}`;

/** Manifests of every kind: good, with problems in one job or in the envelope, odd shapes. */
const manifests: Record<string, string> = {
  good: `# comment\n${head}jobs:\n${job('a')}\n  # between jobs\n${job('b', '    description: |\n      two\n\n      lines\n')}${job('c')}`,
  'bad job': `${head}jobs:\n${job('a')}${job('b', '    schedule2: x\n    retries: -1\n')}${job('c', '    startDate: "2025-02-30"\n')}`,
  'bad envelope': `apiVersion: logstack/jobs/v9\njobs:\n${job('a')}extra: 1\n`,
  'items at column 0': `${head}jobs:\n- id: z\n  entrypoint: p.z:run\n  schedule: "@hourly"\n`,
  'alias across jobs': `${head}jobs:\n  - &first\n    id: a\n    entrypoint: p.a:run\n    schedule: "@daily"\n  - <<: *first\n    id: b\n`,
  'duplicate key in a job': `${head}jobs:\n${job('a', '    retries: 1\n    retries: 2\n')}`,
  'flow style': `${head}jobs: [{id: f, entrypoint: "p.f:run", schedule: "@daily"}]\n`,
  'key after jobs': `${head}jobs:\n${job('a')}\n# trailing\nunknown: true\n`,
};

test('splitManifest: block sequences are split into jobs with their first line; other shapes are not', () => {
  const parts = splitManifest(manifests.good as string);
  assert.ok(parts);
  assert.equal(
    parts.items.map((i) => i.firstLine),
    [4, 9, 16],
  );
  assert.match(parts.envelope, /^# comment\napiVersion: logstack\/jobs\/v1\njobs: \[\]\n\n/);
  assert.is(parts.envelope.split('\n').length, (manifests.good as string).split('\n').length);
  assert.is(splitManifest(manifests['flow style'] as string), undefined);
  assert.is(splitManifest((manifests.good as string).replace(/\n/g, '\r\n')), undefined);
  assert.is(splitManifest(`---\n${manifests.good}`), undefined);
  assert.equal(
    splitManifest(manifests['key after jobs'] as string)?.items.map((i) => i.text.split('\n').length),
    [5],
  );
});

/** Discovery of one manifest, with the root taken out of file names. */
async function discovered(text: string) {
  const root = packagesRoot({ 'p/logstack-jobs.yaml': text });
  const d = await discoverJobs(root);
  return JSON.parse(JSON.stringify({ jobs: d.jobs, issues: d.issues }).replaceAll(root, '<root>'));
}

test('job by job or whole, discovery finds the same jobs and the same problems at the same places', async () => {
  for (const [name, text] of Object.entries(manifests)) {
    // CR LF line ends keep every line and column but are never split: the whole-file parse.
    const whole = await discovered(text.replace(/\n/g, '\r\n'));
    assert.equal(await discovered(text), whole, name);
  }
  const bad = await discovered(manifests['bad job'] as string);
  assert.equal(
    bad.issues.map((i: { job: string; line: number }) => [i.job, i.line]),
    [
      ['b', 9],
      ['b', 10],
      ['c', 14],
    ],
  );
});

test.run();
