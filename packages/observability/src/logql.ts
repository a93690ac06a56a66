import { parser } from '@grafana/lezer-logql';

/** What a LogQL query refers to, read from Grafana's own LogQL grammar. */
export interface LogQLAnalysis {
  /** Error nodes: where the grammar could not go on. Empty for a valid query. */
  errors: { at: number; near: string }[];
  /** Label names in stream selectors `{name="..."}`. */
  selectorLabels: string[];
  /** Names in label filters placed before any parser stage: stream labels or structured metadata. */
  filterNames: string[];
  /** Names in `by (...)`, `without (...)`, `on (...)`, `ignoring (...)`. */
  groupingNames: string[];
  /** Names that parser stages (regexp, pattern, json with parameters, label_format) create. */
  extractedNames: string[];
  /** True when a parser stage may create any name (json, logfmt, unpack without parameters). */
  openParser: boolean;
}

/** Grafana replaces these before a query reaches Loki; the grammar does not know them. */
const GRAFANA_RANGE_VARIABLES = /\$__(auto|interval|range|rate_interval)\b/g;

/** The query as Grafana sends it to Loki: built-in range variables become a duration. */
export function interpolateForParse(query: string): string {
  return query.replace(GRAFANA_RANGE_VARIABLES, '1m');
}

const unquote = (text: string): string =>
  text.startsWith('`') ? text.slice(1, -1) : (JSON.parse(text) as string);

const OPEN_PARSERS = new Set(['Json', 'Logfmt', 'Unpack']);

export function analyzeLogQL(query: string): LogQLAnalysis {
  const text = interpolateForParse(query);
  const tree = parser.parse(text);
  const out: LogQLAnalysis = {
    errors: [],
    selectorLabels: [],
    filterNames: [],
    groupingNames: [],
    extractedNames: [],
    openParser: false,
  };
  // Parsers apply per log pipeline: a new selector starts a pipeline with nothing extracted yet.
  let parsedInPipeline = false;
  const slice = (n: { from: number; to: number }) => text.slice(n.from, n.to);
  const push = (list: string[], name: string) => {
    if (!list.includes(name)) list.push(name);
  };
  tree.iterate({
    enter(n) {
      if (n.type.isError) {
        out.errors.push({ at: n.from, near: text.slice(Math.max(0, n.from - 20), n.from + 20) });
        return;
      }
      const parent = n.node.parent?.type.name;
      switch (n.type.name) {
        case 'Selector':
          parsedInPipeline = false;
          break;
        case 'Identifier': {
          const grand = n.node.parent?.parent?.type.name;
          if (parent === 'Matcher' && grand === 'Matchers') push(out.selectorLabels, slice(n));
          else if (parent === 'Matcher' && grand === 'LabelFilter' && !parsedInPipeline)
            push(out.filterNames, slice(n));
          else if (parent === 'Labels') push(out.groupingNames, slice(n));
          else if (parent === 'LabelExtractionExpression' || parent === 'LabelFormatMatcher')
            push(out.extractedNames, slice(n));
          break;
        }
        case 'LabelName':
          if (parent === 'GroupingLabel') push(out.groupingNames, slice(n));
          break;
        case 'LabelParser': {
          parsedInPipeline = true;
          const kind = n.node.firstChild?.type.name ?? '';
          if (OPEN_PARSERS.has(kind)) out.openParser = true;
          const arg = n.node.getChild('String');
          if (arg) {
            const pattern = unquote(slice(arg));
            const names =
              kind === 'Regexp'
                ? [...pattern.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)]
                : [...pattern.matchAll(/<([A-Za-z_][A-Za-z0-9_]*)>/g)];
            for (const m of names) push(out.extractedNames, m[1]!);
          }
          break;
        }
        case 'JsonExpressionParser':
        case 'LogfmtExpressionParser':
        case 'LabelFormatExpr':
          parsedInPipeline = true;
          break;
      }
    },
  });
  return out;
}

/** The grammar's complaints about a query, as sentences; empty when it parses cleanly. */
export function logqlErrors(query: string): string[] {
  return analyzeLogQL(query).errors.map(
    (e) => `LogQL syntax error at ${e.at} near ${JSON.stringify(e.near)}`,
  );
}
