import { dirname, join } from 'node:path';
import {
  chartValuesArtifacts,
  countByKind,
  FullChart,
  HELM_MAJORS,
  HelmError,
  type HelmMajor,
  helmTemplateOwn,
  maskRandomAtRender,
  OWN_TEMPLATES_NOTE,
  parseManifests,
  RANDOM_AT_RENDER,
  SubchartsMissing,
  subchartSourceNote,
  ToolMissing,
  type ToolRun,
} from '@logstack/chart-values';
import { Command, Option } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { specLabel, writeArtifacts } from '../files.js';
import type { Output } from '../output.js';
import { generateChecked, loadModel } from '../spec.js';

export const RENDERED_FILE = 'rendered.yaml';

interface RenderOptions {
  out?: string;
  helm: HelmMajor;
  release: string;
  ownTemplates?: boolean;
}

const MASK_NOTE = `masked: ${RANDOM_AT_RENDER.map((r) => `${r.kind} ${r.name} .${r.field}`).join(', ')} (${RANDOM_AT_RENDER[0]?.why})`;

/** Helm's run of the whole umbrella (subchart packages from findSubcharts) or of its own templates. */
function helmRender(values: string, namespace: string, opts: RenderOptions): { run: ToolRun; note: string } {
  const common = { helm: opts.helm, values: [values], releaseName: opts.release, namespace };
  if (opts.ownTemplates) return { run: helmTemplateOwn(common), note: OWN_TEMPLATES_NOTE };
  const chart = FullChart.create();
  try {
    return { run: chart.templateSync(common), note: subchartSourceNote(chart.source) };
  } finally {
    chart.dispose();
  }
}

export function renderCommand(io: Output, _setExit: (code: number) => void): Command {
  return new Command('render')
    .description(
      'render the spec’s values through a real helm template of the whole umbrella chart, subcharts included (from the chart’s charts/ after helm dependency build, $LOGSTACK_SUBCHARTS or ../shared/upstream/charts); prints the number of objects by kind',
    )
    .argument('<spec>', 'the logstack spec (YAML or JSON)')
    .option('-o, --out <dir>', `write ${RENDERED_FILE} into this folder instead of printing the manifests`)
    .addOption(
      new Option('--helm <helm>', 'Helm major to render with').choices([...HELM_MAJORS]).default('helm3'),
    )
    .option('--release <name>', 'release name', 'airflow')
    .option('--own-templates', 'render only the umbrella’s own templates (no subcharts needed)')
    .action((spec: string, opts: RenderOptions) => {
      const model = loadModel(spec);
      // Printed manifests carry the label of the spec's own folder: what `-o <that folder>` writes.
      const label = specLabel(spec, opts.out ?? dirname(spec));
      const [values] = generateChecked(
        spec,
        model,
        { specLabel: label, vectorFormat: 'yaml' },
        chartValuesArtifacts,
      );
      const namespace = model.airflow.namespace;
      let rendered: ReturnType<typeof helmRender>;
      try {
        rendered = helmRender(values?.content ?? '', namespace, opts);
      } catch (err) {
        if (err instanceof ToolMissing || err instanceof SubchartsMissing)
          throw new CliError(err.message, EXIT.error);
        throw err;
      }
      const { run, note } = rendered;
      if (run.status !== 0) throw new CliError(new HelmError(opts.helm, run).message, EXIT.invalid);
      const counts = countByKind(parseManifests(run.stdout));
      const total = counts.reduce((n, [, c]) => n + c, 0);
      const manifests = [
        `# ${note}`,
        `# from ${label} with ${opts.helm}, release ${opts.release}, namespace ${namespace}`,
        `# ${MASK_NOTE}`,
        maskRandomAtRender(run.stdout),
      ].join('\n');
      io.err(note);
      io.err(`${total} objects: ${counts.map(([kind, n]) => `${n} ${kind}`).join(', ')}`);
      if (!opts.out) {
        io.out(manifests);
        return;
      }
      writeArtifacts(opts.out, [{ path: RENDERED_FILE, content: manifests }]);
      io.out(`wrote ${join(opts.out, RENDERED_FILE)}`);
    });
}
