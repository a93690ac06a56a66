import { parser } from '@prometheus-io/lezer-promql';

export interface PromQLAnalysis {
  errors: { at: number; near: string }[];
  /** Metric names of vector selectors. */
  metrics: string[];
  /** Label names in selectors' matchers. */
  matcherLabels: string[];
}

export function analyzePromQL(query: string): PromQLAnalysis {
  const text = query.replace(/\$__(rate_interval|interval|range)\b/g, '1m');
  const out: PromQLAnalysis = { errors: [], metrics: [], matcherLabels: [] };
  const slice = (n: { from: number; to: number }) => text.slice(n.from, n.to);
  parser.parse(text).iterate({
    enter(n) {
      if (n.type.isError) {
        out.errors.push({ at: n.from, near: text.slice(Math.max(0, n.from - 20), n.from + 20) });
        return;
      }
      const parent = n.node.parent?.type.name;
      if (n.type.name === 'Identifier' && parent === 'VectorSelector') {
        if (!out.metrics.includes(slice(n))) out.metrics.push(slice(n));
      } else if (n.type.name === 'LabelName' && parent?.endsWith('LabelMatcher')) {
        if (!out.matcherLabels.includes(slice(n))) out.matcherLabels.push(slice(n));
      }
    },
  });
  return out;
}

export function promqlErrors(query: string): string[] {
  return analyzePromQL(query).errors.map(
    (e) => `PromQL syntax error at ${e.at} near ${JSON.stringify(e.near)}`,
  );
}
