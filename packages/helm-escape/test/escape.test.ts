import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { escapeFor, escapeForTplPasses, escapeValuesFor, TPL_PASSES } from '../src/index.js';

test('the destination table says how many tpl passes each upstream chart applies', () => {
  assert.equal(TPL_PASSES, {
    airflowPodTemplate: 1,
    airflowWorkerExtras: 1,
    vectorCustomConfig: 1,
    alloyConfigMapContent: 1,
    airflowLocalSettings: 1,
    airflowComponentExtras: 1,
  });
});

test('escapeFor escapes exactly as many levels as the table says', () => {
  for (const [dest, passes] of Object.entries(TPL_PASSES)) {
    const d = dest as keyof typeof TPL_PASSES;
    assert.is(escapeFor(d, 'a {{ b }} c'), escapeForTplPasses('a {{ b }} c', passes), dest);
    assert.is.not(escapeFor(d, '{{'), escapeForTplPasses('{{', passes + 1), dest);
  }
});

test('zero passes leaves text alone; text without {{ or }} is never changed', () => {
  assert.is(escapeForTplPasses('{{ x }}', 0), '{{ x }}');
  for (const s of ['plain', '{', '}', '{}', '}{', '{ a }', '`"\'', ''])
    assert.is(escapeForTplPasses(s, 3), s);
});

test('one pass turns each brace run into one raw-string action', () => {
  assert.is(escapeForTplPasses('{{ dag_id }}', 1), '{{`{{`}} dag_id {{`}}`}}');
  // The whole run: a lone `{` before an escaped `}}` would otherwise open the action early.
  assert.is(escapeForTplPasses('{}}', 1), '{{`{}}`}}');
  assert.is(escapeForTplPasses('{{{', 1), '{{`{{{`}}');
});

test('escaping adds no double quote or backslash, so a double-quoted YAML scalar cannot break it', () => {
  const e = escapeForTplPasses('{{ a }} {{- x -}} }}} {}} {{{', 3);
  assert.not.match(e, /["\\]/);
});

test('passes must be a whole number >= 0', () => {
  assert.throws(() => escapeForTplPasses('x', -1), /whole number/);
  assert.throws(() => escapeForTplPasses('x', 1.5), /whole number/);
});

test('escapeValuesFor escapes keys and strings at any depth and keeps other values', () => {
  const out = escapeValuesFor('airflowWorkerExtras', {
    '{{k}}': ['{{ a }}', 3, true, null, { b: '}}' }],
  });
  assert.equal(out, {
    '{{`{{`}}k{{`}}`}}': ['{{`{{`}} a {{`}}`}}', 3, true, null, { b: '{{`}}`}}' }],
  });
});

test.run();
