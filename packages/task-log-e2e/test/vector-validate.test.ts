import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { CI_SCENARIOS, ciScenarioModel } from '@logstack/chart-values';
import { vectorAgentConfig } from '@logstack/cluster-agents';
import { podTemplateChecks } from '@logstack/pod-template';
import { checkSpec, type LogstackModel } from '@logstack/spec';
import { renderVectorConfig, vectorConfigChecks } from '@logstack/vector-config';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, stringify } from 'yaml';
import { repo } from '../src/tools.js';
import {
  specFiles,
  validateWarnings,
  valuesWithSidecarConfig,
  vectorValidate,
} from '../src/vector-validate.js';

// The real Vector 0.56.0 (../shared/bin, unpacked by tools/bootstrap.sh) checks every generated
// config: component options, VRL compiled by Vector's own vrl crate, the topology.

function model(file: string, text: string): LogstackModel {
  const { model, issues } = checkSpec(file, text, { checks: [...vectorConfigChecks, ...podTemplateChecks] });
  if (!model || issues.length) throw new Error(`${file}: ${JSON.stringify(issues)}`);
  return model;
}

function assertValid(what: string, text: string, format: 'yaml' | 'toml' | 'json'): void {
  const r = vectorValidate(text, format);
  assert.ok(r.ok, `${what}: vector validate failed\n${r.output}`);
  assert.equal(validateWarnings(r.output), [], `${what}: vector validate warned\n${r.output}`);
}

const specs = specFiles();

test('finds the example specs (and any spec among the chart ci/ scenarios)', () => {
  assert.ok(specs.length >= 2, specs.join(', '));
});

for (const file of specs) {
  const name = relative(repo, file);
  const text = readFileSync(file, 'utf8');
  const m = model(file, text);

  test(`${name}: the sidecar config passes vector validate, YAML and TOML`, () => {
    assertValid(`${name} (yaml)`, renderVectorConfig(m, 'yaml'), 'yaml');
    assertValid(`${name} (toml)`, renderVectorConfig(m, 'toml'), 'toml');
  });

  test(`${name}: the Vector agent config passes vector validate without the acknowledgements warning`, () => {
    const doc = parse(text) as Record<string, unknown>;
    doc.clusterAgent = { ...(doc.clusterAgent as object), type: 'vector-agent' };
    const agent = model(file, stringify(doc));
    assertValid(`${name} (agent)`, JSON.stringify(vectorAgentConfig(agent)), 'json');
  });
}

// Every chart ci/ scenario (packages/chart-values), from its own spec model: new scenarios are picked up.
for (const scenario of CI_SCENARIOS) {
  test(`ci scenario ${scenario.name}: the sidecar and, when it has one, the Vector agent config pass vector validate`, () => {
    const m = ciScenarioModel(scenario);
    assertValid(`${scenario.name} (sidecar)`, renderVectorConfig(m, 'yaml'), 'yaml');
    if (m.clusterAgent.type === 'vector-agent')
      assertValid(`${scenario.name} (agent)`, JSON.stringify(vectorAgentConfig(m)), 'json');
  });
}

for (const { file, config } of valuesWithSidecarConfig()) {
  test(`${relative(repo, file)}: taskLogs.config (the sidecar ConfigMap) passes vector validate`, () => {
    assertValid(relative(repo, file), config, 'yaml');
  });
}

test('the 0.57 confinement option is added only where Vector knows it: 0.56 refuses it by name', () => {
  const doc = parse(readFileSync(specs[0]!, 'utf8')) as { sidecar?: { image?: object } };
  doc.sidecar = { ...doc.sidecar, image: { ...doc.sidecar?.image, tag: '0.57.0-alpine' } };
  const m57 = model('0.57.yaml', stringify(doc));
  const config = renderVectorConfig(m57, 'yaml');
  assert.match(config, 'dangerously_allow_unconfined_template_resolution: true');
  const r = vectorValidate(config, 'yaml');
  assert.not.ok(r.ok, 'Vector 0.56 must not know the 0.57 option');
  assert.match(r.output, 'dangerously_allow_unconfined_template_resolution');
});

test('vector validate is a real check: a config with a misspelt option fails', () => {
  const m = model(specs[0]!, readFileSync(specs[0]!, 'utf8'));
  const config = renderVectorConfig(m, 'yaml').replace('read_from: beginning', 'read_form: beginning');
  const r = vectorValidate(config, 'yaml');
  assert.not.ok(r.ok);
  assert.match(r.output, 'read_form');
});

test.run();
