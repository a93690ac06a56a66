import { type Generator, header, toYaml, yamlArtifact } from '@logstack/artifact';
import type { LogstackModel } from '@logstack/spec';
import { workerPodWiring } from './fragment.js';
import { fullPodTemplate } from './full.js';
import { plainPodTemplateFile } from './plain.js';

const GENERATOR = 'pod-template';

/** The three modes as files: chart values for modes (a) and (b), and a plain pod template file. */
export const podTemplateArtifacts: Generator<LogstackModel> = (m, ctx) => [
  yamlArtifact('pod-template/airflow-values-fragment.yaml', workerPodWiring(m), ctx, GENERATOR),
  {
    path: 'pod-template/pod-template-full.yaml',
    content: `${header(ctx, GENERATOR, 'hash')}# Values for the official Airflow chart: a whole podTemplate (its tpl pass renders the {{ }}).\n${toYaml({ podTemplate: fullPodTemplate(m) })}`,
  },
  yamlArtifact(
    'pod-template/pod_template_file.yaml',
    plainPodTemplateFile(m, ctx.vectorFormat),
    ctx,
    GENERATOR,
  ),
];
