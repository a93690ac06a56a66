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
  /** Airflow chart: `airflowLocalSettings` is rendered with `tpl` into the airflow-config ConfigMap. */
  airflowLocalSettings: 1,
  /** Airflow chart: `apiServer.extraVolumes`/`extraVolumeMounts` (and other components') via `tpl (toYaml ...)`. */
  airflowComponentExtras: 1,
} as const;

export type TplDestination = keyof typeof TPL_PASSES;

const BRACE_RUN = /[{}]+/g;

/**
 * One level of escaping. Every maximal run of braces that holds a `{{` or `}}` becomes a single
 * action printing that run as a raw string: {{`{{{`}}.
 * - Whole runs, not just the pairs: `{}}` escaped pairwise would leave a literal `{` right before
 *   the `{{` of the escape, and Go's lexer would open the action one brace early.
 * - Raw strings (backticks), not "quoted" ones: destinations such as `tpl (toYaml ...)` may
 *   serialise the value as a double-quoted YAML scalar, which turns `"` into `\"` and breaks
 *   the action. A run of braces never contains a backtick, so the raw string needs no escaping.
 */
const escapeOnce = (text: string): string =>
  text.replace(BRACE_RUN, (run) => (run.includes('{{') || run.includes('}}') ? `{{\`${run}\`}}` : run));

/** Escapes `text` so that after exactly `passes` Helm `tpl` passes it comes out byte-identical. */
export function escapeForTplPasses(text: string, passes: number): string {
  if (!Number.isInteger(passes) || passes < 0)
    throw new RangeError(`passes must be a whole number >= 0, got ${passes}`);
  let out = text;
  for (let i = 0; i < passes; i++) out = escapeOnce(out);
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
