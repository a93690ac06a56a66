import { toYaml } from '@logstack/artifact';

const BEGIN = /^(\s*)# BEGIN GENERATED (\S+)\s*$/;

/** Names of the generated blocks in a values file, in order. */
export function generatedBlockNames(text: string): string[] {
  return text.split('\n').flatMap((l) => BEGIN.exec(l)?.[2] ?? []);
}

/**
 * Replaces the lines between `# BEGIN GENERATED <name>` and `# END GENERATED <name>` with
 * `blocks[name]` (a mapping) as YAML at the marker's indentation. Every block must be given.
 */
export function fillGeneratedBlocks(text: string, blocks: Record<string, Record<string, unknown>>): string {
  const lines = text.split('\n');
  const out: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    out.push(line);
    const m = BEGIN.exec(line);
    if (!m) continue;
    const [, indent = '', name = ''] = m;
    const block = blocks[name];
    if (!block) throw new Error(`no content for the generated block ${name}`);
    const end = lines.findIndex((l, j) => j > i && l.trim() === `# END GENERATED ${name}`);
    if (end < 0) throw new Error(`generated block ${name} has no END line`);
    const body = Object.keys(block).length ? toYaml(block).trimEnd().split('\n') : [];
    out.push(...body.map((l) => (l ? indent + l : l)), lines[end] as string);
    seen.add(name);
    i = end;
  }
  const missing = Object.keys(blocks).filter((n) => !seen.has(n));
  if (missing.length) throw new Error(`values file has no generated block named ${missing.join(', ')}`);
  return out.join('\n');
}
