import { toPointer } from '@logstack/spec';

/** A value in a job that a DAG file cannot carry unchanged, under its JSON pointer. */
export interface ValueProblem {
  pointer: string;
  message: string;
  allowed: string;
}

const JSON_VALUES = 'a string, a finite number, true/false, null, a list or a mapping with string keys';

/** YAML tags that the parser turns into objects JSON (and so the DAG file) has no form for. */
const NOT_JSON: [type: new (...args: never[]) => unknown, what: string][] = [
  [Set, 'a YAML set (!!set)'],
  [Map, 'a YAML ordered map (!!omap)'],
  [Uint8Array, 'YAML binary data (!!binary)'],
  [Date, 'a YAML timestamp (!!timestamp)'],
];

/**
 * Every value under `data` that would not come out of the DAG file as it went in: numbers
 * without a Python/JSON literal (.inf, .nan), integers past 2^53 (already rounded when read; the
 * pointers in `floats` were written as floats and are exempt),
 * and objects that are not plain lists or mappings.
 */
export function valueProblems(
  data: unknown,
  path: (string | number)[] = [],
  floats: ReadonlySet<string> = new Set(),
): ValueProblem[] {
  const at = toPointer(path);
  if (data === null || typeof data === 'string' || typeof data === 'boolean') return [];
  if (typeof data === 'number') {
    if (!Number.isFinite(data))
      return [{ pointer: at, message: `${data} is not a finite number`, allowed: JSON_VALUES }];
    // A float (1.0e+300) is a float however large; only integers must stay exact.
    if (Number.isInteger(data) && !Number.isSafeInteger(data) && !floats.has(at))
      return [
        {
          pointer: at,
          message: `integer beyond ±${Number.MAX_SAFE_INTEGER} cannot be kept exactly (read as ${data})`,
          allowed: `integers within ±${Number.MAX_SAFE_INTEGER}; quote larger ones as strings`,
        },
      ];
    return [];
  }
  if (Array.isArray(data)) return data.flatMap((v, i) => valueProblems(v, [...path, i], floats));
  if (typeof data === 'object') {
    const proto = Object.getPrototypeOf(data);
    if (proto === Object.prototype || proto === null)
      return Object.entries(data).flatMap(([k, v]) => valueProblems(v, [...path, k], floats));
    const what =
      NOT_JSON.find(([type]) => data instanceof type)?.[1] ?? `a ${proto?.constructor?.name} object`;
    return [{ pointer: at, message: `${what} is not a JSON value`, allowed: JSON_VALUES }];
  }
  return [{ pointer: at, message: `a ${typeof data} is not a JSON value`, allowed: JSON_VALUES }];
}
