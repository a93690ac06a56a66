import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Container, plainPodTemplateFile } from '@logstack/pod-template';
import type { LogstackModel } from '@logstack/spec';
import { renderVectorConfig, SIDECAR_LAYOUT } from '@logstack/vector-config';
import { parse, stringify } from 'yaml';
import type { AirflowTaskLogs, TaskInstance, TaskPlan, TaskRun } from './airflow.js';
import { type HarnessSpec, podModel } from './spec.js';
import { busyboxPath, freePort, processCpuMs, requireBin, sleep } from './tools.js';

/** The parts of the generated sidecar container the kubelet acts on. */
interface Sidecar {
  args: string[];
  startupProbe: {
    exec: { command: string[] };
    periodSeconds: number;
    timeoutSeconds: number;
    failureThreshold: number;
  };
  lifecycle: { preStop: { exec: { command: string[] } } };
}

export interface PodTimings {
  /** The sidecar container started (Vector spawned). */
  sidecarStart: number;
  /** The startup probe passed: the kubelet starts the task container now. */
  started: number;
  task: TaskRun;
  /** preStop (the drain) returned. */
  drainEnd: number;
  /** Vector exited after SIGTERM (or SIGKILL at the end of the grace period). */
  exit: number;
}

export interface PodResult {
  name: string;
  model: LogstackModel;
  timings: PodTimings;
  drain: { code: number | null; stderr: string };
  /** The kubelet's SIGKILL came at the end of terminationGracePeriodSeconds. */
  killed: boolean;
  probeExecs: number;
  /** CPU time Vector used until its startup probe passed (load-independent, unlike the wall time). */
  startupCpuMs: number;
  vectorLog: string;
  /** Vector processes that ran (more than one when a scenario killed and restarted it). */
  vectorRuns: number;
}

export interface PodHooks {
  /** Runs while the task writes (e.g. kill and restart Vector). */
  duringTask?: (pod: RunningPod) => Promise<void>;
  /** Runs after the task ended, when the drain has just started (e.g. a new file appears). */
  duringDrain?: (pod: RunningPod) => Promise<void>;
}

/**
 * One KubernetesExecutor task pod, played as the kubelet plays it, with the generated pod template
 * (mode (c)): the sidecar container's own command and args, its startup probe and preStop drain
 * run as written under busybox sh, terminationGracePeriodSeconds from the pod. Changed for this
 * machine: paths (logs folder, data_dir), the Loki URL, the metrics and API addresses (127.0.0.1).
 */
export class RunningPod {
  vector!: ChildProcess;
  vectorLog = '';
  vectorRuns = 0;
  readonly logs: string;
  readonly data: string;
  private readonly configPath: string;
  private readonly container: Sidecar;
  private readonly checkpoints: string;

  private constructor(
    readonly name: string,
    readonly model: LogstackModel,
    readonly root: string,
    readonly terminationGracePeriodSeconds: number,
  ) {
    this.logs = model.airflow.logs.folder;
    this.data = join(root, 'data');
    this.configPath = join(root, 'vector.yaml');
    this.checkpoints = SIDECAR_LAYOUT.checkpointsFile.replace(SIDECAR_LAYOUT.dataDir, this.data);
    const pod = plainPodTemplateFile(model) as {
      spec: { initContainers: Container[]; terminationGracePeriodSeconds: number };
    };
    this.container = pod.spec.initContainers[0] as unknown as Sidecar;
    mkdirSync(this.data, { recursive: true });
    const config = parse(renderVectorConfig(model, 'yaml')) as Record<string, unknown> & {
      sinks: Record<string, { type: string; address?: string }>;
    };
    config.data_dir = this.data;
    for (const sink of Object.values(config.sinks))
      if (sink.type === 'prometheus_exporter') sink.address = `127.0.0.1:${model.sidecar.metricsPort}`;
    writeFileSync(this.configPath, stringify(config));
  }

  static async create(name: string, spec: HarnessSpec): Promise<RunningPod> {
    const root = mkdtempSync(join(tmpdir(), `e2e-pod-${name}-`));
    const logs = join(root, 'logs');
    mkdirSync(logs);
    const model = podModel(spec, { logs, apiPort: await freePort(), metricsPort: await freePort() });
    const grace = (plainPodTemplateFile(model).spec as { terminationGracePeriodSeconds: number })
      .terminationGracePeriodSeconds;
    return new RunningPod(name, model, root, grace);
  }

  /** The container's args with the config path of this machine. */
  private vectorArgs(): string[] {
    return this.container.args.map((a) =>
      a.startsWith(`${SIDECAR_LAYOUT.configDir}/`) ? this.configPath : a,
    );
  }

  startVector(): void {
    this.vectorRuns++;
    this.vector = spawn(requireBin('vector'), this.vectorArgs(), {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        PATH: process.env.PATH,
        POD_NAME: this.name,
        POD_NAMESPACE: this.model.airflow.namespace,
        NODE_NAME: 'node-e2e',
        VECTOR_LOG: 'warn',
      },
    });
    this.vector.stderr!.on('data', (d) => {
      this.vectorLog += d;
    });
  }

  async killVector(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const exited = new Promise((r) => this.vector.once('exit', r));
    this.vector.kill(signal);
    await exited;
  }

  /** A script of the container (probe or preStop) under busybox sh, with this pod's paths. */
  shell(script: string, timeoutMs?: number): Promise<{ code: number | null; stderr: string }> {
    const local = script.replace(`'${SIDECAR_LAYOUT.checkpointsFile}'`, `'${this.checkpoints}'`);
    return new Promise((resolve) => {
      const child = spawn('sh', ['-c', local], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { PATH: busyboxPath() },
      });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const timer = timeoutMs ? setTimeout(() => child.kill('SIGKILL'), timeoutMs) : undefined;
      child.on('close', (code) => {
        if (timer) clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
  }

  /** The kubelet's startup probe: exec at once, then every periodSeconds until it passes. */
  async startupProbe(): Promise<number> {
    const probe = this.container.startupProbe;
    const script = probe.exec.command[2]!;
    for (let exec = 1; exec <= probe.failureThreshold; exec++) {
      const r = await this.shell(script, probe.timeoutSeconds * 1000);
      if (r.code === 0) return exec;
      await sleep(probe.periodSeconds * 1000);
    }
    throw new Error(`${this.name}: the startup probe never passed\n${this.vectorLog}`);
  }

  /** The kubelet ending the pod: preStop, SIGTERM, SIGKILL at the grace period's end. */
  async terminate(): Promise<{
    drain: { code: number | null; stderr: string };
    drainEnd: number;
    killed: boolean;
  }> {
    const graceEnd = Date.now() + this.terminationGracePeriodSeconds * 1000;
    const drain = await this.shell(
      this.container.lifecycle.preStop.exec.command[2]!,
      this.terminationGracePeriodSeconds * 1000,
    );
    const drainEnd = Date.now();
    let killed = false;
    const exited = new Promise((r) => this.vector.once('exit', r));
    if (this.vector.exitCode === null) {
      this.vector.kill('SIGTERM');
      const timer = setTimeout(
        () => {
          killed = true;
          this.vector.kill('SIGKILL');
        },
        Math.max(0, graceEnd - Date.now()),
      );
      await exited;
      clearTimeout(timer);
    }
    return { drain, drainEnd, killed };
  }

  /** The whole pod: sidecar, probe, task, drain, stop. */
  static async run(
    name: string,
    spec: HarnessSpec,
    airflow: AirflowTaskLogs,
    ti: TaskInstance,
    plan: TaskPlan,
    hooks: PodHooks = {},
  ): Promise<PodResult> {
    const pod = await RunningPod.create(name, spec);
    const sidecarStart = Date.now();
    pod.startVector();
    const probeExecs = await pod.startupProbe();
    const started = Date.now();
    const startupCpuMs = processCpuMs(pod.vector.pid!);
    const writing = airflow.run(pod.logs, pod.model.airflow.logs.filenameTemplate, ti, plan);
    const [task] = await Promise.all([writing, hooks.duringTask?.(pod)]);
    const ending = pod.terminate();
    await hooks.duringDrain?.(pod);
    const { drain, drainEnd, killed } = await ending;
    return {
      name,
      model: pod.model,
      timings: { sidecarStart, started, task, drainEnd, exit: Date.now() },
      drain,
      killed,
      probeExecs,
      startupCpuMs,
      vectorLog: pod.vectorLog,
      vectorRuns: pod.vectorRuns,
    };
  }
}
