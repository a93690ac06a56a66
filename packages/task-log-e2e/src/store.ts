import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, requireBin, sleep, waitFor } from './tools.js';

/** One log line as VictoriaLogs returns it from a LogsQL query (every field a string). */
export type StoredLine = Record<string, string>;

/**
 * VictoriaLogs (Apache-2.0) as the Loki-protocol store: Vector's loki sink pushes to
 * /insert/loki/api/v1/push (snappy protobuf), the checks read back with LogsQL.
 */
export class LogStore {
  private constructor(
    private readonly proc: ChildProcess,
    private readonly dir: string,
    readonly url: string,
  ) {}

  static async start(): Promise<LogStore> {
    const bin = requireBin('victoria-logs');
    const dir = mkdtempSync(join(tmpdir(), 'e2e-vlogs-'));
    const port = await freePort();
    const proc = spawn(
      bin,
      [
        `-storageDataPath=${dir}`,
        `-httpListenAddr=127.0.0.1:${port}`,
        '-loggerLevel=ERROR',
        '-retentionPeriod=30d',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const store = new LogStore(proc, dir, `http://127.0.0.1:${port}`);
    await waitFor(
      'VictoriaLogs to answer /health',
      async () => ((await fetch(`${store.url}/health`).catch(() => undefined))?.ok ? true : undefined),
      10_000,
    );
    return store;
  }

  /** Every line matching a LogsQL query. */
  async query(logsql: string): Promise<StoredLine[]> {
    const res = await fetch(`${this.url}/select/logsql/query`, {
      method: 'POST',
      body: new URLSearchParams({ query: logsql }),
    });
    if (!res.ok) throw new Error(`LogsQL ${logsql}: HTTP ${res.status} ${await res.text()}`);
    const text = await res.text();
    return text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as StoredLine);
  }

  /** Lines of one pod; waits until `expected` are there (VictoriaLogs makes pushes searchable within about a second). */
  async linesOfPod(pod: string, expected: number, timeoutMs = 15_000): Promise<StoredLine[]> {
    let last: StoredLine[] = [];
    try {
      return await waitFor(
        `${expected} lines of ${pod} in the store`,
        async () => {
          last = await this.query(`pod:=${JSON.stringify(pod)}`);
          return last.length >= expected ? last : undefined;
        },
        timeoutMs,
        250,
      ).then(async () => {
        // A duplicate pushed last may become searchable a moment after the expected count.
        await sleep(1100);
        return this.query(`pod:=${JSON.stringify(pod)}`);
      });
    } catch {
      return last;
    }
  }

  async stop(): Promise<void> {
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGTERM');
    await exited;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
