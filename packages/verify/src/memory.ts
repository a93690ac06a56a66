import type { V1Pod } from '@kubernetes/client-node';
import { memoryBytes } from '@logstack/spec';
import type { PodMetrics } from './kube.js';
import { podName } from './pods.js';
import { check, plural } from './result.js';
import type { CheckResult } from './types.js';

/** Above this share of the limit the check fails: at the limit the kernel OOM-kills the sidecar. */
export const MEMORY_HEADROOM = 0.9;

const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)}Mi`;

/** Sidecar working set against its memory limit (the pod's own, else the spec's). */
export function checkSidecarMemory(
  pods: V1Pod[],
  metrics: PodMetrics[] | null,
  sidecar: string,
  specLimit: string,
): CheckResult {
  if (metrics === null)
    return check(
      'sidecar-memory',
      'skip',
      'metrics.k8s.io is not served (no metrics-server): install it, or read container_memory_working_set_bytes in Prometheus',
    );
  const byPod = new Map(metrics.map((m) => [m.metadata.name, m]));
  const rows: string[] = [];
  const over: string[] = [];
  for (const pod of pods) {
    const usage = byPod.get(podName(pod))?.containers.find((c) => c.name === sidecar)?.usage.memory;
    if (!usage) continue;
    const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find(
      (c) => c.name === sidecar,
    );
    const limitText = spec?.resources?.limits?.memory ?? specLimit;
    const used = memoryBytes(usage);
    const limit = memoryBytes(limitText);
    const row = `${podName(pod)}: ${mib(used)} of ${limitText} (${Math.round((used / limit) * 100)}%)`;
    rows.push(row);
    if (used >= limit * MEMORY_HEADROOM) over.push(row);
  }
  if (!rows.length)
    return check(
      'sidecar-memory',
      'skip',
      `no running task pod with a ${sidecar} metric right now (metrics exist only while pods run; re-run during a DAG run)`,
    );
  return over.length
    ? check(
        'sidecar-memory',
        'fail',
        `${plural(over.length, 'sidecar')} at or above ${MEMORY_HEADROOM * 100}% of the memory limit`,
        over,
      )
    : check(
        'sidecar-memory',
        'pass',
        `${plural(rows.length, 'sidecar')} below ${MEMORY_HEADROOM * 100}% of the limit`,
        rows,
      );
}
