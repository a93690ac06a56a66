import { createHash } from 'node:crypto';

export interface ChartDependency {
  name: string;
  version: string;
  repository: string;
  condition?: string;
  alias?: string;
}

/** When the pinned versions were recorded; kept fixed so `logstack chart` output is deterministic. */
export const LOCK_GENERATED = '2026-01-15T00:00:00Z';

// Field order and omitempty of Helm's chart.Dependency struct, which json.Marshal follows.
const asHelmJson = (d: ChartDependency, locked: boolean) => ({
  name: d.name,
  version: d.version,
  repository: d.repository,
  ...(!locked && d.condition ? { condition: d.condition } : {}),
  ...(!locked && d.alias ? { alias: d.alias } : {}),
});

/**
 * The digest Helm records in Chart.lock (resolver.HashReq): sha256 of the JSON of
 * [Chart.yaml's dependencies, the locked dependencies]. `helm dependency build` compares it
 * before downloading anything and refuses a lock that is out of sync.
 */
export function lockDigest(deps: ChartDependency[]): string {
  const json = JSON.stringify([deps.map((d) => asHelmJson(d, false)), deps.map((d) => asHelmJson(d, true))]);
  return `sha256:${createHash('sha256').update(json).digest('hex')}`;
}

/**
 * Chart.lock as `helm dependency update` writes it (sigs.k8s.io/yaml: keys sorted, lists not
 * indented, the time quoted), for exact pins: there are no version ranges to resolve.
 */
export function chartLock(deps: ChartDependency[]): string {
  const entries = deps.map(
    (d) => `- name: ${d.name}\n  repository: ${d.repository}\n  version: ${d.version}\n`,
  );
  return `dependencies:\n${entries.join('')}digest: ${lockDigest(deps)}\ngenerated: "${LOCK_GENERATED}"\n`;
}
