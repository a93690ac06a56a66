import TOML from '@iarna/toml';
import { toYaml } from '@logstack/artifact';
import type { LogstackModel } from '@logstack/spec';
import { taskLogVectorConfig } from './config.js';

export type VectorFormat = 'yaml' | 'toml';

/** Comments placed above a key, in either format: the reasons a reader of the config needs. */
const KEY_COMMENTS: Record<string, string[]> = {
  dangerously_allow_unconfined_template_resolution: [
    'Vector 0.57+ rejects templates with no literal prefix, such as the label value "{{ dag_id }}".',
    'A prefix would change every label value and every query. Safe here: these templates only fill',
    'Loki label and structured-metadata values, never a path, URL, host or tenant (endpoint and',
    'tenant_id are constants), so an event cannot steer where data is written.',
  ],
  acknowledgements: [
    'The file source checkpoints a line only after Loki accepted it: a batch in flight at shutdown is not lost.',
  ],
};

function withComments(text: string, format: VectorFormat): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const key =
      format === 'yaml'
        ? /^(\s*)([a-z_]+):/.exec(line)
        : (/^(\s*)([a-z_]+) = /.exec(line) ?? /^(\s*)\[(?:[a-z_.]*\.)?([a-z_]+)\]$/.exec(line));
    const comment = key ? KEY_COMMENTS[key[2] ?? ''] : undefined;
    if (key && comment) out.push(...comment.map((c) => `${key[1]}# ${c}`));
    out.push(line);
  }
  return out.join('\n');
}

/** The config file's text without header: YAML for the sidecar ConfigMap's `vector.yaml`, or TOML. */
export function renderVectorConfig(model: LogstackModel, format: VectorFormat = 'yaml'): string {
  const config = taskLogVectorConfig(model);
  const text = format === 'yaml' ? toYaml(config) : TOML.stringify(config as TOML.JsonMap);
  return withComments(text, format);
}
