import { execFileSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { discoverJobs, pythonLiteral, renderDag } from '../src/index.js';
import { packagesRoot } from './helpers.js';

const one = async (py: string) => {
  const d = await discoverJobs(packagesRoot({ 'pkg/jobs/job.py': py }));
  return { jobs: d.jobs, issues: d.issues };
};

test('the 3-element tuple gives a job with every default', async () => {
  const { jobs, issues } = await one('import os\n\nJOB = ("etl_a", "@hourly", "pkg.mod:run")\n');
  assert.equal(issues, []);
  assert.is(jobs.length, 1);
  const j = jobs[0]!;
  assert.is(j.line, 3);
  assert.is(j.origin, 'tuple');
  assert.is(j.source, 'pkg/jobs/job.py');
  assert.equal(
    {
      id: j.job.id,
      schedule: j.job.schedule,
      entrypoint: j.job.entrypoint,
      operator: j.job.operator,
      retries: j.job.retries,
    },
    { id: 'etl_a', schedule: '@hourly', entrypoint: 'pkg.mod:run', operator: 'python', retries: 1 },
  );
});

test('the options dict, None schedule, escapes, comments, negative numbers and implicit concatenation', async () => {
  const { jobs, issues } = await one(
    [
      'JOB = (',
      '    "etl_b",  # the id',
      '    None,',
      "    'pkg.mod:run',",
      '    {',
      '        "retries": 0x2,',
      '        "tags": ["a", \'b\'],',
      '        "params": {"q": "it\\\'s \\"x\\"\\n\\u00e9", "raw": r"C:\\new", "n": -1.5, "t": (1, True, None), "s": "ab" "cd"},',
      '    },',
      ')',
      '',
    ].join('\n'),
  );
  assert.equal(issues, []);
  const job = jobs[0]!.job;
  assert.is(job.schedule, null);
  assert.is(job.retries, 2);
  assert.equal(job.tags, ['a', 'b']);
  assert.equal(job.params, {
    q: 'it\'s "x"\n\u00e9',
    raw: 'C:\\new',
    n: -1.5,
    t: [1, true, null],
    s: 'abcd',
  });
});

const rejects: [string, string, RegExp][] = [
  ['JOB = ("a", SCHEDULE, "m:f")\n', '1:13', /not a literal: the name SCHEDULE/],
  ['JOB = ("a", "@daily", "m:f", {"retries": int("2")})\n', '1:42', /not a literal: a call `int\("2"\)`/],
  ['JOB = (f"a{x}", "@daily", "m:f")\n', '1:8', /f-string/],
  ['JOB = ("a", "@daily")\n', '1:7', /JOB has 2 elements/],
  ['JOB = ["a", "@daily", "m:f"]\n', '1:7', /must be a tuple/],
  ['JOB = ("a", "@daily", "m:f", {"id": "b"})\n', '1:30', /"id" is set by the tuple itself/],
  ['JOB = ("a", "@daily", "m:f", {**base})\n', '1:31', /not a literal/],
  ['JOB = ("a", "@daily", "m:f")\nJOB = ("b", "@daily", "m:f")\n', '2:1', /assigned more than once/],
  ['JOB = ("a", "@daily", "m:f")\ndef broken(:\n    pass\n', '2:', /Python syntax error/],
];
for (const [py, where, reason] of rejects) {
  test(`rejected with file:line and reason: ${py.split('\n')[0]}`, async () => {
    const { jobs, issues } = await one(py);
    assert.is(jobs.length, 0);
    assert.is(issues.length, 1);
    const i = issues[0]!;
    assert.ok(`${i.line}:${i.column}`.startsWith(where), `${i.line}:${i.column} for ${where}`);
    assert.match(i.message, reason);
    assert.match(i.file, /pkg\/jobs\/job\.py$/);
  });
}

test('a "__proto__" key stays a key: kept in params, an unknown key among the options', async () => {
  const kept = await one('JOB = ("p", None, "m:f", {"params": {"__proto__": {"x": 1}, "y": 2}})\n');
  assert.equal(kept.issues, []);
  const params = kept.jobs[0]!.job.params as Record<string, unknown>;
  assert.equal(Object.keys(params), ['__proto__', 'y']);
  assert.is(Object.getPrototypeOf(params), Object.prototype);
  assert.match(renderDag(kept.jobs[0]!).content, /^PARAMS = \{"__proto__": \{"x": 1\}, "y": 2\}$/m);
  const option = await one('JOB = ("p", None, "m:f", {"__proto__": {"retries": 7}})\n');
  assert.is(option.jobs.length, 0);
  assert.equal(
    option.issues.map((i) => `${i.line}:${i.column} ${i.pointer} ${i.message}`),
    ['1:40 /__proto__ unknown key "__proto__"'],
  );
});

test('schema errors point at the element in the Python file', async () => {
  const { issues } = await one(
    'JOB = (\n    "bad id!",\n    "@daily",\n    "m:f",\n    {"retries": -1, "colour": 1},\n)\n',
  );
  const by = Object.fromEntries(issues.map((i) => [i.pointer, `${i.line}:${i.column} ${i.message}`]));
  assert.match(by['/id']!, /^2:5 does not have the required form/);
  assert.match(by['/retries']!, /^5:17 -1 is out of range/);
  assert.match(by['/colour']!, /^5:\d+ unknown key "colour"/);
});

test('a file without JOB is not a job and not a problem', async () => {
  const { jobs, issues } = await one('def helper():\n    return 1\n');
  assert.is(jobs.length + issues.length, 0);
});

test('pythonLiteral: Python reads back exactly the JSON value (quotes, newlines, unicode, Jinja, surrogates)', () => {
  const value = {
    q: 'it\'s "quoted" \\ back\nslash\r\t',
    jinja: '{{ ds }} {% raw %}',
    uni: 'é 漢字 \u2028 \u0000 😀',
    nums: [0, -1, 1.5, 1e21, 123456789012],
    nested: { t: true, f: false, n: null, 'key "with" quotes': [] },
  };
  const py = pythonLiteral(value);
  const back = execFileSync(
    'python3',
    ['-c', 'import ast, json, sys; print(json.dumps(ast.literal_eval(sys.stdin.read())))'],
    {
      input: py,
    },
  ).toString();
  assert.equal(JSON.parse(back), value);
  assert.throws(() => pythonLiteral(Number.NaN), /no Python literal/);
});

test.run();
