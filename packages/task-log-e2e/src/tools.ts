import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../../', import.meta.url));
const BOOTSTRAP = 'run `eval "$(tools/bootstrap.sh --python)"` from the repository root';

/** A program tools/bootstrap.sh put on PATH; fails (never skips) when it is missing. */
export function requireBin(name: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (r.status !== 0 || !path) throw new Error(`${name} is not on PATH: ${BOOTSTRAP}`);
  return path;
}

/** The folder of busybox applets (the alpine Vector image's /bin), alone on PATH for the pod's scripts. */
export function busyboxPath(): string {
  const dir = process.env.LOGSTACK_BUSYBOX_BIN;
  if (!dir || !existsSync(join(dir, 'sh')))
    throw new Error(`LOGSTACK_BUSYBOX_BIN has no busybox applets: ${BOOTSTRAP}`);
  return dir;
}

/** Python of the venv with Airflow 3.1.3 (the task's logging code). */
export function venvPython(): string {
  const venv = process.env.LOGSTACK_VENV;
  const bin = venv ? join(venv, 'bin', 'python') : '';
  if (!venv || !existsSync(bin)) throw new Error(`LOGSTACK_VENV has no python: ${BOOTSTRAP}`);
  return bin;
}

const handedOut = new Set<number>();

/**
 * A free TCP port on 127.0.0.1 (asked from the kernel, then released), never the same one twice in
 * this process: the kernel may offer a released port again before the pod that got it binds it.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await kernelPort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `probe` every `everyMs` until it returns a value, or throws `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** CPU time (user + system) a live process has used so far, from /proc/<pid>/stat (clock ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime: fields 14 and 15 of the file, 12 and 13 after pid and (comm).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
