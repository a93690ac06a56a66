import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_BODY_BYTES, statusReason } from '../src/index.js';
import { defaultWorld } from './fake-api.js';
import { get, run } from './harness.js';
import { passingRun } from './scenario.js';

// verify reads at most MAX_BODY_BYTES of any answer, and says so, instead of buffering whatever a
// wrong URL or a hostile server sends (a 1 GiB answer took 2.2 GiB and was reported "unreachable").

const over = MAX_BODY_BYTES + 1024 * 1024;
const heapGrowth = async (fn: () => Promise<void>) => {
  const before = process.memoryUsage().rss;
  await fn();
  return process.memoryUsage().rss - before;
};

for (const declared of [true, false]) {
  test(`an oversized Loki answer (${declared ? 'with' : 'without'} Content-Length) fails loki-access saying so, once`, async () => {
    let result: Awaited<ReturnType<typeof run>> | undefined;
    const growth = await heapGrowth(async () => {
      result = await run({
        ...defaultWorld(passingRun()),
        oversized: { where: 'loki', bytes: over * 4, declared },
      });
    });
    const c = get(result!.report, 'loki-access');
    assert.is(c.status, 'fail');
    assert.match(
      c.summary,
      /the answer is larger than 32 MiB, the most verify reads of one answer; stopped reading it/,
    );
    assert.not.match(c.summary, /unreachable/);
    assert.is(result!.api.requests.filter((r) => r.path.startsWith('/loki/')).length, 1, 'not retried');
    assert.ok(growth < 4 * over, `memory grew by ${growth} bytes for a ${4 * over}-byte answer`);
  });

  test(`an oversized Kubernetes answer (${declared ? 'with' : 'without'} Content-Length) fails with the same message`, async () => {
    const { report, api } = await run({
      ...defaultWorld(passingRun()),
      oversized: { where: 'kube', bytes: over, declared },
    });
    const text = report.checks.map((c) => `${c.id} ${c.status} ${c.summary}`).join('\n');
    assert.match(text, /list pods in airflow: the answer is larger than 32 MiB/);
    assert.not.match(text, /undefined/);
    // Each list call is tried once (a retry would repeat it right away): the harness allows one retry.
    const calls = api.requests.map((r) => r.path.split('?')[0]);
    assert.ok(
      calls.every((p, i) => !p?.startsWith('/api/v1/') || p !== calls[i + 1]),
      calls.join('\n'),
    );
  });
}

test('a Kubernetes 401 without a body names the status and what to do, never "undefined"', async () => {
  for (const [status, body, expected] of [
    [401, '', /HTTP 401 Unauthorized: the API server did not accept the kubeconfig’s credentials/],
    [
      401,
      '{"kind":"Status","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}',
      /HTTP 401 Unauthorized: the API server did not accept/,
    ],
    [
      403,
      '{"kind":"Status","message":"pods is forbidden: User \\"x\\" cannot list resource \\"pods\\"","code":403}',
      /HTTP 403 pods is forbidden: User "x" cannot list resource "pods": the kubeconfig’s user may not/,
    ],
  ] as const) {
    const { report } = await run({ ...defaultWorld(passingRun()), kubeAnswer: { status, body } });
    const text = report.checks.map((c) => `${c.id} ${c.status} ${c.summary}`).join('\n');
    assert.match(text, expected, text);
    assert.not.match(text, /undefined/);
  }
});

test('statusReason: Status message, plain text, nothing at all', () => {
  assert.is(statusReason(500, '{"message":"etcd timeout"}'), 'etcd timeout');
  assert.is(statusReason(502, 'bad gateway from proxy\n'), 'bad gateway from proxy');
  assert.is(statusReason(504, undefined), 'Gateway Timeout');
  assert.is(statusReason(418, { message: 'teapot' }), 'teapot');
});

test.run();
