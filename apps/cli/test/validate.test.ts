import { readdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { generators } from '../src/generators.js';
import { cli, example, specFile, tempDir, withGenerators } from './helpers.js';

const refuses: (typeof generators)[number] = (model) => {
  if (model.airflow.namespace === 'airflow') throw new Error('namespace airflow cannot be generated');
  return [];
};

test('validate also generates: a spec the checks pass but a generator refuses exits 2 with the reason', async () => {
  await withGenerators([refuses], async () => {
    const spec = example('minimal');
    const r = await cli('validate', spec);
    assert.is(r.code, 2);
    assert.is(r.stdout, '');
    assert.is(
      r.stderr,
      `${spec} /: the spec passed the checks but cannot be generated: namespace airflow cannot be generated\n1 problem found\n`,
    );
    const json = await cli('validate', spec, '--json');
    assert.is(json.code, 2);
    assert.equal(JSON.parse(json.stdout), {
      ok: false,
      valid: false,
      exitCode: 2,
      issues: [
        {
          code: 'generate.failed',
          file: spec,
          pointer: '',
          message:
            'the spec passed the checks but cannot be generated: namespace airflow cannot be generated',
        },
      ],
    });
    assert.is((await cli('validate', example('complete'))).code, 0, 'other specs still validate');
  });
});

test('a CronJob DAG sync with an interval no schedule can express: validate and generate exit 2, nothing written', async () => {
  const spec = specFile('apiVersion: logstack/v1\ndagSync: {mode: cronJob, interval: 7m}\n');
  const v = await cli('validate', spec);
  assert.is(v.code, 2);
  assert.match(v.stderr, /7m/);
  const out = tempDir();
  const g = await cli('generate', spec, '-o', out);
  assert.is(g.code, 2);
  assert.not.match(g.stderr, /internal error/);
  assert.equal(readdirSync(out), []);
});

test.run();
