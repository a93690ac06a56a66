import { type HttpOptions, httpGetJson } from './http.js';

/** One log entry as Loki returns it, with its stream labels and structured metadata apart. */
export interface LokiEntry {
  /** Nanoseconds since the epoch, as Loki's decimal string. */
  ts: string;
  line: string;
  labels: Record<string, string>;
  metadata: Record<string, string>;
}

type LokiValue =
  | [string, string]
  | [string, string, { structuredMetadata?: Record<string, string>; parsed?: Record<string, string> }];

interface StreamsResponse {
  status: string;
  data: {
    resultType: string;
    encodingFlags?: string[];
    result: Array<{ stream: Record<string, string>; values: LokiValue[] }>;
  };
}

interface PromRulesResponse {
  status: string;
  data: {
    groups: Array<{
      name: string;
      file: string;
      rules: Array<{ name: string; type: string; health?: string; lastError?: string }>;
    }>;
  };
}

/** The rules the ruler evaluates: group, rule name, health. */
export interface LoadedRule {
  group: string;
  file: string;
  name: string;
  type: string;
  health: string;
  lastError: string;
}

/** Read-only client of Loki's HTTP API (query_range, series, ruler). */
export class LokiClient {
  readonly base: string;

  constructor(
    url: string,
    private readonly http: HttpOptions,
  ) {
    this.base = url.replace(/\/+$/, '');
  }

  private url(path: string, params: Record<string, string | string[]>): string {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) for (const one of [v].flat()) q.append(k, one);
    return `${this.base}${path}${q.size ? `?${q}` : ''}`;
  }

  async series(match: string, startNs: bigint, endNs: bigint): Promise<Array<Record<string, string>>> {
    const r = await httpGetJson<{ data?: Array<Record<string, string>> }>(
      this.url('/loki/api/v1/series', { 'match[]': match, start: String(startNs), end: String(endNs) }),
      this.http,
    );
    return r.data ?? [];
  }

  /**
   * Every entry of a log query in [start, end), oldest first. Pages forward from the last timestamp
   * seen (Loki's start is inclusive) and skips the entries at that timestamp it already has, so a
   * page boundary neither loses nor repeats an entry.
   */
  async queryRange(
    query: string,
    startNs: bigint,
    endNs: bigint,
    pageSize = 5000,
    maxPages = 50,
  ): Promise<LokiEntry[]> {
    const out: LokiEntry[] = [];
    let from = startNs;
    let haveAtFrom = 0;
    for (let page = 0; page < maxPages; page++) {
      const r = await httpGetJson<StreamsResponse>(
        this.url('/loki/api/v1/query_range', {
          query,
          start: String(from),
          end: String(endNs),
          limit: String(pageSize),
          direction: 'forward',
        }),
        {
          ...this.http,
          headers: { ...this.http.headers, 'X-Loki-Response-Encoding-Flags': 'categorize-labels' },
        },
      );
      if (r.status !== 'success' || r.data?.resultType !== 'streams')
        throw new Error(`query_range answered ${r.status}/${r.data?.resultType}, expected success/streams`);
      const categorized = r.data.encodingFlags?.includes('categorize-labels') ?? false;
      const entries = r.data.result
        .flatMap((s) => s.values.map((v) => toEntry(s.stream, v, categorized)))
        .sort((a, b) => compareNs(a.ts, b.ts));
      const atFrom = entries.filter((e) => BigInt(e.ts) === from);
      out.push(...atFrom.slice(haveAtFrom), ...entries.filter((e) => BigInt(e.ts) !== from));
      if (entries.length < pageSize) return out;
      const last = BigInt(entries[entries.length - 1]?.ts ?? '0');
      if (last === from) throw new Error(`more than ${pageSize} entries share one timestamp in ${query}`);
      haveAtFrom = entries.filter((e) => BigInt(e.ts) === last).length;
      from = last;
    }
    throw new Error(`more than ${pageSize * maxPages} entries for ${query}: narrow the run`);
  }

  /** Rules as the ruler loaded them (Prometheus-format JSON); null when the ruler API is not served (404). */
  async rules(): Promise<LoadedRule[]> {
    const r = await httpGetJson<PromRulesResponse>(this.url('/prometheus/api/v1/rules', {}), this.http);
    return (r.data?.groups ?? []).flatMap((g) =>
      g.rules.map((rule) => ({
        group: g.name,
        file: g.file,
        name: rule.name,
        type: rule.type,
        health: rule.health ?? 'unknown',
        lastError: rule.lastError ?? '',
      })),
    );
  }
}

const compareNs = (a: string, b: string) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0);

function toEntry(stream: Record<string, string>, v: LokiValue, categorized: boolean): LokiEntry {
  const [ts, line] = v;
  const meta = v.length > 2 ? (v[2]?.structuredMetadata ?? {}) : {};
  // Without categorize-labels Loki folds structured metadata into the stream's labels: then every
  // label is also looked up as metadata.
  return categorized
    ? { ts, line, labels: stream, metadata: meta }
    : { ts, line, labels: stream, metadata: { ...stream } };
}
