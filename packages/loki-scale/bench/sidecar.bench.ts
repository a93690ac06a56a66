// The figures behind explain's sidecar sizing (SIDECAR_MEASURED): CPU seconds and peak RSS of the
// real Vector running the generated sidecar config while it ships N Airflow 3 JSON lines to a push
// endpoint on 127.0.0.1 that answers 204. Prints numbers; not a test.
// Usage: pnpm bench [-- --lines N]   (Vector from $LOGSTACK_VECTOR or .cache/bin/vector)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIDECAR_MEASURED } from '../src/index.js';

const root = join(import.meta.dirname, '..', '..', '..');
const arg = process.argv.indexOf('--lines');
const LINES = arg > 0 ? Number(process.argv[arg + 1]) : 300_000;
const vector = process.env.LOGSTACK_VECTOR ?? join(root, '.cache', 'bin', 'vector');
if (!existsSync(vector)) {
  console.error(
    `no Vector binary at ${vector}: decompress ../shared/bin/vector-*.xz there or set LOGSTACK_VECTOR`,
  );
  process.exit(3);
}

const dir = mkdtempSync(join(tmpdir(), 'logstack-sidecar-bench-'));
const logs = join(dir, 'logs');
const attempt = join(logs, 'dag_id=etl_1', 'run_id=scheduled__2026-11-25T00:00:00+00:00', 'task_id=load');
mkdirSync(attempt, { recursive: true });
mkdirSync(join(dir, 'data'));
const lines: string[] = [];
for (let i = 0; i < LINES; i++)
  lines.push(
    JSON.stringify({
      timestamp: '2026-11-25T10:11:13.929261Z',
      level: 'info',
      event: `Processed batch ${i}: ${(i * 7919) % 1_000_000} rows from the source table into staging`,
      logger: 'airflow.task.hooks.airflow.providers.standard.hooks.subprocess.SubprocessHook',
      filename: 'subprocess.py',
      lineno: 99,
    }),
  );
writeFileSync(join(attempt, 'attempt=1.log'), `${lines.join('\n')}\n`);

let pushes = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    pushes += 1;
    res.writeHead(204).end();
  });
});
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const port = (server.address() as AddressInfo).port;
const metricsPort = port + 1;

// The committed example's sidecar config, pointed at this folder and this endpoint.
const config = readFileSync(
  join(root, 'examples', 'minimal', 'generated', 'vector', 'task-logs.yaml'),
  'utf8',
)
  .replaceAll('/opt/airflow/logs', logs)
  .replace('/var/lib/vector', join(dir, 'data'))
  .replace(/endpoint: http:\/\/\S+/, `endpoint: http://127.0.0.1:${port}`)
  .replace('127.0.0.1:8686', `127.0.0.1:${port + 2}`)
  .replace('0.0.0.0:9598', `127.0.0.1:${metricsPort}`);
writeFileSync(join(dir, 'vector.yaml'), config);

const proc = spawn(vector, ['--config', join(dir, 'vector.yaml'), '--quiet'], { stdio: 'ignore' });
const ticks = Number(process.env.CLK_TCK ?? 100);
const cpuSeconds = () => {
  const f = readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(f[11]) + Number(f[12])) / ticks;
};
const sent = async () => {
  try {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    return (
      text
        .split('\n')
        .filter(
          (l) => l.startsWith('vector_component_sent_events_total') && l.includes('component_id="loki"'),
        )
        // `name{labels} value timestamp`
        .reduce(
          (n, l) =>
            n +
            Number(
              l
                .slice(l.lastIndexOf('}') + 1)
                .trim()
                .split(/\s+/)[0],
            ),
          0,
        )
    );
  } catch {
    return 0;
  }
};
const start = Date.now();
while ((await sent()) < LINES && Date.now() - start < 600_000) await new Promise((r) => setTimeout(r, 500));
const busy = cpuSeconds();
await new Promise((r) => setTimeout(r, 5000));
const idleMillis = ((cpuSeconds() - busy) / 5) * 1000;
const rss = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1];
proc.kill();
server.close();
rmSync(dir, { recursive: true, force: true });

const perCpu = Math.round(LINES / busy);
console.log(
  `lines shipped:          ${LINES} in ${pushes} pushes, ${((Date.now() - start) / 1000).toFixed(1)} s`,
);
console.log(
  `CPU:                    ${busy.toFixed(2)} s, ${perCpu} lines per CPU-second (explain assumes ${SIDECAR_MEASURED.linesPerCpuSecond})`,
);
console.log(
  `idle CPU:               ${idleMillis.toFixed(1)}m (explain assumes ${SIDECAR_MEASURED.idleCpuMillis}m)`,
);
console.log(
  `peak RSS:               ${(Number(rss) / 1024).toFixed(0)} MiB (explain assumes ${SIDECAR_MEASURED.peakRssBytes / 2 ** 20} MiB)`,
);
