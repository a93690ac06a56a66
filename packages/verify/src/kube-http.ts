import { type HttpLibrary, Observable, type RequestContext, ResponseContext } from '@kubernetes/client-node';
import fetch, { FetchError } from 'node-fetch';
import { bodyTooLarge, MAX_BODY_BYTES } from './http.js';

/** An answer of the API server past MAX_BODY_BYTES: not retried, the same answer would come again. */
export class KubeBodyTooLarge extends Error {}

/**
 * The Kubernetes client's own HTTP library (IsomorphicFetchHttpLibrary, node-fetch underneath, so
 * the kubeconfig's TLS agent still applies) with node-fetch's `size` limit: a body past `limit`
 * bytes is abandoned while it streams instead of being read whole into memory.
 */
export function cappedKubeHttp(limit = MAX_BODY_BYTES): HttpLibrary {
  return {
    send(request: RequestContext) {
      const answer = fetch(request.getUrl(), {
        method: request.getHttpMethod().toString(),
        body: request.getBody() as never,
        headers: request.getHeaders(),
        signal: request.getSignal() as never,
        agent: request.getAgent(),
        size: limit,
      }).then((res) => {
        const headers: Record<string, string> = {};
        res.headers.forEach((value, name) => {
          headers[name] = value;
        });
        const tooLarge = (err: unknown): never => {
          if (err instanceof FetchError && err.type === 'max-size')
            throw new KubeBodyTooLarge(bodyTooLarge(limit));
          throw err;
        };
        return new ResponseContext(res.status, headers, {
          text: () => res.text().catch(tooLarge),
          binary: () => res.buffer().catch(tooLarge),
        });
      });
      return new Observable(answer);
    },
  };
}
