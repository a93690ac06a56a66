/**
 * A block-style manifest cut into its envelope and one text per job, so a manifest with thousands
 * of jobs is parsed one job at a time. Parsing a whole 3 MB manifest at once holds the yaml
 * library's CST and Document of all of it at the same time: about 60 bytes of heap per manifest
 * byte, over the dag-sync container's 256Mi from about 5,000 jobs (issue #14).
 */
export interface ManifestParts {
  /** The manifest with `jobs:` as `jobs: []` and the job lines blanked: every other line where it was. */
  envelope: string;
  /** Each job's lines (its `- ` item and what belongs to it) and the 1-based line it starts on. */
  items: { text: string; firstLine: number }[];
}

const JOBS_KEY = /^jobs:[ \t]*(#.*)?$/;
const TOP_LEVEL_KEY = /^[A-Za-z_][\w.-]*[ \t]*:/;
const COMMENT_OR_BLANK = /^[ \t]*(#.*)?$/;

/**
 * The parts of a manifest whose `jobs:` is a block sequence at the top level; undefined for any
 * other shape (flow style, several documents, directives, CR line ends), which is then parsed whole.
 */
export function splitManifest(text: string): ManifestParts | undefined {
  if (text.includes('\r')) return undefined;
  const lines = text.split('\n');
  if (lines.some((l) => /^(---|\.\.\.|%)/.test(l))) return undefined;
  const keyLines = lines.flatMap((l, i) => (/^jobs[ \t]*:/.test(l) ? [i] : []));
  const at = keyLines[0];
  if (keyLines.length !== 1 || at === undefined || !JOBS_KEY.test(lines[at] as string)) return undefined;
  let indent: number | undefined;
  const items: { start: number; end: number }[] = [];
  let end = lines.length;
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (COMMENT_OR_BLANK.test(line)) continue;
    const lead = /^ */.exec(line)?.[0].length ?? 0;
    if (indent === undefined) {
      if (!/^ *- \S/.test(line)) return undefined;
      indent = lead;
    }
    if (lead > indent) continue;
    if (lead === indent && line.slice(lead).startsWith('- ')) {
      const last = items.at(-1);
      if (last) last.end = i;
      items.push({ start: i, end: lines.length });
      continue;
    }
    // The block ends at the next top-level key; anything else is a shape left to the whole parse.
    if (lead === 0 && TOP_LEVEL_KEY.test(line)) {
      end = i;
      const last = items.at(-1);
      if (last) last.end = i;
      break;
    }
    return undefined;
  }
  if (items.length === 0) return undefined;
  const envelope = lines.map((l, i) => (i === at ? 'jobs: []' : i > at && i < end ? '' : l)).join('\n');
  return {
    envelope,
    items: items.map(({ start, end }) => ({
      text: lines.slice(start, end).join('\n'),
      firstLine: start + 1,
    })),
  };
}
