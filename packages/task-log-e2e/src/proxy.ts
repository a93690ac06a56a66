import { createServer, request, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { freePort } from './tools.js';

/** What Loki does with a push: accept it, answer 503, or not be there at all (connection refused). */
export type LokiMode = 'up' | '503' | 'down';

export interface PushRecord {
  at: number;
  status: number;
  tenant: string | undefined;
}

/**
 * A recording proxy in front of VictoriaLogs. VictoriaLogs reads X-Scope-OrgID as a numeric
 * account id and refuses a named tenant, so the proxy checks the tenant (a push with another one is
 * answered 401, as a multi-tenant Loki would), strips the header, and tags every line with the
 * tenant and the time it arrived (VictoriaLogs' extra_fields), which is when it reached the store.
 * It can also play a Loki outage: 503 answers, or a closed port.
 */
export class LokiProxy {
  mode: LokiMode = 'up';
  readonly pushes: PushRecord[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly port: number,
    private readonly store: string,
    private readonly tenant: string,
  ) {}

  static async start(storeUrl: string, tenant: string): Promise<LokiProxy> {
    const proxy = new LokiProxy(await freePort(), storeUrl, tenant);
    await proxy.listen();
    return proxy;
  }

  /** The Loki base URL the sidecar config gets (the loki sink appends /loki/api/v1/push). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `down` closes the port (Vector sees connection refused); `up`/`503` open it again. */
  async setMode(mode: LokiMode): Promise<void> {
    this.mode = mode;
    if (mode === 'down' && this.server) {
      const s = this.server;
      this.server = undefined;
      for (const socket of this.sockets) socket.destroy();
      await new Promise((r) => s.close(r));
    } else if (mode !== 'down' && !this.server) await this.listen();
  }

  private listen(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const tenant = req.headers['x-scope-orgid'] as string | undefined;
        const record = (status: number) => this.pushes.push({ at: Date.now(), status, tenant });
        // The loki sink's healthcheck asks GET /ready, which Loki answers 200 when it is up.
        if (req.method === 'GET' && req.url === '/ready') {
          res.writeHead(this.mode === 'up' ? 200 : 503).end(this.mode === 'up' ? 'ready' : 'not ready');
          return;
        }
        if (req.url !== '/loki/api/v1/push') {
          record(404);
          res.writeHead(404).end();
          return;
        }
        if (this.mode === '503') {
          record(503);
          res.writeHead(503).end('Loki is unavailable (proxy fault)');
          return;
        }
        if (tenant !== this.tenant) {
          record(401);
          res.writeHead(401).end(`tenant ${tenant} is not ${this.tenant}`);
          return;
        }
        const at = Date.now();
        const extra = `tenant=${tenant},received_at=${at}`;
        const headers = { ...req.headers };
        delete headers['x-scope-orgid'];
        delete headers.host;
        const upstream = request(
          `${this.store}/insert/loki/api/v1/push?extra_fields=${encodeURIComponent(extra)}`,
          { method: 'POST', headers },
          (up) => {
            const body: Buffer[] = [];
            up.on('data', (c: Buffer) => body.push(c));
            up.on('end', () => {
              record(up.statusCode ?? 502);
              res.writeHead(up.statusCode ?? 502).end(Buffer.concat(body));
            });
          },
        );
        upstream.on('error', (e) => {
          record(502);
          res.writeHead(502).end(String(e));
        });
        upstream.end(Buffer.concat(chunks));
      });
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server = server;
    return new Promise((resolve) => server.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await this.setMode('down');
  }
}
