import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { defaultModel, HELM_MAJORS, type RenderOptions } from '../src/index.js';
import { defaultsRender, find, objectsOf, specRender } from './full-renders.js';
import { type Deep, exampleModel, examples, exampleVariant } from './helpers.js';

// Every writer and reader of the in-chart Loki found in a full render (subcharts included) must
// name the spec's tenant, and Loki must require one: with auth_enabled a request without
// X-Scope-OrgID is refused, and one with another tenant sees nothing of ours.

const cases: Array<{ name: string; tenant: string; opts: () => RenderOptions }> = [
  { name: 'chart defaults', tenant: defaultModel().loki.tenant, opts: defaultsRender },
  ...examples.map((e) => ({
    name: `example ${e}`,
    tenant: exampleModel(e).loki.tenant,
    opts: () => specRender(exampleModel(e)),
  })),
  {
    name: 'complete with the Vector agent',
    tenant: exampleModel('complete').loki.tenant,
    opts: () => specRender(exampleVariant('complete', { clusterAgent: { type: 'vector-agent' } })),
  },
];

const configMapTexts = (objects: Deep[]) =>
  find(objects, 'ConfigMap').flatMap((cm) =>
    Object.entries((cm.data ?? {}) as Record<string, string>).map(([key, text]) => ({
      where: `${cm.metadata.name}/${key}`,
      text,
    })),
  );

const tryYaml = (text: string): Deep | undefined => {
  try {
    const v = parse(text);
    return v && typeof v === 'object' ? (v as Deep) : undefined;
  } catch {
    return undefined;
  }
};

/** Loki's own configuration, from the Loki chart's ConfigMap. */
function lokiConfig(objects: Deep[]): Deep {
  const cm = find(objects, 'ConfigMap', 'loki')[0];
  assert.ok(cm?.data?.['config.yaml'], 'the Loki chart renders its config into the ConfigMap loki');
  return parse(cm.data['config.yaml']) as Deep;
}

/** Every Vector `loki` sink in the render's ConfigMaps (the task-log sidecar's, the Vector agent's). */
function vectorLokiSinks(objects: Deep[]): Array<{ where: string; sink: Deep }> {
  return configMapTexts(objects).flatMap(({ where, text }) => {
    const config = tryYaml(text);
    return Object.entries((config?.sinks ?? {}) as Record<string, Deep>)
      .filter(([, s]) => s?.type === 'loki')
      .map(([id, sink]) => ({ where: `${where} sinks.${id}`, sink }));
  });
}

/** Every `loki.write` endpoint block in the render's Alloy configurations, with its tenant_id. */
function alloyWriteEndpoints(objects: Deep[]): Array<{ where: string; tenant: string | undefined }> {
  return configMapTexts(objects)
    .filter(({ text }) => text.includes('loki.write'))
    .flatMap(({ where, text }) =>
      [...text.matchAll(/endpoint\s*\{([^}]*)\}/g)].map((m) => ({
        where,
        tenant: /tenant_id\s*=\s*"([^"]*)"/.exec(m[1] ?? '')?.[1],
      })),
    );
}

/** Every Loki datasource for Grafana with its X-Scope-OrgID header value. */
function grafanaLokiDatasources(objects: Deep[]): Array<{ where: string; tenant: string | undefined }> {
  return configMapTexts(objects).flatMap(({ where, text }) =>
    ((tryYaml(text)?.datasources ?? []) as Deep[])
      .filter((d) => d.type === 'loki')
      .map((d) => {
        const json = d.jsonData ?? {};
        const n = Object.keys(json).find((k) => /^httpHeaderName\d+$/.test(k) && json[k] === 'X-Scope-OrgID');
        return { where, tenant: n ? d.secureJsonData?.[n.replace('Name', 'Value')] : undefined };
      }),
  );
}

for (const helm of HELM_MAJORS)
  for (const c of cases) {
    test(`${helm} ${c.name}: Loki is multi-tenant and every writer and reader names tenant "${c.tenant}"`, () => {
      assert.ok(c.tenant, 'the spec has a tenant');
      const objects = objectsOf(helm, c.opts());
      assert.is(lokiConfig(objects).auth_enabled, true, 'loki auth_enabled');

      const sinks = vectorLokiSinks(objects);
      assert.ok(sinks.length >= 1, 'the task-log sidecar config is in the render');
      for (const { where, sink } of sinks) assert.is(sink.tenant_id, c.tenant, `tenant_id of ${where}`);

      const alloy = alloyWriteEndpoints(objects);
      const agentIsAlloy = find(objects, 'DaemonSet').some(
        (d) => d.metadata.labels?.['app.kubernetes.io/name'] === 'alloy',
      );
      if (agentIsAlloy) assert.ok(alloy.length >= 1, 'Alloy writes to Loki');
      for (const { where, tenant } of alloy)
        assert.is(tenant, c.tenant, `Alloy loki.write endpoint in ${where}`);
      if (!agentIsAlloy) assert.ok(sinks.length >= 2, 'the Vector agent writes to Loki too');

      const datasources = grafanaLokiDatasources(objects);
      assert.ok(datasources.length >= 1, 'the Grafana datasource is in the render');
      for (const { where, tenant } of datasources)
        assert.is(tenant, c.tenant, `X-Scope-OrgID of the datasource in ${where}`);

      const rules = find(objects, 'ConfigMap').filter((cm) => cm.metadata.labels?.loki_rule !== undefined);
      assert.ok(rules.length >= 1, 'the Loki rules ConfigMap is in the render');
      for (const cm of rules)
        assert.is(
          cm.metadata.annotations?.['k8s-sidecar-target-directory'],
          c.tenant,
          `ruler folder of ${cm.metadata.name}`,
        );
    });
  }

test('an empty tenant turns multi-tenancy off, for a Loki without tenants', () => {
  const model = exampleVariant('minimal', { loki: { tenant: '' } });
  const objects = objectsOf('helm4', specRender(model));
  assert.is(lokiConfig(objects).auth_enabled, false);
  for (const { sink } of vectorLokiSinks(objects)) assert.is(sink.tenant_id, undefined);
});

test.run();
