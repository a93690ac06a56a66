import type { LogstackModel } from '@logstack/spec';

/** One rule of a Kubernetes (Cluster)Role. */
export interface RbacRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const read = ['get', 'list', 'watch'];

/**
 * What the generated config.alloy reads from the API server, nothing more: `discovery.kubernetes`
 * (role pod, every namespace) watches pods; `loki.source.kubernetes_events` watches events when
 * they are shipped. Clustering finds its peers through the chart's headless Service (DNS), not
 * the API. The chart's defaults would also grant secrets, configmaps, nodes and monitoring CRDs.
 */
export function alloyRbacRules(model: LogstackModel): RbacRule[] {
  return [
    { apiGroups: [''], resources: ['pods'], verbs: read },
    ...(model.clusterAgent.events ? [{ apiGroups: [''], resources: ['events'], verbs: read }] : []),
  ];
}

/**
 * The Alloy chart's `rbac.rules` and `rbac.clusterRules` for those rules. Alloy 1.11.1's
 * templates/rbac.yaml writes both lists one after the other under one `rules:` key, so an empty
 * (or null) one breaks the document, and leaving `clusterRules` out brings back the chart's default
 * node rules. Both lists therefore carry part of what the config needs; with one rule only, it is
 * in both (a repeated rule grants nothing more).
 */
export function alloyRbacValues(model: LogstackModel): { rules: RbacRule[]; clusterRules: RbacRule[] } {
  const [first, ...rest] = alloyRbacRules(model);
  if (!first) throw new Error('the Alloy config always needs pod discovery');
  return { rules: [first], clusterRules: rest.length ? rest : [first] };
}
