import { dirname, join } from 'node:path';
import { header } from '@logstack/artifact';
import {
  chartValuesArtifacts,
  HELM_MAJORS,
  HelmError,
  type HelmMajor,
  helmTemplateOwn,
  OWN_TEMPLATES_NOTE,
  ToolMissing,
} from '@logstack/chart-values';
import { Command, Option } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { inOutputFolder, specLabel, writeArtifacts } from '../files.js';
import type { Output } from '../output.js';
import { generateChecked, loadModel } from '../spec.js';

export const RENDERED_FILE = 'rendered.yaml';

interface RenderOptions {
  out?: string;
  helm: HelmMajor;
  release: string;
  force?: boolean;
}

export function renderCommand(io: Output, _setExit: (code: number) => void): Command {
  return new Command('render')
    .description(
      'render the spec’s values through a real helm template of the umbrella chart’s own templates (the subcharts are left out: they cannot be downloaded here)',
    )
    .argument('<spec>', 'the logstack spec (YAML or JSON)')
    .option('-o, --out <dir>', `write ${RENDERED_FILE} into this folder instead of printing the manifests`)
    .addOption(
      new Option('--helm <helm>', 'Helm major to render with').choices([...HELM_MAJORS]).default('helm3'),
    )
    .option('--release <name>', 'release name', 'airflow')
    .option('--force', `replace a ${RENDERED_FILE} that logstack did not render from this spec`)
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
      let run: ReturnType<typeof helmTemplateOwn>;
      try {
        run = helmTemplateOwn({
          helm: opts.helm,
          values: [values?.content ?? ''],
          releaseName: opts.release,
          namespace: model.airflow.namespace,
        });
      } catch (err) {
        if (err instanceof ToolMissing) throw new CliError(err.message, EXIT.error);
        throw err;
      }
      if (run.status !== 0) throw new CliError(new HelmError(opts.helm, run).message, EXIT.invalid);
      const manifests = `${header({ specLabel: label }, 'render', 'hash')}# ${OWN_TEMPLATES_NOTE}\n# from ${label} with ${opts.helm}, release ${opts.release}, namespace ${model.airflow.namespace}\n${run.stdout}`;
      io.err(OWN_TEMPLATES_NOTE);
      if (!opts.out) {
        io.out(manifests);
        return;
      }
      const dir = opts.out;
      inOutputFolder(dir, () =>
        writeArtifacts(dir, [{ path: RENDERED_FILE, content: manifests }], {
          label,
          force: Boolean(opts.force),
        }),
      );
      io.out(`wrote ${join(opts.out, RENDERED_FILE)}`);
    });
}
