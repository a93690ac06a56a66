import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createTlsServer, type ServerOptions as TlsOptions } from 'node:https';
import type { AddressInfo } from 'node:net';

/** One log line as Loki stores it: stream labels, structured metadata, the line. */
export interface StoredLine {
  ns: bigint;
  labels: Record<string, string>;
  metadata: Record<string, string>;
  line: string;
}

export interface RecordedQuery {
  query: string;
  start: string;
  end: string;
  limit: number;
  direction: string;
  headers: IncomingHttpHeaders;
}

/** How the fake answers a query: normally, a Loki error status, or a 200 whose body never ends. */
export type Answer = 'ok' | 401 | 429 | 500 | 'endless';

/** Loki's own error bodies (text/plain), as its HTTP handlers write them. */
const ERROR_BODIES: Record<number, string> = {
  401: 'no org id\n',
  429: 'too many outstanding requests\n',
  500: 'rpc error: code = Internal desc = failed to get chunk: context canceled\n',
};

const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("(?:[^"\\]|\\.)*")\s*/;

/** The subset of LogQL the reader writes: `{a="x", ...}` then `| b="y"` filters, exact matches only. */
export function parseAttemptQuery(query: string): {
  selector: [string, string][];
  filters: [string, string][];
} {
  const m = /^\{(.*?)\}((?:\s*\|.*)?)$/s.exec(query.trim());
  if (!m) throw new Error(`not a selector with filters: ${query}`);
  const take = (text: string, sep: RegExp): [string, string][] => {
    const out: [string, string][] = [];
    let rest = text;
    while (rest.trim()) {
      rest = rest.replace(sep, '');
      const x = MATCHER.exec(rest);
      if (!x) throw new Error(`cannot read a matcher at: ${rest}`);
      out.push([x[1] ?? '', JSON.parse(x[2] ?? '""') as string]);
      rest = rest.slice(x[0].length);
    }
    return out;
  };
  return { selector: take(m[1] ?? '', /^\s*,?\s*/), filters: take(m[2] ?? '', /^\s*\|\s*/) };
}

/**
 * A server on 127.0.0.1 answering GET /loki/api/v1/query_range in Loki's documented format
 * (https://grafana.com/docs/loki/latest/reference/loki-http-api/#query-logs-within-a-range-of-time):
 * streams whose labels include structured metadata (no categorize-labels flag), values as
 * [ns string, line], direction forward, `limit` entries from `start` (inclusive) to `end`
 * (exclusive). Streams come in an order unrelated to time, as Loki's do.
 */
export async function startFakeLoki(
  lines: StoredLine[],
  answer: (query: string) => Answer,
  tls?: TlsOptions,
) {
  const queries: RecordedQuery[] = [];
  const open = new Set<import('node:net').Socket>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/loki/api/v1/query_range') {
      res.writeHead(404).end('404 page not found\n');
      return;
    }
    const q: RecordedQuery = {
      query: url.searchParams.get('query') ?? '',
      start: url.searchParams.get('start') ?? '',
      end: url.searchParams.get('end') ?? '',
      limit: Number(url.searchParams.get('limit') ?? '100'),
      direction: url.searchParams.get('direction') ?? 'backward',
      headers: req.headers,
    };
    queries.push(q);
    const how = answer(q.query);
    if (typeof how === 'number') {
      res.writeHead(how, { 'Content-Type': 'text/plain; charset=utf-8' }).end(ERROR_BODIES[how]);
      return;
    }
    if (how === 'endless') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"status":"success","data":{"resultType":"streams","result":[');
      const timer = setInterval(() => res.write('{"stream":{"dag_id":"x"},"values":[]},'), 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    let parsed: ReturnType<typeof parseAttemptQuery>;
    try {
      parsed = parseAttemptQuery(q.query);
    } catch (err) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`parse error : ${(err as Error).message}\n`);
      return;
    }
    const start = BigInt(q.start);
    const end = BigInt(q.end);
    const hits = lines
      .filter((l) => l.ns >= start && l.ns < end)
      .filter((l) => parsed.selector.every(([k, v]) => l.labels[k] === v))
      .filter((l) => parsed.filters.every(([k, v]) => ({ ...l.labels, ...l.metadata })[k] === v))
      .map((l, i) => ({ l, i }))
      .sort((a, b) => (a.l.ns < b.l.ns ? -1 : a.l.ns > b.l.ns ? 1 : a.i - b.i))
      .slice(0, q.limit)
      .map((x) => x.l);
    const streams = new Map<string, { stream: Record<string, string>; values: [string, string][] }>();
    for (const l of hits) {
      const stream = { ...l.labels, ...l.metadata };
      const key = JSON.stringify(Object.entries(stream).sort());
      const s = streams.get(key) ?? { stream, values: [] };
      s.values.push([l.ns.toString(), l.line]);
      streams.set(key, s);
    }
    const result = [...streams.values()].reverse();
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(
      JSON.stringify({
        status: 'success',
        data: {
          resultType: 'streams',
          result,
          stats: { summary: { totalEntriesReturned: hits.length, execTime: 0.001 } },
        },
      }),
    );
  };
  // With TLS: HTTPS, and with requestCert a client certificate signed by `ca` is required.
  const server: Server = tls ? createTlsServer(tls, handle) : createServer(handle);
  server.on(tls ? 'secureConnection' : 'connection', (s) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    queries,
    close: () =>
      new Promise<void>((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}

/** xs[i], failing the test when it is not there. */
export function nth<T>(xs: readonly T[], i: number): T {
  const x = i < 0 ? xs[xs.length + i] : xs[i];
  if (x === undefined) throw new Error(`no element ${i} of ${xs.length}`);
  return x;
}
