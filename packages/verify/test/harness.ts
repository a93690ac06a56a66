import { loadSpec } from '@logstack/spec';
import {
  type CheckId,
  kubeClusterReader,
  type VerifyOptions,
  type VerifyReport,
  verify,
} from '../src/index.js';
import { type FakeApi, startFake, type World } from './fake-api.js';
import { DAG, NS, RUN } from './scenario.js';

export const model = loadSpec('logstack.yaml', 'apiVersion: logstack/v1\n');

/** verify against a fake cluster, Loki and Airflow serving `world`. */
export async function run(
  world: World,
  options: Partial<VerifyOptions> = {},
): Promise<{ report: VerifyReport; api: FakeApi }> {
  const api = await startFake(world);
  try {
    const cluster = kubeClusterReader({
      kubeconfig: api.kubeconfig,
      timeoutMs: 2000,
      retries: 1,
      backoffMs: 10,
    });
    const report = await verify(
      {
        model,
        namespace: NS,
        lokiUrl: api.url,
        lokiAuth: { type: 'none' },
        dagId: DAG,
        runId: RUN,
        airflowUrl: api.url,
        airflowAuth: { type: 'none' },
        timeoutMs: 2000,
        retries: 2,
        backoffMs: 10,
        waitMs: 0,
        pollMs: 100,
        sinceMs: 24 * 3_600_000,
        maxP95Ms: 0,
        ...options,
      },
      cluster,
    );
    return { report, api };
  } finally {
    await api.close();
  }
}

export const get = (r: VerifyReport, id: CheckId) => {
  const c = r.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};
export const evidence = (r: VerifyReport, id: CheckId) => get(r, id).evidence.join('\n');
