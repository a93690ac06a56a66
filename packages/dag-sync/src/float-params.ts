import type { SpecSource } from '@logstack/spec';

/**
 * Whether a number was written as a float: `1.0`, `1e300`, `-.5` (YAML and Python alike), but not
 * a hex, octal or binary integer whose digits happen to hold an `e`.
 */
const isFloatText = (text: string) => !/^[-+]?0[xob]/i.test(text.trim()) && /[.e]/i.test(text);

/**
 * JSON pointers (under `params`) of the numbers written as floats. JavaScript has one number type,
 * so `1.0` is read as 1; these pointers carry the difference to the DAG file, where the entrypoint
 * gets `1.0` as a float, as written.
 */
export function floatParams(source: SpecSource): string[] {
  const params = (source.data as { params?: unknown } | null)?.params;
  const out: string[] = [];
  const walk = (value: unknown, pointer: string) => {
    if (typeof value === 'number') {
      const text = source.textAt?.(`/params${pointer}`);
      if (text !== undefined && isFloatText(text)) out.push(pointer);
    } else if (Array.isArray(value))
      value.forEach((v, i) => {
        walk(v, `${pointer}/${i}`);
      });
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value))
        walk(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  walk(params, '');
  return out;
}

/** A float's shortest round-tripping text with a `.0` or exponent, so Python and JSON read a float. */
export const floatText = (n: number): string => {
  const text = Object.is(n, -0) ? '-0' : JSON.stringify(n);
  return /[.e]/i.test(text) ? text : `${text}.0`;
};
