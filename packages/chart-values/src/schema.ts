import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartSchemasDir } from './paths.js';
import { SUBCHARTS, subchartKeySchema, upstreamChartsDir } from './subchart-keys.js';

type Json = Record<string, unknown>;

const ROOT = 'values.schema.json';
/** Section files other engineers own; until one exists its section is a plain object, and says so. */
const LATE_SECTIONS = ['observability.schema.json', 'dag-sync.schema.json'];

const stem = (file: string) => file.replace(/\.schema\.json$/, '');

/** Rewrites every $ref of a schema file so it points into the bundle. */
function rewriteRefs(node: unknown, self: string, isRoot: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, self, isRoot));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') {
      const [file = '', pointer = ''] = v.split('#');
      const target = file ? stem(file) : isRoot ? undefined : self;
      out[k] = target ? `#/$defs/${target}${pointer}` : `#${pointer}`;
    } else out[k] = rewriteRefs(v, self, isRoot);
  }
  return out;
}

/**
 * The chart's values.schema.json: schemas/chart/values.schema.json with every section file it
 * refers to inlined under $defs, so Helm needs no file or network lookups, and each subchart
 * section closed to that subchart's own keys (subchart-keys.ts).
 */
export function bundleChartSchema(dir = chartSchemasDir, upstreamDir = upstreamChartsDir): Json {
  const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Json;
  const root = read(ROOT);
  const files = new Set([
    ...readdirSync(dir).filter((f) => f.endsWith('.schema.json') && f !== ROOT),
    ...LATE_SECTIONS,
  ]);
  const defs: Json = { ...((root.$defs as Json | undefined) ?? {}) };
  for (const file of [...files].sort()) {
    if (!existsSync(join(dir, file))) {
      defs[stem(file)] = {
        type: 'object',
        description: `${file} is not written yet: any object is accepted.`,
      };
      continue;
    }
    const { $schema: _s, $id: _i, ...schema } = read(file);
    defs[stem(file)] = rewriteRefs(schema, stem(file), false);
  }
  const { $defs: _d, ...rest } = rewriteRefs(root, stem(ROOT), true) as Json;
  const properties = { ...(rest.properties as Json) };
  // Each subchart section: what the umbrella checks, and only the subchart's own keys (a typo such
  // as alloy.enabledd fails the install instead of being ignored).
  for (const chart of SUBCHARTS) {
    const keys = `upstream-${chart}-keys`;
    defs[keys] = subchartKeySchema(chart, upstreamDir);
    properties[chart] = { allOf: [properties[chart], { $ref: `#/$defs/${keys}` }] };
  }
  return { ...rest, properties, $defs: defs };
}
