import { parse } from 'yaml';

export interface ValueDoc {
  key: string;
  section: string;
  description: string;
  default: string;
  generated: boolean;
}

const KEY = /^(\s*)([A-Za-z0-9_.-]+):(\s|$)/;

/**
 * Every documented value of a values file: a key whose preceding comment starts with `# --`
 * (helm-docs style), with its `# @section -- Name`. Keys inside generated blocks are not listed
 * one by one; their parent is marked as generated.
 */
export function documentedValues(text: string): ValueDoc[] {
  const data = parse(text) as Record<string, unknown>;
  const docs: ValueDoc[] = [];
  const stack: Array<{ indent: number; key: string }> = [];
  let comment: string[] | undefined;
  let section = '';
  let generatedDepth = -1;
  let pendingGenerated = false;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('# BEGIN GENERATED')) {
      pendingGenerated = true;
      generatedDepth = line.indexOf('#');
      continue;
    }
    if (t.startsWith('# END GENERATED')) {
      generatedDepth = -1;
      continue;
    }
    // Inside a generated block only its first key is documented (by the comment above the block).
    if (generatedDepth >= 0 && !pendingGenerated) continue;
    if (t.startsWith('# @section --')) {
      section = t.slice('# @section --'.length).trim();
      continue;
    }
    if (t.startsWith('# --')) {
      comment = [t.slice(4).trim()];
      continue;
    }
    if (t.startsWith('#')) {
      if (comment) comment.push(t.slice(1).trim());
      continue;
    }
    const m = KEY.exec(line);
    if (!m) {
      if (t) comment = undefined;
      continue;
    }
    const indent = (m[1] ?? '').length;
    while (stack.length && (stack.at(-1)?.indent ?? 0) >= indent) stack.pop();
    stack.push({ indent, key: m[2] ?? '' });
    if (comment) {
      const path = stack.map((s) => s.key);
      const value = path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], data);
      docs.push({
        key: path.join('.'),
        section,
        description: comment.join(' '),
        default: pendingGenerated ? '(generated from the default spec)' : defaultText(value),
        generated: pendingGenerated,
      });
    }
    pendingGenerated = false;
    comment = undefined;
  }
  return docs;
}

function defaultText(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The Values part of the chart README: one table per section, in the order of the file. */
export function valuesTables(docs: ValueDoc[]): string {
  const sections = [...new Set(docs.map((d) => d.section))];
  return sections
    .map((s) => {
      const rows = docs
        .filter((d) => d.section === s)
        .map((d) => `| \`${d.key}\` | \`${cell(d.default)}\` | ${cell(d.description)} |`);
      return [`### ${s || 'Other'}`, '', '| Key | Default | Description |', '|---|---|---|', ...rows].join(
        '\n',
      );
    })
    .join('\n\n');
}
