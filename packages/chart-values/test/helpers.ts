import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LogstackModel, loadSpec } from '@logstack/spec';
import { Ajv } from 'ajv';
import { parse, stringify } from 'yaml';
import { chartDir, repoRoot } from '../src/index.js';

export const upstream = join(repoRoot, 'vendor', 'upstream-charts');
export const examples = ['minimal', 'complete'] as const;

export function exampleModel(name: string): LogstackModel {
  const file = `examples/${name}/logstack.yaml`;
  return loadSpec(file, readFileSync(join(repoRoot, file), 'utf8'));
}

/** An example spec with some of its top-level sections' keys replaced. */
export function exampleVariant(
  name: string,
  changes: Record<string, Record<string, unknown>>,
): LogstackModel {
  const file = `examples/${name}/logstack.yaml`;
  const spec = parse(readFileSync(join(repoRoot, file), 'utf8')) as Record<string, Record<string, unknown>>;
  for (const [section, keys] of Object.entries(changes)) spec[section] = { ...spec[section], ...keys };
  return loadSpec(`${file} (variant)`, stringify(spec));
}

export const chartDefaults = () =>
  parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;

/** A validator for an upstream chart's values.schema.json (draft-07), or undefined when it has none. */
export function upstreamValidator(chart: string) {
  let text: string;
  try {
    text = readFileSync(join(upstream, chart, 'values.schema.json'), 'utf8');
  } catch {
    return undefined;
  }
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validate = ajv.compile(JSON.parse(text));
  return (data: unknown) =>
    validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Loose access to parsed values and objects in assertions (a wrong path fails the assertion). */
// biome-ignore lint/suspicious/noExplicitAny: test-only deep access into parsed YAML
export type Deep = Record<string, any>;
