import { type LibraryQuery, variable } from './queries.js';

/** The query library as a Markdown page: one section per question, the query in a fenced block. */
export function libraryMarkdown(queries: LibraryQuery[], headerLine: string): string {
  const lines = [
    headerLine.trimEnd(),
    '',
    '# LogQL query library',
    '',
    `Queries for the streams this stack writes. Replace each \`${variable('name')}\` with a value, or paste a`,
    'query into a Grafana dashboard whose variables have those names. Task identity that is not a',
    'stream label (task, run, try, map index, pod) is filtered as structured metadata after the',
    'stream selector, so the queries stay cheap.',
    '',
    '| id | question | language |',
    '|---|---|---|',
    ...queries.map((q) => `| [${q.id}](#${q.id}) | ${q.question} | ${q.language} |`),
    '',
  ];
  for (const q of queries) {
    lines.push(
      `## ${q.id}`,
      '',
      `**${q.title}.** ${q.question}`,
      '',
      `\`\`\`${q.language}`,
      q.query,
      '```',
      '',
    );
    if (q.params.length)
      lines.push(
        ...q.params.map((p) => `- \`${variable(p.name)}\`: ${p.meaning}, for example \`${p.example}\``),
        '',
      );
    if (q.notes) lines.push(q.notes, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Plain text for a terminal: title, then the query. */
export function libraryText(queries: LibraryQuery[]): string {
  return queries
    .map((q) => `# ${q.id}: ${q.title} (${q.language})\n# ${q.question}\n${q.query}\n`)
    .join('\n');
}
