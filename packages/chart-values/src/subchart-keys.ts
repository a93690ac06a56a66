import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './paths.js';

type Json = Record<string, unknown>;
/** A JSON Schema: `true` accepts anything. */
type Schema = Json | true;

/** The upstream charts' values.yaml and values.schema.json, as vendored (tools/vendor-upstream.mjs). */
export const upstreamChartsDir = join(repoRoot, 'vendor', 'upstream-charts');

/** The umbrella's dependencies whose values sections are closed against typos. */
export const SUBCHARTS = ['airflow', 'loki', 'alloy', 'vector'] as const;
export type Subchart = (typeof SUBCHARTS)[number];

/**
 * Keys a subchart's templates read (`.Values.a.b`) that neither its values.yaml nor its schema
 * lists, so no default shows them. Found in the real chart packages; the test
 * `subchart-keys.test.ts` fails when a new package reads one that is missing here.
 */
const READ_BUT_UNLISTED: Record<Subchart, string[]> = {
  // _helpers.yaml reads .Values.schedule (a slip for scheduler) in one security-context helper.
  airflow: ['schedule'],
  loki: [
    'annotations',
    'config',
    'serviceMonitor',
    'backend.service.publishNotReadyAddresses',
    'defaults.resources',
    'loki.command',
    'loki.hostAliases',
    'loki.hostUsers',
    'loki.nodeSelector',
    'loki.priorityClassName',
    'loki.resources',
    'loki.terminationGracePeriodSeconds',
    'loki.tolerations',
    'memberlist.service.name',
    'networkPolicy.egressKubeApiserver.enabled',
    'networkPolicy.egressWorld.enabled',
    'networkPolicy.flavor',
    'rbac.useExistingRole',
    'read.legacyReadTarget',
    'sidecar.rules.sizeLimit',
  ],
  alloy: ['agent', 'enableStatefulSetAutoDeletePVC', 'ingress.ingressClassName'],
  vector: [
    'image.digest',
    'persistence.selector',
    'persistence.storageClassName',
    'quiet',
    'revisionHistoryLimit',
  ],
};

/**
 * Objects whose keys are the user's, not the chart's: Kubernetes objects passed through as they
 * are (resources, probes, security contexts, affinity, selectors), metadata maps, environment
 * and application configuration blocks. They stay open whatever their defaults list.
 */
const FREE_FORM =
  /(annotations|labels|selector|securityContexts?|probe|resources|affinity|nodeSelector|env|envFrom|config|_config|strategy|lifecycle|tolerations)$/i;

/**
 * Per chart, paths left open although their defaults list keys (`*`: any key at that level).
 * Loki: `loki.loki.<block>` are sections of Loki's own configuration (any Loki key may go there);
 * minio and rollout_operator are Loki's optional subcharts, not in the package.
 */
const OPEN_PATHS: Record<Subchart, string[]> = {
  airflow: [],
  loki: ['loki.*', 'minio', 'rollout_operator'],
  alloy: ['crds'],
  vector: [],
};

/** Keys Helm itself puts into every subchart section: its condition and the shared globals. */
const HELM_KEYS = ['enabled', 'global'];

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

function readUpstream(chart: Subchart, dir: string): { values: Json; schema?: Json; version: string } {
  const values = (parse(readFileSync(join(dir, chart, 'values.yaml'), 'utf8')) ?? {}) as Json;
  const meta = parse(readFileSync(join(dir, chart, 'Chart.yaml'), 'utf8')) as { version: string };
  const schemaFile = join(dir, chart, 'values.schema.json');
  const schema = existsSync(schemaFile) ? (JSON.parse(readFileSync(schemaFile, 'utf8')) as Json) : undefined;
  return { values, schema, version: String(meta.version) };
}

/** True when a schema closes objects itself: Helm applies it to the subchart's values, below its root. */
function closesObjects(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(closesObjects);
  if (!isObject(node)) return false;
  if (node.additionalProperties === false) return true;
  return Object.values(node).some(closesObjects);
}

function resolver(root: Json | undefined) {
  return (node: unknown): Json => {
    let n = node;
    for (
      let hops = 0;
      isObject(n) && typeof n.$ref === 'string' && n.$ref.startsWith('#/') && hops < 32;
      hops++
    ) {
      n = n.$ref
        .slice(2)
        .split('/')
        .reduce<unknown>((acc, part) => (isObject(acc) ? acc[part] : undefined), root);
    }
    return isObject(n) ? n : {};
  };
}

const matches = (pattern: string, path: string) => {
  const a = pattern.split('.');
  const b = path.split('.');
  return a.length === b.length && a.every((p, i) => p === '*' || p === b[i]);
};

/** `a.b.c` paths as a nested object of keys, merged into the defaults' key tree. */
function addPaths(tree: Json, paths: string[]): Json {
  const out = structuredClone(tree);
  for (const path of paths) {
    let node = out;
    for (const part of path.split('.')) {
      if (!isObject(node[part]))
        node[part] = node[part] === undefined || node[part] === null ? {} : node[part];
      if (!isObject(node[part])) break;
      node = node[part] as Json;
    }
  }
  return out;
}

/**
 * The keys of one subchart's values section as a JSON Schema of closed objects: the upstream
 * schema's own properties where it ships one, else the keys of its default values (and the keys
 * its templates read). Only keys are checked; types and ranges stay the subchart schema's job.
 * Where the upstream schema closes its objects itself (Airflow), only the section's root is closed
 * here: Helm validates the rest against that schema.
 */
export function subchartKeySchema(chart: Subchart, dir = upstreamChartsDir): Json {
  const { values, schema, version } = readUpstream(chart, dir);
  const resolve = resolver(schema);
  const rootOnly = schema !== undefined && closesObjects(schema);
  const open = OPEN_PATHS[chart];
  const keyTree = addPaths(values, READ_BUT_UNLISTED[chart]);

  const build = (value: unknown, schemaNode: unknown, path: string, depth: number): Schema => {
    const s = resolve(schemaNode);
    const props = isObject(s.properties) ? (s.properties as Json) : {};
    const keys = [...new Set([...(isObject(value) ? Object.keys(value) : []), ...Object.keys(props)])].sort();
    const name = path.slice(path.lastIndexOf('.') + 1);
    const explicitlyOpen =
      depth > 0 && s.additionalProperties !== undefined && s.additionalProperties !== false;
    if (
      keys.length === 0 ||
      (depth > 0 && (rootOnly || FREE_FORM.test(name) || explicitlyOpen)) ||
      open.some((p) => matches(p, path))
    )
      return true;
    const properties: Record<string, Schema> = {};
    for (const k of keys)
      properties[k] = build(
        isObject(value) ? value[k] : undefined,
        props[k],
        path ? `${path}.${k}` : k,
        depth + 1,
      );
    return { type: 'object', additionalProperties: false, properties };
  };

  const root = build(keyTree, schema, '', 0) as Json;
  for (const k of HELM_KEYS) (root.properties as Json)[k] = true;
  return {
    title: `${chart} ${version} keys`,
    description: rootOnly
      ? `The keys of the ${chart} chart ${version}'s values schema: a key it does not know is a typo. Below the first level its own schema, which Helm applies to the subchart, checks the rest.`
      : `The keys of the ${chart} chart ${version}'s default values (it ships no schema that closes them): a key it does not know is a typo. Free-form maps (annotations, labels, resources, probes, security contexts, configuration blocks) stay open.`,
    ...root,
  };
}
