/**
 * A YAML double-quoted scalar with every non-ASCII and control character escaped, so values reach
 * Helm byte-exact: a raw U+2028 or NEL would be read as a line break and folded by YAML 1.1.
 */
export function yamlQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** A values file (YAML) from a tree of maps, lists and strings, every string written by yamlQuoted. */
export function valuesYaml(value: unknown, indent = ''): string {
  if (typeof value === 'string') return yamlQuoted(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return value.length === 0
      ? '[]'
      : value.map((v) => `\n${indent}- ${valuesYaml(v, `${indent}  `)}`).join('');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return entries.map(([k, v]) => `\n${indent}${yamlQuoted(k)}: ${valuesYaml(v, `${indent}  `)}`).join('');
}
