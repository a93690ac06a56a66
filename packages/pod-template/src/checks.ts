import type { SemanticCheck } from '@logstack/spec';
import { SIDECAR_LAYOUT } from '@logstack/vector-config';
import { executorSupported } from './executor-check.js';
import { parseVectorTag, SHELL_VARIANTS } from './image.js';
import { lokiSecretMounts } from './loki-secrets.js';

const imageHasShell: SemanticCheck = (m) => {
  const { tag } = m.sidecar.image;
  const parsed = parseVectorTag(tag);
  if (parsed && (SHELL_VARIANTS as readonly string[]).includes(parsed.variant)) return [];
  const suggestion = parsed ? `${parsed.version.join('.')}-alpine` : '0.56.0-alpine';
  return [
    {
      code: 'sidecar.image-no-shell',
      pointer: '/sidecar/image/tag',
      value: tag,
      message: parsed
        ? `the "${parsed.variant || 'default'}" Vector image has no /bin/sh and wget, which the sidecar's startup probe and preStop drain run`
        : `"${tag}" is not a Vector release tag (<version>-<variant>): the sidecar's probe and drain need a known variant with /bin/sh and wget`,
      allowed: `a Vector release tag with variant ${SHELL_VARIANTS.join(' or ')}, for example 0.56.0-alpine`,
      hint: `use tag ${suggestion}`,
    },
  ];
};

const portsDistinct: SemanticCheck = (m) =>
  m.sidecar.metricsPort === m.sidecar.apiPort
    ? [
        {
          code: 'sidecar.port-clash',
          pointer: '/sidecar/apiPort',
          value: m.sidecar.apiPort,
          message: `Vector's API and metrics exporter would both listen on port ${m.sidecar.apiPort}`,
          allowed: `any port but ${m.sidecar.metricsPort}`,
        },
      ]
    : [];

const within = (a: string, b: string) => a === b || a.startsWith(`${b.replace(/\/$/, '')}/`);

const mountsDistinct: SemanticCheck = (m) => {
  const folder = m.airflow.logs.folder;
  const own = [
    SIDECAR_LAYOUT.configDir,
    SIDECAR_LAYOUT.dataDir,
    ...lokiSecretMounts(m).map((x) => x.mountPath),
  ];
  const clash = own.find((dir) => within(folder, dir) || within(dir, folder));
  return clash
    ? [
        {
          code: 'sidecar.mount-clash',
          pointer: '/airflow/logs/folder',
          value: folder,
          message: `the logs folder overlaps ${clash}, where the sidecar mounts Vector's own files`,
          allowed: `a folder outside ${own.join(', ')}`,
          hint: 'keep the default /opt/airflow/logs',
        },
      ]
    : [];
};

/** What only the pod wiring knows: the executor, the drain's needs from the image and the timings, and the pod's ports and mounts. */
export const podTemplateChecks: SemanticCheck[] = [
  executorSupported,
  imageHasShell,
  portsDistinct,
  mountsDistinct,
];
