import { CHART_NAMES } from './values.js';

/** A part of a render that is drawn anew by every `helm template` of the same values. */
export interface RandomAtRender {
  kind: string;
  name: string;
  /** The top-level field whose every value is random. */
  field: 'data';
  why: string;
}

/**
 * The documented differences between two `helm template` runs with the same values: the only
 * ones. Airflow's keys and the bundled PostgreSQL's password are drawn where no cluster is there
 * for `lookup` to find the kept Secret; on a cluster, an upgrade keeps them.
 */
export const RANDOM_AT_RENDER: readonly RandomAtRender[] = [
  {
    kind: 'Secret',
    name: CHART_NAMES.airflowSecrets,
    field: 'data',
    why: 'drawn once at install (randAlphaNum); on upgrade lookup keeps the values already in the cluster, so helm template, which has no cluster, draws new ones each time',
  },
];

export const MASKED_VALUE = '<random at install, kept on upgrade>';

/**
 * The render with each RANDOM_AT_RENDER value replaced by MASKED_VALUE, everything else byte for
 * byte, so a committed render can be compared with a new one. Only for reading: the masked
 * values are not base64.
 */
export function maskRandomAtRender(manifests: string): string {
  return manifests
    .split(/(?=^---$)/m)
    .map((doc) => {
      const hit = RANDOM_AT_RENDER.find(
        (r) =>
          new RegExp(`^kind: ${r.kind}$`, 'm').test(doc) && new RegExp(`^  name: ${r.name}$`, 'm').test(doc),
      );
      if (!hit) return doc;
      // The values of the field's block: two-space indented `key: "value"` lines after `data:`.
      return doc.replace(new RegExp(`^${hit.field}:\\n((?:  .*\\n?)*)`, 'm'), (block) =>
        block.replace(/^( {2}[\w.-]+: ).*$/gm, `$1"${MASKED_VALUE}"`),
      );
    })
    .join('');
}
