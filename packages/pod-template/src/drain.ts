import type { LogstackModel } from '@logstack/spec';
import { SIDECAR_LAYOUT, sidecarTimings, taskLogVectorConfig } from '@logstack/vector-config';
import { shQuote } from './shell.js';

/** Timing of the probe and the drain. */
export const DRAIN = {
  /**
   * Between two drain checks. Vector writes its checkpoints every glob cooldown (100 ms), so the
   * drain returns at most about 0.2 s after Loki acknowledged the last line.
   */
  pollSeconds: 0.1,
  /** The startup probe retries inside one exec this often, so it passes as soon as Vector answers. */
  probeRetrySeconds: 0.1,
  /** How long one startup probe exec keeps retrying; the kubelet's timeoutSeconds is above it. */
  probeWaitSeconds: 10,
  probeTimeoutSeconds: 12,
  /** Probe execs before the kubelet gives up on the sidecar (about 2 minutes in all). */
  probeFailureThreshold: 12,
} as const;

/** Vector's prometheus_exporter on localhost (Prometheus scrapes the pod port). */
export const metricsUrl = (m: LogstackModel) => `http://127.0.0.1:${m.sidecar.metricsPort}/metrics`;
export const healthUrl = (m: LogstackModel) => `http://127.0.0.1:${m.sidecar.apiPort}/health`;

// Input: checkpoints.json (one JSON line: {"version":"1","checkpoints":[{"fingerprint":{"dev_inode":
// [D,I]},"position":P,...},...]}), then one "F <dev> <inode> <size> <path>" line per task log file.
// With end-to-end acknowledgements the file source moves a file's checkpoint only when Loki
// accepted the lines up to it (src/sources/file.rs: checkpoints.update on BatchStatus::Delivered),
// so size == position means every byte on disk was read and acknowledged. Work per check is one
// stat per file and one checkpoint entry per file, whatever the files' sizes.
const AWK = `
/^F / {
  files++; size = $4 + 0
  if (size == 0) next
  key = $2 " " $3
  if (!(key in pos)) { behind += size; late++; if (first == "") first = $5 " (not read yet)"; next }
  if (pos[key] < size) { behind += size - pos[key]; late++; if (first == "") first = $5 }
  next
}
{
  s = $0
  while (match(s, /"dev_inode":\\[[0-9]+,[0-9]+\\]\\},"position":[0-9]+/)) {
    m = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
    gsub(/[^0-9]+/, " ", m); split(m, n, " ")
    pos[n[1] " " n[2]] = n[3] + 0
  }
}
END {
  if (late) { printf "waiting: %d bytes in %d of %d files not acknowledged by Loki yet, e.g. %s\\n", behind, late, files, first; exit }
  printf "done: %d files read and acknowledged\\n", files
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
 * reading at SIGTERM (vectordotdev/vector#11095), so this runs before the signal: it returns as
 * soon as Vector's checkpoints reach every task log file's size (every byte read and acknowledged
 * by Loki), or gives up after the derived deadline with a message the kubelet records in the
 * FailedPreStopHook event. Checkpoints live on the data_dir emptyDir, so a restarted Vector (its
 * counters reset) is still judged right.
 */
export function drainScript(m: LogstackModel): string {
  const timeout = sidecarTimings(m).drainTimeoutSeconds;
  return `# logstack preStop drain: wait until Loki has acknowledged every byte of every task log file.
logs=${shQuote(m.airflow.logs.folder)}
checkpoints=${shQuote(SIDECAR_LAYOUT.checkpointsFile)}
deadline=$(( $(date +%s) + ${timeout} ))
while :; do
  state=$({ cat "$checkpoints" 2>/dev/null; echo; find "$logs" ${taskLogFind(m)} -exec stat -c 'F %d %i %s %n' {} + 2>/dev/null; } | awk '${AWK}')
  case $state in
    done*) exit 0 ;;
  esac
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "logstack drain: gave up after ${timeout}s: $state" >&2
    exit 1
  fi
  sleep ${DRAIN.pollSeconds}
done
`;
}

/**
 * Startup probe: Vector's API answers. It retries inside the one exec, so the probe passes as soon
 * as Vector is up rather than one probe period later (the kubelet's period is whole seconds).
 */
export function startupCheck(m: LogstackModel): string {
  const tries = Math.round(DRAIN.probeWaitSeconds / DRAIN.probeRetrySeconds);
  // `timeout`, not wget -T: Debian's busybox before 1.36.1-5 is built without wget's -T and
  // crashes on it (alpine's has it); the applet works in both.
  return `i=0; until timeout 1 wget -q -O /dev/null ${shQuote(healthUrl(m))}; do i=$((i + 1)); [ "$i" -ge ${tries} ] && exit 1; sleep ${DRAIN.probeRetrySeconds}; done`;
}
