import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { createGenerator } from 'ts-json-schema-generator';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dashboards } from '../src/index.js';
import { model, variants } from './helpers.js';

/**
 * Grafana publishes no dashboard JSON Schema on a registry; its foundation SDK carries the
 * dashboard model as TypeScript types generated from Grafana's own schema. They are turned into a
 * JSON Schema here, closed (no unknown keys), and every generated dashboard is checked against it.
 */
const sdk = createRequire(import.meta.url).resolve('@grafana/grafana-foundation-sdk/dashboard');
const schemaOf = (pkg: string, type: string) =>
  createGenerator({
    path: sdk.replace(/dashboard[/\\]index\.js$/, `${pkg}/types.gen.d.ts`),
    type,
    skipTypeCheck: true,
    expose: 'export',
    additionalProperties: false,
  }).createSchema(type);

const dashboardSchema = schemaOf('dashboard', 'Dashboard');
// A target's shape belongs to its datasource: each is checked below against that datasource's type.
dashboardSchema.definitions!.Dataquery = { type: 'object' };

const ajv = new Ajv({ allErrors: true, strict: false });
const check = {
  dashboard: ajv.compile(dashboardSchema),
  loki: ajv.compile(schemaOf('loki', 'dataquery')),
  prometheus: ajv.compile(schemaOf('prometheus', 'dataquery')),
  logs: ajv.compile(schemaOf('logs', 'Options')),
};

interface Panel {
  type: string;
  title: string;
  options?: unknown;
  targets?: { datasource?: { type?: string } }[];
}

const errors = (v: (typeof check)[keyof typeof check], data: unknown) =>
  v(data) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);

for (const [name, text] of Object.entries(variants))
  test(`${name}: dashboards, their queries and logs options match Grafana's own model`, () => {
    for (const [file, board] of Object.entries(dashboards(model(text), { specLabel: 'test.yaml' }))) {
      const json = JSON.parse(JSON.stringify(board));
      assert.equal(errors(check.dashboard, json), [], file);
      for (const p of json.panels as Panel[]) {
        if (p.type === 'logs') assert.equal(errors(check.logs, p.options), [], `${file} ${p.title}`);
        for (const t of p.targets ?? []) {
          const kind = t.datasource?.type === 'loki' ? 'loki' : 'prometheus';
          assert.equal(errors(check[kind], t), [], `${file} ${p.title}`);
        }
      }
    }
  });

test('the schema refuses what Grafana would not know', () => {
  const json = JSON.parse(
    JSON.stringify(Object.values(dashboards(model(variants.minimal!), { specLabel: 't' }))[0]),
  );
  json.panels[0].gridPos.w = 'wide';
  json.refresh_rate = '1m';
  const e = errors(check.dashboard, json);
  assert.ok(
    e.some((x) => x.includes('/panels/0')),
    e.join('\n'),
  );
  assert.ok(
    e.some((x) => x.includes('refresh_rate')),
    e.join('\n'),
  );
  assert.ok(
    errors(check.loki, { refId: 'A', expr: '{a="b"}', queryKind: 'x' }).length > 0,
    'unknown target key',
  );
  assert.ok(errors(check.logs, { sortOrder: 'Sideways' }).length > 0, 'unknown sort order');
});

test.run();
