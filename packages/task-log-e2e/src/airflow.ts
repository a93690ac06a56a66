import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { venvPython } from './tools.js';

export interface TaskInstance {
  dag_id: string;
  run_id: string;
  task_id: string;
  map_index: number;
  try_number: number;
}

export interface TaskPlan {
  /** Lines the task logs (every 17th an exception with its structured error_detail). */
  lines: number;
  /** Time between two lines (or two groups of linesPerTick lines), kept as a rate. */
  intervalMs?: number;
  /** Lines written together each interval (for high rates: 10 lines every 10 ms is 1,000 lines/s). */
  linesPerTick?: number;
  /** Quiet time before the last line. */
  silenceBeforeLastMs?: number;
  /** One line (the last unless bigLineAt) carries a payload of this many bytes. */
  bigLineBytes?: number;
  /** 1-based number of the line with the big payload. */
  bigLineAt?: number;
  /** Every n-th line is a print() to stdout (logger task.stdout) instead of a log call. */
  stdoutEvery?: number;
}

export interface TaskRun {
  path: string;
  startedAt: number;
  endedAt: number;
}

const SCRIPT = fileURLToPath(new URL('./airflow_task_logs.py', import.meta.url));

/**
 * Airflow 3.1.3's task logging, in one long-lived Python process: `run` writes one attempt file
 * under `base` at the path `template` (the spec's log filename template) gives, and resolves when
 * the task's last line is written.
 */
export class AirflowTaskLogs {
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: TaskRun) => void; reject: (e: Error) => void }>();

  private constructor(private readonly proc: ChildProcess) {}

  static async start(): Promise<AirflowTaskLogs> {
    const proc = spawn(venvPython(), [SCRIPT], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONUNBUFFERED: '1', AIRFLOW__CORE__UNIT_TEST_MODE: 'False' },
    });
    const logs = new AirflowTaskLogs(proc);
    // Airflow's own start-up logging (plugins, config) goes to stderr; kept for a failure message.
    let stderr = '';
    proc.stderr!.on('data', (d) => {
      stderr = (stderr + d).slice(-20_000);
    });
    const ready = new Promise<void>((resolve, reject) => {
      proc.once('exit', (code) =>
        reject(new Error(`the Airflow task-log writer exited with ${code}:\n${stderr}`)),
      );
      const lines = createInterface({ input: proc.stdout! });
      lines.on('line', (line) => {
        const msg = JSON.parse(line) as {
          ready?: boolean;
          id?: number;
          error?: string;
          path?: string;
          started_at?: number;
          ended_at?: number;
        };
        if (msg.ready) return resolve();
        const w = logs.waiting.get(msg.id!);
        if (!w) return;
        logs.waiting.delete(msg.id!);
        if (msg.error) w.reject(new Error(`Airflow task-log writer: ${msg.error}`));
        else w.resolve({ path: msg.path!, startedAt: msg.started_at!, endedAt: msg.ended_at! });
      });
    });
    await ready;
    return logs;
  }

  run(base: string, template: string, ti: TaskInstance, plan: TaskPlan): Promise<TaskRun> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.proc.stdin!.write(
        `${JSON.stringify({
          id,
          base,
          template,
          ti,
          lines: plan.lines,
          interval_ms: plan.intervalMs ?? 0,
          silence_before_last_ms: plan.silenceBeforeLastMs ?? 0,
          big_line_bytes: plan.bigLineBytes ?? 0,
          big_line_at: plan.bigLineAt ?? 0,
          stdout_every: plan.stdoutEvery ?? 0,
          lines_per_tick: plan.linesPerTick ?? 1,
        })}\n`,
      );
    });
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.stdin!.end();
    this.proc.kill('SIGTERM');
    await exited;
  }
}
