import type { HttpAuth } from './types.js';

export interface HttpOptions {
  /** Per request, in milliseconds. */
  timeoutMs: number;
  /** Extra tries after a network error, a 5xx or a 429; 4xx answers are final. */
  retries: number;
  /** First pause between tries; it doubles. */
  backoffMs: number;
  auth: HttpAuth;
  headers?: Record<string, string>;
  /** Most bytes read of one answer; default MAX_BODY_BYTES. */
  maxBodyBytes?: number;
}

/** Why an HTTP request gave no usable answer. */
export class HttpFailure extends Error {
  constructor(
    readonly url: string,
    readonly kind: 'unreachable' | 'timeout' | 'status' | 'body',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HttpFailure';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function authHeader(auth: HttpAuth): Record<string, string> {
  if (auth.type === 'basic')
    return { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` };
  if (auth.type === 'bearer') return { authorization: `Bearer ${auth.token}` };
  return {};
}

const retryable = (status: number) => status >= 500 || status === 429;

/**
 * Most bytes verify reads of one answer (Kubernetes and HTTP alike). Its queries ask for bounded
 * results; an answer past this is not one of them (a wrong URL, a proxy's error page, a hostile
 * server), and reading it whole would take the memory of the machine.
 */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export const bodyTooLarge = (limit: number) =>
  `the answer is larger than ${limit / 1024 / 1024} MiB, the most verify reads of one answer; stopped reading it (is the URL the right server?)`;

/** The body as text, reading at most `limit` bytes: a larger one is cancelled, not buffered. */
async function cappedText(res: Response, url: string, limit: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) {
    await res.body?.cancel();
    throw new HttpFailure(url, 'body', bodyTooLarge(limit), res.status);
  }
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > limit) {
      await res.body.cancel().catch(() => undefined);
      throw new HttpFailure(url, 'body', bodyTooLarge(limit), res.status);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One try; the timeout covers the body too, and aborting closes the connection. */
async function once(
  url: string,
  opts: HttpOptions,
  accept: string,
): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(url, {
      method: 'GET',
      headers: { accept, ...authHeader(opts.auth), ...opts.headers },
      signal: AbortSignal.timeout(opts.timeoutMs),
      redirect: 'follow',
    });
    return { status: res.status, text: await cappedText(res, url, opts.maxBodyBytes ?? MAX_BODY_BYTES) };
  } catch (err) {
    if (err instanceof HttpFailure) throw err;
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
      throw new HttpFailure(url, 'timeout', `no answer within ${opts.timeoutMs} ms`);
    throw new HttpFailure(url, 'unreachable', e.cause?.code ?? e.cause?.message ?? e.message);
  }
}

/** GET with a bounded number of tries; returns the body text of a 2xx answer. Only ever GET. */
export async function httpGet(url: string, opts: HttpOptions, accept = 'application/json'): Promise<string> {
  let last: HttpFailure | undefined;
  for (let attempt = 0; attempt <= opts.retries; attempt++) {
    if (attempt > 0) await sleep(opts.backoffMs * 2 ** (attempt - 1));
    let res: { status: number; text: string };
    try {
      res = await once(url, opts, accept);
    } catch (err) {
      last = err as HttpFailure;
      // The same oversized answer would come again.
      if (last.kind === 'body') break;
      continue;
    }
    if (res.status >= 200 && res.status < 300) return res.text;
    last = new HttpFailure(url, 'status', `HTTP ${res.status}: ${res.text.trim().slice(0, 200)}`, res.status);
    if (!retryable(res.status)) break;
  }
  throw last ?? new HttpFailure(url, 'unreachable', 'no request made');
}

export async function httpGetJson<T>(url: string, opts: HttpOptions): Promise<T> {
  const text = await httpGet(url, opts);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new HttpFailure(url, 'body', `not JSON: ${text.slice(0, 120)}`);
  }
}

/** A failure in words for the report, with what to do about the common ones. */
export function describeFailure(err: unknown, what: string, authHint = ''): string {
  if (!(err instanceof HttpFailure)) return `${what}: ${(err as Error).message}`;
  if (err.status === 401 || err.status === 403)
    return `${what} refused the request with HTTP ${err.status} (${err.message.replace(/^HTTP \d+: /, '')})${authHint ? `; ${authHint}` : ''}`;
  if (err.kind === 'unreachable') return `${what} unreachable at ${err.url} (${err.message})`;
  if (err.kind === 'timeout') return `${what} did not answer ${err.url}: ${err.message}`;
  return `${what} ${err.url}: ${err.message}`;
}
