import type { LogstackModel } from '@logstack/spec';

/**
 * How long the sidecar rides out a Loki outage, and every bound derived from it. The loki sink
 * (retries), the preStop drain (deadline) and the pod (grace period) all read these, so the
 * kubelet never kills Vector while the drain still waits for Loki.
 */
export interface SidecarTimings {
  /** The spec's sidecar.lokiOutageToleranceSeconds. */
  outageToleranceSeconds: number;
  /** First retry delay of the loki sink (whole seconds in Vector). */
  retryInitialBackoffSeconds: number;
  /** Longest delay between two retries. */
  retryMaxBackoffSeconds: number;
  /** Retries of one push: enough to keep retrying for the whole tolerance, then give up and count the loss. */
  retryAttempts: number;
  /** The drain gives up after this: the last push has given up and the loss has been scraped by then. */
  drainTimeoutSeconds: number;
  /** Vector's --graceful-shutdown-limit-secs: after the drain, SIGTERM, then this long to stop the sinks. */
  gracefulShutdownSeconds: number;
  /** The task pod's terminationGracePeriodSeconds. */
  terminationGracePeriodSeconds: number;
}

/** What Vector needs after SIGTERM to stop its sinks once the drain returned (nothing is in flight then). */
export const GRACEFUL_SHUTDOWN_SECONDS = 5;
/** Room for the preStop hook's own start and the last checkpoint write (every glob cooldown, 100 ms). */
const DRAIN_SLACK_SECONDS = 3;
/**
 * After the sink gave up (Loki down past the tolerance), the pod stays this much longer so that
 * Prometheus scrapes the discarded-events counter once (the chart's monitors scrape every 30 s by
 * default) and LogstackSidecarDroppedEvents fires. Spent only when Loki is down that long.
 */
export const LOSS_SCRAPE_WINDOW_SECONDS = 35;
/** Between the end of Vector's graceful shutdown and the kubelet's SIGKILL. */
const KILL_MARGIN_SECONDS = 2;

/**
 * Vector's retry delays without jitter (src/sinks/util/retries.rs, FibonacciRetryPolicy): each
 * delay is the sum of the two before it, starting 1, 2, 3, 5 times the initial backoff, capped at
 * the maximum. Returns how many retries cover `seconds` of waiting.
 */
export function retriesCovering(seconds: number, initial: number, max: number): number {
  let previous = 0;
  let current = initial;
  let waited = 0;
  let retries = 0;
  while (waited < seconds) {
    const next = Math.min(previous + current, max);
    previous = current;
    current = next;
    waited += current;
    retries++;
  }
  return retries;
}

export function sidecarTimings(model: LogstackModel): SidecarTimings {
  const { retry } = model.loki;
  const tolerance = model.sidecar.lokiOutageToleranceSeconds;
  const initial = Math.max(1, Math.ceil(retry.initialBackoffMs / 1000));
  const max = Math.max(initial, retry.maxBackoffSecs);
  const drain = tolerance + max + DRAIN_SLACK_SECONDS + LOSS_SCRAPE_WINDOW_SECONDS;
  return {
    outageToleranceSeconds: tolerance,
    retryInitialBackoffSeconds: initial,
    retryMaxBackoffSeconds: max,
    retryAttempts: retriesCovering(tolerance, initial, max),
    drainTimeoutSeconds: drain,
    gracefulShutdownSeconds: GRACEFUL_SHUTDOWN_SECONDS,
    terminationGracePeriodSeconds: drain + GRACEFUL_SHUTDOWN_SECONDS + KILL_MARGIN_SECONDS,
  };
}
