import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { AirflowTaskLogs, type TaskInstance, type TaskPlan } from './airflow.js';
import { type AttemptReport, checkAttempt } from './check.js';
import { type PodHooks, type PodResult, RunningPod } from './pod.js';
import { LokiProxy } from './proxy.js';
import { DEFAULT_SPEC, type HarnessSpec } from './spec.js';
import { LogStore, type StoredLine } from './store.js';
import { sleep, waitFor } from './tools.js';

export interface PodRun {
  name: string;
  ti: TaskInstance;
  plan: TaskPlan;
  hooks?: PodHooks;
  outageToleranceSeconds?: number;
}

export interface CheckedPod extends PodResult {
  report: AttemptReport;
}

/** The store, the proxy in front of it and Airflow's task logging, shared by the pods of a run. */
export class Harness {
  private constructor(
    readonly store: LogStore,
    readonly proxy: LokiProxy,
    readonly airflow: AirflowTaskLogs,
    readonly specFile: string,
  ) {}

  static async start(specFile = DEFAULT_SPEC): Promise<Harness> {
    const tenant = (parse(readFileSync(specFile, 'utf8')) as { loki?: { tenant?: string } }).loki?.tenant;
    if (!tenant) throw new Error(`${specFile} sets no loki.tenant: the proxy must check one`);
    const store = await LogStore.start();
    const [proxy, airflow] = await Promise.all([LokiProxy.start(store.url, tenant), AirflowTaskLogs.start()]);
    return new Harness(store, proxy, airflow, specFile);
  }

  spec(outageToleranceSeconds?: number): HarnessSpec {
    return { specFile: this.specFile, lokiUrl: this.proxy.url, outageToleranceSeconds };
  }

  /** Runs pods, at most `parallel` at once, then checks each attempt against the store. */
  async runPods(runs: PodRun[], parallel = 4): Promise<CheckedPod[]> {
    const results = await this.runPodsOnly(runs, parallel);
    return Promise.all(results.map((p) => this.check(p, runs.find((r) => r.name === p.name)!.ti)));
  }

  /** Runs pods, at most `parallel` at once, without checking them (see checkAll). */
  async runPodsOnly(
    runs: PodRun[],
    parallel: number,
    progress?: (done: number) => void,
  ): Promise<PodResult[]> {
    const results: PodResult[] = [];
    let next = 0;
    const worker = async () => {
      while (next < runs.length) {
        const r = runs[next++]!;
        progress?.(results.length);
        results.push(
          await RunningPod.run(
            r.name,
            this.spec(r.outageToleranceSeconds),
            this.airflow,
            r.ti,
            r.plan,
            r.hooks,
          ),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, runs.length) }, worker));
    return results;
  }

  async check(pod: PodResult, ti: TaskInstance): Promise<CheckedPod> {
    const expected = readFileSync(pod.timings.task.path, 'utf8').split('\n').filter(Boolean).length;
    const stored = (await this.store.linesOfPod(pod.name, expected)).filter(
      (s) => s.attempt === String(ti.try_number),
    );
    return {
      ...pod,
      report: checkAttempt(pod.timings.task.path, stored, { model: pod.model, ti, pod: pod.name }),
    };
  }

  /** Checks many pods of one DAG with one query (for large runs). */
  async checkAll(pods: PodResult[], runs: PodRun[], dagId: string): Promise<CheckedPod[]> {
    const expected = pods.reduce(
      (n, p) => n + readFileSync(p.timings.task.path, 'utf8').split('\n').filter(Boolean).length,
      0,
    );
    let stored: StoredLine[] = [];
    await waitFor(
      `${expected} lines of ${dagId}`,
      async () => {
        stored = await this.store.query(`dag_id:=${JSON.stringify(dagId)}`);
        return stored.length >= expected ? true : undefined;
      },
      30_000,
      500,
    ).catch(() => undefined);
    await sleep(1100);
    stored = await this.store.query(`dag_id:=${JSON.stringify(dagId)}`);
    const byPod = new Map<string, StoredLine[]>();
    for (const s of stored) byPod.set(s.pod ?? '', [...(byPod.get(s.pod ?? '') ?? []), s]);
    return pods.map((p) => {
      const ti = runs.find((r) => r.name === p.name)!.ti;
      const lines = byPod.get(p.name) ?? [];
      return { ...p, report: checkAttempt(p.timings.task.path, lines, { model: p.model, ti, pod: p.name }) };
    });
  }

  async stop(): Promise<void> {
    await Promise.all([this.proxy.stop(), this.airflow.stop()]);
    await this.store.stop();
  }
}

/** A task instance for pod `name`: its own dag run, so every attempt is its own set of lines. */
export function taskInstance(name: string, over: Partial<TaskInstance> = {}): TaskInstance {
  return {
    dag_id: 'e2e_dag',
    run_id: `manual__2026-12-01T10:00:00+00:00_${name}`,
    task_id: `task_${name}`,
    map_index: -1,
    try_number: 1,
    ...over,
  };
}
