/**
 * A small printer for Alloy's configuration syntax (River): blocks, attributes, strings, lists and
 * maps. Values are printed, never concatenated by hand, so quoting is done in one place.
 */
export type RiverValue = string | number | boolean | RiverRaw | RiverValue[] | { [key: string]: RiverValue };

/** An expression printed as it is: a component reference or a stdlib call. */
export interface RiverRaw {
  raw: string;
}
export const raw = (text: string): RiverRaw => ({ raw: text });

/**
 * A backtick string: Alloy takes its content literally, which keeps Go templates with double quotes
 * readable. Only for text without backticks.
 */
export const rawString = (text: string): RiverRaw => {
  if (text.includes('`')) throw new Error(`a raw River string cannot hold a backtick: ${text}`);
  return raw(`\`${text}\``);
};

export interface RiverBlock {
  name: string;
  label?: string;
  comment?: string;
  body: RiverItem[];
}
export type RiverItem = RiverBlock | { attr: string; value: RiverValue; comment?: string };

export const block = (
  name: string,
  label: string | undefined,
  body: RiverItem[],
  comment?: string,
): RiverBlock => ({
  name,
  ...(label !== undefined ? { label } : {}),
  ...(comment ? { comment } : {}),
  body,
});
export const attr = (name: string, value: RiverValue, comment?: string): RiverItem => ({
  attr: name,
  value,
  ...(comment ? { comment } : {}),
});

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

// River's double-quoted strings take Go's escapes; JSON's escapes are a subset of them.
const quote = (s: string): string => JSON.stringify(s);

function value(v: RiverValue, indent: string): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => value(x, indent)).join(', ')}]`;
  if ('raw' in v && typeof v.raw === 'string' && Object.keys(v).length === 1) return v.raw;
  const entries = Object.entries(v as Record<string, RiverValue>);
  if (!entries.length) return '{}';
  const inner = `${indent}  `;
  const lines = entries.map(([k, x]) => `${inner}${IDENT.test(k) ? k : quote(k)} = ${value(x, inner)},`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function item(it: RiverItem, indent: string): string {
  const comment = it.comment
    ? it.comment
        .split('\n')
        .map((l) => `${indent}// ${l}\n`)
        .join('')
    : '';
  if ('attr' in it) return `${comment}${indent}${it.attr} = ${value(it.value, indent)}`;
  const head = it.label !== undefined ? `${it.name} ${quote(it.label)}` : it.name;
  if (!it.body.length) return `${comment}${indent}${head} { }`;
  const inner = `${indent}  `;
  return `${comment}${indent}${head} {\n${it.body.map((b) => item(b, inner)).join('\n')}\n${indent}}`;
}

/** Top-level blocks separated by blank lines, ending with a newline. */
export function printRiver(blocks: RiverBlock[]): string {
  return `${blocks.map((b) => item(b, '')).join('\n\n')}\n`;
}
