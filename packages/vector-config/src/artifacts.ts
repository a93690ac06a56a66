import { type Generator, header } from '@logstack/artifact';
import type { LogstackModel } from '@logstack/spec';
import { renderVectorConfig } from './render.js';

export const VECTOR_CONFIG_GENERATOR = 'vector-config';

/** `vector/task-logs.yaml` (or `.toml` with the context's vectorFormat), with the header naming the spec. */
export const vectorConfigArtifacts: Generator<LogstackModel> = (model, ctx) => [
  {
    path: `vector/task-logs.${ctx.vectorFormat}`,
    content: `${header(ctx, VECTOR_CONFIG_GENERATOR, 'hash')}${renderVectorConfig(model, ctx.vectorFormat)}`,
  },
];
