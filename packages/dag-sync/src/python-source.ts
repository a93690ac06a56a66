import { floatText } from './float-params.js';

/**
 * A JSON value as Python source that evaluates to the same value. JSON's string escapes are a
 * subset of Python's, so JSON.stringify gives a correct str literal for any string, including
 * quotes, backslashes, newlines and lone surrogates.
 */
export function pythonLiteral(value: unknown, floats: ReadonlySet<string> = NONE, pointer = ''): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${value} has no Python literal`);
    return floats.has(pointer) ? floatText(value) : JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((v, i) => pythonLiteral(v, floats, `${pointer}/${i}`)).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v, floats, `${pointer}/${escapeKey(k)}`)}`)
      .join(', ')}}`;
  throw new Error(`a ${typeof value} has no Python literal`);
}

/**
 * JSON text of `value` in which the numbers at `floats` keep a float form (`1.0`), so that
 * Python's json.loads gives them back as floats.
 */
export function jsonWithFloats(value: unknown, floats: ReadonlySet<string>, pointer = ''): string {
  if (typeof value === 'number' && floats.has(pointer)) return floatText(value);
  if (Array.isArray(value))
    return `[${value.map((v, i) => jsonWithFloats(v, floats, `${pointer}/${i}`)).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${jsonWithFloats(v, floats, `${pointer}/${escapeKey(k)}`)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

const NONE: ReadonlySet<string> = new Set();
const escapeKey = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** Text for a single-line Python comment: no line breaks can end the comment early. */
export function commentText(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** "5m" -> seconds. */
export function durationSeconds(d: string): number {
  const m = /^([1-9][0-9]*)(s|m|h)$/.exec(d);
  if (!m) throw new Error(`not a duration: ${d} (use 30s, 5m or 1h)`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'];
}
