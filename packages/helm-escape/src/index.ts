/**
 * How many `tpl` passes text goes through on its way to each destination, so every producer
 * escapes for exactly its own. (See ../shared/facts/upstream-charts.md.)
 */
export const TPL_PASSES = {
  /** Airflow chart: `podTemplate` is rendered with `tpl` into the airflow-config ConfigMap. */
  airflowPodTemplate: 1,
  /** Airflow chart: `workers.extraInitContainers`/`extraVolumes`/`extraVolumeMounts` via `tpl (toYaml ...)`. */
  airflowWorkerExtras: 1,
  /** Vector chart: `customConfig` is rendered with `toYaml` then `tpl`. */
  vectorCustomConfig: 1,
  /** Alloy chart: `alloy.configMap.content` goes through `tpl`. */
  alloyConfigMapContent: 1,
} as const;

export type TplDestination = keyof typeof TPL_PASSES;

const ACTION_DELIMITER = /\{\{|\}\}/g;

/**
 * Escapes `text` so that after exactly `passes` Helm `tpl` passes it comes out byte-identical.
 * Each pass turns every `{{` into `{{"{{"}}` and every `}}` into `{{"}}"}}` in one scan (so the
 * braces that an escape adds are not escaped again within the same level); everything else is
 * literal text to Go templates.
 */
export function escapeForTplPasses(text: string, passes: number): string {
  if (!Number.isInteger(passes) || passes < 0)
    throw new RangeError(`passes must be a whole number >= 0, got ${passes}`);
  let out = text;
  for (let i = 0; i < passes; i++)
    out = out.replace(ACTION_DELIMITER, (d) => (d === '{{' ? '{{"{{"}}' : '{{"}}"}}'));
  return out;
}

/** Escapes for the number of passes of a known destination. */
export function escapeFor(destination: TplDestination, text: string): string {
  return escapeForTplPasses(text, TPL_PASSES[destination]);
}

/** Escapes every string inside a values tree (keys too) for a destination; other values are kept. */
export function escapeValuesFor<T>(destination: TplDestination, value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return escapeFor(destination, v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [escapeFor(destination, k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
