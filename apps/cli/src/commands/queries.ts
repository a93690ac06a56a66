import { libraryMarkdown, libraryText, queryLibrary } from '@logstack/observability';
import { Command } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import type { Output } from '../output.js';
import { defaultModel, loadModel } from '../spec.js';

interface QueriesOptions {
  json?: boolean;
  markdown?: boolean;
  id?: string;
}

export function queriesCommand(io: Output, _setExit: (code: number) => void): Command {
  return new Command('queries')
    .description(
      'print the LogQL query library for a spec: the queries match the labels and structured metadata it ships',
    )
    .argument('[spec]', 'the logstack spec (YAML or JSON); the defaults when left out')
    .option('--json', 'machine output: every query with id, question, language, parameters')
    .option('--markdown', 'the library as a Markdown page (what docs/logql-queries.md holds)')
    .option('--id <id>', 'only this query, printed bare (to pipe into logcli)')
    .action((spec: string | undefined, opts: QueriesOptions) => {
      if (opts.json && opts.markdown)
        throw new CliError('--json and --markdown exclude each other', EXIT.invalid);
      const [model, label] = spec ? [loadModel(spec), spec] : [defaultModel(), '(defaults)'];
      let queries = queryLibrary(model);
      if (opts.id) {
        queries = queries.filter((q) => q.id === opts.id);
        if (!queries.length)
          throw new CliError(
            `--id: no query "${opts.id}"; known: ${queryLibrary(model)
              .map((q) => q.id)
              .join(', ')}`,
            EXIT.invalid,
          );
      }
      if (opts.json) io.out(`${JSON.stringify({ spec: label, queries }, null, 2)}\n`);
      else if (opts.markdown)
        io.out(
          libraryMarkdown(queries, `<!-- LogQL query library for ${label}, printed by logstack queries. -->`),
        );
      else if (opts.id) io.out(`${queries[0]!.query}\n`);
      else io.out(libraryText(queries));
    });
}
