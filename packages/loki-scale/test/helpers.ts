import { checkSpec, type LogstackModel, type SpecIssue } from '@logstack/spec';
import { lokiScaleChecks } from '../src/index.js';

/** A spec through the real loader with this package's checks. */
export function load(text: string): { model?: LogstackModel; issues: SpecIssue[] } {
  return checkSpec('spec.yaml', text, { checks: lokiScaleChecks });
}

/** A model from YAML written under `loki:` (indented two spaces). */
export function lokiSpec(yaml = ''): LogstackModel {
  const { model, issues } = load(`apiVersion: logstack/v1\n${yaml ? `loki:\n${yaml}` : ''}`);
  if (!model) throw new Error(`fixture spec is invalid: ${JSON.stringify(issues)}`);
  return model;
}
