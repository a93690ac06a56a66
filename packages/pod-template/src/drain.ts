import type { LogstackModel } from '@logstack/spec';
import { SIDECAR_LAYOUT, taskLogVectorConfig } from '@logstack/vector-config';
import { shQuote } from './shell.js';

/** Timing of the probe and the drain; the semantic checks hold the spec to these. */
export const DRAIN = {
  pollSeconds: 1,
  /**
   * Identical "done" polls in a row before the drain returns. The window they span (two polls)
   * must outlast what can still change the counts after everything looks done: a multiline event
   * waiting for its timeout, and the internal_metrics scrape interval by which the exporter lags.
   */
  confirmPolls: 3,
  /** Room for the confirming polls and their own run time. */
  minTimeoutSeconds: 4,
  /** What Vector keeps, after the drain, to stop its sinks before the kubelet's SIGKILL. */
  shutdownMarginSeconds: 5,
  metricsTimeoutSeconds: 2,
} as const;

/** Vector's prometheus_exporter on localhost (the drain reads it; Prometheus scrapes the pod port). */
export const metricsUrl = (m: LogstackModel) => `http://127.0.0.1:${m.sidecar.metricsPort}/metrics`;
export const healthUrl = (m: LogstackModel) => `http://127.0.0.1:${m.sidecar.apiPort}/health`;

// Reads Prometheus text from Vector's exporter (default namespace `vector`, timestamps allowed).
// Read: the file source counts line bytes without the newline (FileBytesReceived uses
// line.text.len()), so bytes read + newlines on disk = bytes on disk once every line is read.
// Acknowledged: the loki sink counts sent events only when Loki answered 2xx; events it gave up
// on are counted as discarded, so sent + discarded = what the source emitted once nothing is in
// flight. Assumes the loki sink's only input is the task-log source through 1:1 transforms.
const AWK = `
/^#/ { next }
{
  name = $0; sub(/[{ \\t].*/, "", name)
  if (name == $0) next
  rest = substr($0, length(name) + 1)
  if (substr(rest, 1, 1) == "{") sub(/^\\{.*\\}/, "", rest)
  split(rest, f, " "); v = f[1] + 0; seen = 1
  if (index($0, "component_id=\\"" src "\\"")) {
    if (name == "vector_component_received_bytes_total") read += v
    if (name == "vector_component_sent_events_total") emitted += v
  }
  if (index($0, "component_id=\\"" sink "\\"") && name == "vector_component_sent_events_total") acked += v
  if (name == "vector_component_discarded_events_total") discarded += v
}
END {
  split(disk, d, " "); lines = d[1] + 0; bytes = d[2] + 0
  if (!seen) { print "waiting: no metrics from Vector"; exit }
  if (read + lines < bytes) { printf "waiting: read %.0f of %.0f bytes\\n", read + lines, bytes; exit }
  if (acked + discarded < emitted) { printf "waiting: Loki acknowledged %.0f of %.0f events\\n", acked + discarded, emitted; exit }
  printf "done: %.0f bytes, %.0f events read %.0f\\n", bytes, emitted, read
}
`;

/**
 * The task log files as the Vector config's file source selects them, as `find` predicates.
 * find's -path lets `*` cross `/` where Vector's globs do not: the drain may count a stray file
 * Vector skips (and then waits out its timeout), never the other way round.
 */
export function taskLogFind(m: LogstackModel): string {
  const source = (
    taskLogVectorConfig(m).sources as Record<string, { include?: string[]; exclude?: string[] }>
  )[SIDECAR_LAYOUT.sourceId];
  const include = source?.include ?? [];
  if (include.length === 0)
    throw new Error(`the Vector config has no include globs for ${SIDECAR_LAYOUT.sourceId}`);
  const paths = include.map((g) => `-path ${shQuote(g)}`).join(' -o ');
  const excluded = (source?.exclude ?? []).map((g) => ` ! -path ${shQuote(g)}`).join('');
  return `-type f \\( ${paths} \\)${excluded}`;
}

/**
 * The preStop drain, a POSIX sh script (busybox in the alpine image). Vector's file source stops
 * reading at SIGTERM (vectordotdev/vector#11095), so this runs before the signal: it returns once
 * every byte of every task log file is read and every event is acknowledged by Loki, stable over
 * DRAIN.confirmPolls polls (a multiline event still being assembled would change the counts), or gives up after
 * drainTimeoutSeconds with a message the kubelet records in the FailedPreStopHook event.
 */
export function drainScript(m: LogstackModel): string {
  const timeout = m.sidecar.drainTimeoutSeconds;
  return `# logstack preStop drain: wait until Vector has read and Loki has acknowledged every task log line.
logs=${shQuote(m.airflow.logs.folder)}
url=${shQuote(metricsUrl(m))}
deadline=$(( $(date +%s) + ${timeout} ))
prev=
same=0
while :; do
  disk=$(find "$logs" ${taskLogFind(m)} -exec cat {} + 2>/dev/null | wc -lc)
  state=$(wget -q -T ${DRAIN.metricsTimeoutSeconds} -O - "$url" 2>/dev/null | awk -v disk="$disk" -v src=${shQuote(SIDECAR_LAYOUT.sourceId)} -v sink=${shQuote(SIDECAR_LAYOUT.sinkId)} '${AWK}')
  if [ "$state" = "$prev" ]; then same=$((same + 1)); else same=1; fi
  case $state in
    done*) [ "$same" -ge ${DRAIN.confirmPolls} ] && exit 0 ;;
  esac
  prev=$state
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "logstack drain: gave up after ${timeout}s: $state" >&2
    exit 1
  fi
  sleep ${DRAIN.pollSeconds}
done
`;
}

/** Startup probe: Vector's API answers and its metrics (which the drain needs) are served. */
export function startupCheck(m: LogstackModel): string {
  const get = (url: string) => `wget -q -T 1 -O /dev/null ${shQuote(url)}`;
  return `${get(healthUrl(m))} && ${get(metricsUrl(m))}`;
}
