import type { Deep } from './helpers.js';

/** A pod as a NetworkPolicy sees it: its labels, its namespace and that namespace's labels. */
export interface PeerPod {
  labels: Record<string, string>;
  namespace: string;
  namespaceLabels?: Record<string, string>;
}

/** Kubernetes label selector semantics (matchLabels and matchExpressions; {} selects everything). */
export function selects(selector: Deep | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries((selector.matchLabels ?? {}) as Record<string, string>))
    if (labels[k] !== v) return false;
  for (const e of (selector.matchExpressions ?? []) as Deep[]) {
    const has = e.key in labels;
    const value = labels[e.key];
    const ok =
      e.operator === 'In'
        ? has && (e.values as string[]).includes(value as string)
        : e.operator === 'NotIn'
          ? !has || !(e.values as string[]).includes(value as string)
          : e.operator === 'Exists'
            ? has
            : e.operator === 'DoesNotExist'
              ? !has
              : false;
    if (!ok) return false;
  }
  return true;
}

function peerMatches(peer: Deep, pod: PeerPod, policyNamespace: string): boolean {
  if (peer.ipBlock) return false;
  const nsLabels = { 'kubernetes.io/metadata.name': pod.namespace, ...(pod.namespaceLabels ?? {}) };
  if (peer.namespaceSelector === undefined && pod.namespace !== policyNamespace) return false;
  if (peer.namespaceSelector !== undefined && !selects(peer.namespaceSelector, nsLabels)) return false;
  return peer.podSelector === undefined || selects(peer.podSelector, pod.labels);
}

/**
 * Whether a NetworkPolicy's ingress rules let `pod` reach `port` (a number or a container port
 * name) of the pods the policy selects. Only the one policy is considered, as if it were alone.
 */
export function ingressAllows(policy: Deep, pod: PeerPod, port: number | string): boolean {
  const namespace = policy.metadata.namespace as string;
  return ((policy.spec.ingress ?? []) as Deep[]).some((rule) => {
    const ports = (rule.ports ?? []) as Deep[];
    const portOk = ports.length === 0 || ports.some((p) => p.port === undefined || p.port === port);
    const from = (rule.from ?? []) as Deep[];
    return portOk && (from.length === 0 || from.some((peer) => peerMatches(peer, pod, namespace)));
  });
}
