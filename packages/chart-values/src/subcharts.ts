import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { chartDir, repoRoot } from './paths.js';

/** A dependency package (`<name>-<version>.tgz`) the umbrella can be rendered with. */
export interface SubchartPackage {
  name: string;
  version: string;
  file: string;
}

/** Where the subchart packages were found, said in every full render's header. */
export interface SubchartSource {
  dir: string;
  /** `chart` when a user ran `helm dependency build`; `upstream` for ../shared/upstream/charts or $LOGSTACK_SUBCHARTS. */
  kind: 'chart' | 'upstream';
  packages: SubchartPackage[];
}

/** Thrown when no folder holds every dependency the umbrella's Chart.yaml lists. */
export class SubchartsMissing extends Error {
  constructor(readonly looked: string[]) {
    super(
      `the umbrella's subchart packages were not found (looked in ${looked.join(', ')}): run \`helm dependency build ${chartDir}\` where the chart repositories are reachable, or set LOGSTACK_SUBCHARTS to a folder of the four .tgz packages`,
    );
    this.name = 'SubchartsMissing';
  }
}

/** The dependency names the umbrella's Chart.yaml lists. */
export function dependencyNames(chart = chartDir): string[] {
  const meta = parse(readFileSync(join(chart, 'Chart.yaml'), 'utf8')) as {
    dependencies?: { name: string }[];
  };
  return (meta.dependencies ?? []).map((d) => d.name);
}

function packagesIn(dir: string, names: string[]): SubchartPackage[] | undefined {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  const found: SubchartPackage[] = [];
  for (const name of names) {
    // `<name>-<semver>.tgz`; the version starts at the first `-<digit>` after the name.
    const file = files.find((f) => f.startsWith(`${name}-`) && /^\d/.test(f.slice(name.length + 1)));
    if (!file) return undefined;
    found.push({ name, version: basename(file, '.tgz').slice(name.length + 1), file: join(dir, file) });
  }
  return found;
}

/**
 * The subchart packages to render the whole umbrella with: the chart's own `charts/` after a
 * `helm dependency build` (a user's machine), else $LOGSTACK_SUBCHARTS when it is set, else the
 * real upstream packages beside the checkout (`../shared/upstream/charts`, which CI always has).
 */
export function findSubcharts(chart = chartDir): SubchartSource {
  const names = dependencyNames(chart);
  const candidates: [string, SubchartSource['kind']][] = [[join(chart, 'charts'), 'chart']];
  // A folder named on purpose is the only other place looked in: a wrong one must not pass unnoticed.
  candidates.push([
    process.env.LOGSTACK_SUBCHARTS || join(repoRoot, '..', 'shared', 'upstream', 'charts'),
    'upstream',
  ]);
  for (const [dir, kind] of candidates) {
    const packages = packagesIn(dir, names);
    if (packages) return { dir, kind, packages };
  }
  throw new SubchartsMissing(candidates.map(([d]) => d));
}
