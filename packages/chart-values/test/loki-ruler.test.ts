import { readFileSync } from 'node:fs';
import { isAbsolute, join, posix } from 'node:path';
import { toYaml } from '@logstack/artifact';
import type { LogstackModel } from '@logstack/spec';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import {
  chartDir,
  chartValues,
  defaultModel,
  type K8sObject,
  mergeValues,
  renderOwnTemplates,
} from '../src/index.js';
import type { Deep } from './helpers.js';
import { chartDefaults, exampleModel, examples, upstream, upstreamValidator } from './helpers.js';

/*
 * The in-chart Loki must load the alert rules the chart ships: the rules ConfigMap is picked up
 * by the Loki chart's rules sidecar (kiwigrid k8s-sidecar), written into a folder, and read from
 * there by the ruler's local rule storage for the tenant the task logs are written to. Every
 * fact below comes from the rendered objects and the merged values, never from template text.
 */

const NAMESPACE = 'airflow';

interface Case {
  name: string;
  model: LogstackModel;
  /** The values Helm sees: the chart defaults with the case's values file merged over them. */
  values: Deep;
  objects: K8sObject[];
}

const cases: Case[] = [
  { name: 'defaults', model: defaultModel(), extra: undefined },
  ...examples.map((e) => ({ name: e, model: exampleModel(e), extra: chartValues(exampleModel(e)) })),
].map(({ name, model, extra }) => ({
  name,
  model,
  values: extra ? mergeValues(chartDefaults(), extra) : chartDefaults(),
  // Installed where the values were generated for (the chart fails anywhere else).
  objects: renderOwnTemplates({ values: extra ? [toYaml(extra)] : [], namespace: model.airflow.namespace }),
}));

/** Where k8s-sidecar writes a ConfigMap's keys, or undefined when it does not pick the ConfigMap up. */
function sidecarDestination(cm: Deep, sidecar: Deep, sidecarNamespace: string): string | undefined {
  const rules = sidecar.rules as Deep;
  if (!rules.enabled || !['configmap', 'both'].includes(rules.resource)) return undefined;
  const namespaces = rules.searchNamespace ? String(rules.searchNamespace).split(',') : [sidecarNamespace];
  if (!namespaces.includes('ALL') && !namespaces.includes(cm.metadata.namespace)) return undefined;
  const labels = (cm.metadata.labels ?? {}) as Record<string, string>;
  if (!(rules.label in labels)) return undefined;
  if (rules.labelValue && labels[rules.label] !== rules.labelValue) return undefined;
  const target = rules.folderAnnotation ? cm.metadata.annotations?.[rules.folderAnnotation] : undefined;
  if (!target) return rules.folder;
  return isAbsolute(target) ? target : posix.join(rules.folder, target);
}

/** The tenant the task-log sidecars write to, from the rendered Vector config: `fake` without auth. */
function logTenant(c: Case): string {
  const cm = c.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-vector-task-logs')) as
    | Deep
    | undefined;
  assert.ok(cm, `${c.name}: the task-log ConfigMap is rendered`);
  const vector = parse(cm?.data['vector.yaml']) as Deep;
  return c.values.loki.loki.auth_enabled ? vector.sinks.loki.tenant_id : 'fake';
}

for (const c of cases)
  test(`${c.name}: the rules ConfigMap lands, through Loki's rules sidecar, in the folder the ruler reads for the tenant the task logs go to`, () => {
    const loki = c.values.loki as Deep;
    assert.is(loki.enabled, true);
    assert.is(loki.deploymentMode, 'Monolithic');
    assert.is(loki.ruler.enabled, true, 'the ruler is on');
    assert.is(loki.singleBinary.sidecar, true, 'the Monolithic pod runs the rules sidecar');
    const cm = c.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-loki-rules')) as
      | Deep
      | undefined;
    assert.ok(cm, `${c.name}: the rules ConfigMap is rendered`);
    const folder = sidecarDestination(cm as Deep, loki.sidecar, c.model.airflow.namespace);
    assert.ok(
      folder,
      `the rules sidecar picks up ${cm?.metadata.name} (labels ${JSON.stringify(cm?.metadata.labels)})`,
    );
    const storage = loki.loki.rulerConfig.storage as Deep;
    assert.is(storage.type, 'local', 'the ruler reads local rule storage');
    // Loki's local rule store: <directory>/<tenant>/<rule files>.
    assert.is(folder, posix.join(storage.local.directory, logTenant(c)));
    const files = Object.entries(cm?.data as Record<string, string>);
    assert.ok(files.length > 0);
    for (const [file, text] of files) {
      assert.match(file, /\.ya?ml$/);
      const groups = (parse(text) as Deep).groups as Deep[];
      assert.ok(groups.flatMap((g) => g.rules).length > 0, `${file} holds rules`);
    }
  });

test('the sidecar check is not a no-op: another label, value, annotation or namespace loses the ConfigMap or its folder', () => {
  const c = cases.find((x) => x.name === 'defaults') as Case;
  const cm = c.objects.find((o) => o.metadata.name.endsWith('-loki-rules')) as Deep;
  const sidecar = c.values.loki.sidecar as Deep;
  const expected = posix.join(c.values.loki.loki.rulerConfig.storage.local.directory, logTenant(c));
  assert.is(sidecarDestination(cm, sidecar, NAMESPACE), expected);
  const variant = (rules: Deep) => ({ ...sidecar, rules: { ...sidecar.rules, ...rules } });
  assert.is(sidecarDestination(cm, variant({ label: 'other_rule' }), NAMESPACE), undefined);
  assert.is(sidecarDestination(cm, variant({ labelValue: '1' }), NAMESPACE), undefined);
  assert.is(sidecarDestination(cm, variant({ resource: 'secret' }), NAMESPACE), undefined);
  assert.is(sidecarDestination(cm, variant({ searchNamespace: 'monitoring' }), NAMESPACE), undefined);
  assert.is.not(
    sidecarDestination(cm, variant({ folderAnnotation: 'other-annotation' }), NAMESPACE),
    expected,
  );
});

test('the alertmanager URL is a documented value, empty by default (alerts evaluated, none sent)', () => {
  const loki = chartDefaults().loki as Deep;
  assert.is(loki.loki.rulerConfig.alertmanager_url, '');
  assert.is(loki.loki.rulerConfig.enable_api, true, 'logstack verify reads the rules API');
  const text = readFileSync(join(chartDir, 'values.yaml'), 'utf8');
  assert.match(
    text,
    /# -- The ruler \(a target of the one Monolithic pod\)[\s\S]*?`alertmanager_url`[\s\S]*?rulerConfig:/,
  );
});

/** Keys of `value` that the schema does not declare, where the schema node lists its properties. */
function undeclaredKeys(schema: Deep, value: unknown, path = ''): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !schema?.properties) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = `${path}.${k}`;
    const sub = schema.properties[k];
    return sub ? undeclaredKeys(sub, v, here) : [here];
  });
}

const lokiSchema = JSON.parse(readFileSync(join(upstream, 'loki', 'values.schema.json'), 'utf8')) as Deep;

test("every key of the chart's loki section that the Loki chart's schema describes is a key it declares (no typo passes as an unknown key)", () => {
  const { enabled: _e, ...section } = chartDefaults().loki ?? {};
  assert.equal(undeclaredKeys(lokiSchema, section), []);
  // The walk finds a misspelt key in the ruler's sidecar settings, which the schema itself lets through.
  const typo = mergeValues(section, { sidecar: { rules: { lable: 'loki_rule' } } });
  assert.equal(upstreamValidator('loki')?.(typo), [], 'the upstream schema accepts unknown keys here');
  assert.equal(undeclaredKeys(lokiSchema, typo), ['.sidecar.rules.lable']);
});

test("the Loki chart's schema checks the ruler keys the chart sets: a wrong type in each is rejected", () => {
  const { enabled: _e, ...section } = chartDefaults().loki ?? {};
  const validate = upstreamValidator('loki');
  const broken: Array<[string, Deep]> = [
    ['ruler.enabled', { ruler: { enabled: 'yes' } }],
    ['singleBinary.sidecar', { singleBinary: { sidecar: 'yes' } }],
    ['sidecar.rules.enabled', { sidecar: { rules: { enabled: 'yes' } } }],
    ['sidecar.rules.label', { sidecar: { rules: { label: 5 } } }],
    ['sidecar.rules.folderAnnotation', { sidecar: { rules: { folderAnnotation: 5 } } }],
    ['sidecar.rules.searchNamespace', { sidecar: { rules: { searchNamespace: ['airflow'] } } }],
    ['loki.rulerConfig', { loki: { rulerConfig: 'alertmanager_url: x' } }],
  ];
  for (const [key, over] of broken) {
    const errors = validate?.(mergeValues(section, over)) ?? [];
    assert.ok(
      errors.some((e) => e.startsWith(`/${key.replace(/\./g, '/')} `)),
      `${key}: ${errors.join('; ')}`,
    );
  }
});

test.run();
