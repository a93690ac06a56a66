import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSpec, formatIssues, MAX_NESTING, MAX_SPEC_BYTES } from '../src/index.js';

const head = 'apiVersion: logstack/v1\n';

/**
 * Counts the element visits of Array.prototype.some/find/findIndex during `fn`: the scans the yaml
 * library and a naive locate repeat per key. Work, not wall time: the same on any machine.
 */
function scans(fn: () => void): number {
  const proto = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const names = ['some', 'find', 'findIndex'] as const;
  const saved = names.map((n) => proto[n] as (...args: unknown[]) => unknown);
  let visits = 0;
  names.forEach((n, i) => {
    const original = saved[i] as (...args: unknown[]) => unknown;
    proto[n] = function (this: unknown[], ...args: unknown[]) {
      const [pred, ...rest] = args as [(...a: unknown[]) => unknown, ...unknown[]];
      const counted = (...a: unknown[]) => {
        visits++;
        return pred(...a);
      };
      return original.call(this, counted, ...rest);
    };
  });
  try {
    fn();
  } finally {
    names.forEach((n, i) => {
      proto[n] = saved[i] as (...args: unknown[]) => unknown;
    });
  }
  return visits;
}

/** Specs with n unknown keys in three places: top level, a section, and a map of static labels. */
const shapes: Record<string, (n: number) => string> = {
  'unknown top-level keys': (n) => head + Array.from({ length: n }, (_, i) => `k${i}: 1\n`).join(''),
  'unknown keys in a section': (n) =>
    `${head}loki:\n${Array.from({ length: n }, (_, i) => `  k${i}: 1\n`).join('')}`,
  'static labels with bad values': (n) =>
    `${head}loki:\n  staticLabels:\n${Array.from({ length: n }, (_, i) => `    l${i}: "{x}"\n`).join('')}`,
};

for (const [shape, spec] of Object.entries(shapes)) {
  test(`validation work grows linearly: ${shape} (1,000 vs 4,000)`, () => {
    let issues = 0;
    const small = scans(() => {
      issues = checkSpec('big.yaml', spec(1000)).issues.length;
    });
    assert.ok(issues >= 1000, `every key reported (${issues})`);
    const large = scans(() => checkSpec('big.yaml', spec(4000)));
    // Linear: about 4x. The quadratic scans gave 16x (yaml's duplicate-key check, locate per key).
    assert.ok(large <= small * 5 + 1000, `4x the keys cost ${large} scans vs ${small}`);
  });
}

test('a spec over the size limit is refused before it is parsed', () => {
  for (const text of [
    `${head}# ${'x'.repeat(MAX_SPEC_BYTES)}\n`,
    `${head}${'é'.repeat(MAX_SPEC_BYTES / 2 + 1)}: 1\n`, // over in bytes, under in characters
  ]) {
    const { issues } = checkSpec('big.yaml', text);
    assert.is(issues.length, 1);
    assert.is(issues[0]?.code, 'spec.too-large');
    assert.match(issues[0]?.message ?? '', /bytes; specs are refused above 1048576 bytes/);
  }
  assert.is(checkSpec('ok.yaml', `${head}# ${'x'.repeat(MAX_SPEC_BYTES - 100)}\n`).issues.length, 0);
});

const deep = {
  'flow sequences': (n: number) => `${head}airflow: ${'['.repeat(n)}${']'.repeat(n)}\n`,
  'flow mappings': (n: number) => `${head}airflow: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`,
  'block mappings': (n: number) =>
    `${head}airflow:\n${Array.from({ length: n }, (_, i) => `${'  '.repeat(i + 1)}a:\n`).join('')}`,
  'block sequences': (n: number) =>
    `${head}loki:\n  labels:\n${Array.from({ length: n }, (_, i) => `${'  '.repeat(i + 2)}-\n`).join('')}`,
};

for (const [shape, spec] of Object.entries(deep)) {
  test(`nesting past ${MAX_NESTING} levels says "nested too deep" with the line: ${shape}`, () => {
    for (const n of shape.startsWith('flow') ? [MAX_NESTING + 1, 5000, 100_000] : [MAX_NESTING + 1, 500]) {
      const { issues } = checkSpec('deep.yaml', spec(n));
      assert.is(issues.length, 1, JSON.stringify(issues.slice(0, 2)));
      const [issue] = issues;
      assert.is(issue?.code, 'syntax.too-deep');
      assert.match(issue?.message ?? '', /^nested too deep: more than 100 levels/);
      assert.not.match(formatIssues(issues), /call stack/);
      // The flow shapes nest on line 2; the block ones one line per level, starting below line 3.
      if (shape.startsWith('flow')) assert.is(issue?.line, 2);
      else assert.ok((issue?.line ?? 0) > MAX_NESTING, `line ${issue?.line}`);
    }
  });
}

test('nesting up to the limit is parsed as usual', () => {
  const { issues } = checkSpec('deep.yaml', deep['flow mappings'](MAX_NESTING - 1));
  assert.ok(issues.length > 0);
  assert.not.ok(issues.some((i) => i.code === 'syntax.too-deep'));
});

test('numbers JSON cannot show are printed as written: .nan, .inf, -.inf, 1e309', () => {
  for (const [written, what] of [
    ['.nan', 'not a number'],
    ['.NaN', 'not a number'],
    ['.inf', 'infinite'],
    ['-.inf', 'infinite'],
    ['1e309', 'infinite'],
    ['-2e400', 'infinite'],
  ]) {
    const { issues } = checkSpec('bad.yaml', `${head}loki:\n  batch:\n    timeoutMs: ${written}\n`);
    const issue = issues.find((i) => i.pointer === '/loki/batch/timeoutMs');
    assert.ok(issue, JSON.stringify(issues));
    assert.is(issue?.valueText, written);
    const text = formatIssues(issues);
    assert.ok(text.includes(`  value:   ${written} (${what})`), text);
    assert.not.match(text, /value: +null/);
  }
});

test.run();
