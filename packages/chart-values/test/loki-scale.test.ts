import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toYaml } from '@logstack/artifact';
import { LOKI_DEFAULT_LIMITS, type LokiPlan, planLoki } from '@logstack/loki-scale';
import type { LogstackModel } from '@logstack/spec';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { chartValues, fragmentSources, HELM_MAJORS, type K8sObject, renderFullChart } from '../src/index.js';
import { type Deep, exampleVariant } from './helpers.js';
import { coreSchemaErrors, crdErrors } from './k8s-validate.js';

// checkov scans the same modes in full-render.test.ts (its ci/loki-simple-scalable and ci/loki-distributed scenarios).
// The complete example in each mode, rendered once per Helm major with the real Loki subchart;
// every test below reads these renders.
const base = { mode: 'inChart', tenant: 'data-platform', labels: ['namespace', 'dag_id', 'component'] };
const specs: Record<string, LogstackModel> = {
  monolithic: exampleVariant('complete', {
    loki: { ...base, scale: { volume: { gbPerDay: 20, dags: 300 } } },
  }),
  simpleScalable: exampleVariant('complete', {
    loki: {
      ...base,
      scale: {
        mode: 'simpleScalable',
        volume: { peakConcurrency: 400, linesPerSecondPerTask: 50, dags: 2000 },
      },
    },
  }),
  distributed: exampleVariant('complete', {
    loki: {
      ...base,
      scale: {
        mode: 'distributed',
        zones: ['eu-1a', 'eu-1b', 'eu-1c'],
        volume: { gbPerDay: 3000, dags: 8000 },
      },
    },
  }),
};
const MODES = Object.keys(specs);
const renders = Object.fromEntries(
  HELM_MAJORS.flatMap((helm) =>
    MODES.map((mode) => {
      const model = specs[mode] as LogstackModel;
      const objects = renderFullChart({
        helm,
        values: [toYaml(chartValues(model))],
        namespace: model.airflow.namespace,
        apiVersions: ['monitoring.coreos.com/v1'],
      });
      return [`${helm} ${mode}`, objects];
    }),
  ),
) as Record<string, Deep[]>;
const rendered = (mode: string, helm = 'helm3') => renders[`${helm} ${mode}`] as Deep[];
const plans = Object.fromEntries(
  MODES.map((m) => [
    m,
    planLoki(specs[m] as LogstackModel, { taskStreams: specs[m]?.loki.scale.volume.dags }),
  ]),
) as Record<string, LokiPlan>;

const named = (objects: Deep[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);
const lokiConfig = (objects: Deep[]) =>
  parse(named(objects, 'ConfigMap', 'loki')?.data['config.yaml'] ?? '') as Deep;
/** Loki's own workloads (the subchart's; not Airflow's or Alloy's). */
const workloads = (objects: Deep[]) =>
  objects.filter(
    (o) =>
      ['Deployment', 'StatefulSet'].includes(o.kind) &&
      o.spec.template.metadata.labels?.['app.kubernetes.io/name'] === 'loki',
  );
const component = (o: Deep): string => o.spec.template.metadata.labels['app.kubernetes.io/component'];
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The workloads whose pods a Service selects. */
function backing(objects: Deep[], service: Deep): Deep[] {
  const sel = service.spec.selector as Record<string, string> | undefined;
  return sel ? workloads(objects).filter((w) => selects(sel, w.spec.template.metadata.labels)) : [];
}

/** Resolves an in-cluster URL to its Service in the render (name.namespace.svc[.cluster.local]:port). */
function serviceOf(objects: Deep[], url: string, namespace: string): Deep | undefined {
  const u = new URL(url);
  const [name, ns, svc] = u.hostname.split('.');
  if (ns !== namespace || svc !== 'svc') return undefined;
  const port = Number(u.port || 80);
  const s = named(objects, 'Service', name ?? '');
  return s?.spec.ports.some((p: Deep) => p.port === port) ? s : undefined;
}

/** Where the Loki gateway's nginx sends a path: exact locations first, then the longest ^~ prefix. */
function gatewayRoute(objects: Deep[], path: string): string | undefined {
  const conf: string = named(objects, 'ConfigMap', 'loki-gateway')?.data['nginx.conf'] ?? '';
  // Each location's text runs to the next one (its body has `${...}` variables, so no brace matching).
  const blocks = conf
    .split(/\n\s*location /)
    .slice(1)
    .map(
      (text) =>
        /^(=|\^~) (\S+) \{/.exec(text) && { text, m: /^(=|\^~) (\S+) \{/.exec(text) as RegExpExecArray },
    )
    .filter((b): b is { text: string; m: RegExpExecArray } => Boolean(b))
    .map(({ text, m }) => ({
      exact: m[1] === '=',
      path: m[2] as string,
      backend: /set \$backend\s+"([^"]+)"/.exec(text)?.[1],
    }));
  const exact = blocks.find((b) => b.exact && b.path === path);
  if (exact) return exact.backend;
  return blocks
    .filter((b) => !b.exact && path.startsWith(b.path))
    .sort((a, b) => b.path.length - a.path.length)[0]?.backend;
}

/** The URLs every client of the in-chart Loki is given, read back from the render. */
function clientUrls(objects: Deep[]): Record<string, string> {
  const cm = (suffix: string) =>
    objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith(suffix)) as Deep;
  const vector = parse(cm('-vector-task-logs').data['vector.yaml']) as Deep;
  const alloy =
    /loki\.write "default" \{[\s\S]*?url\s*=\s*"([^"]+)"/.exec(cm('-alloy').data['config.alloy'])?.[1] ?? '';
  const ds = parse(cm('-grafana-datasource').data['logstack-loki-datasource.yaml']) as Deep;
  return {
    'task-log sidecar': vector.sinks.loki.endpoint,
    alloy: alloy.replace(/\/loki\/api\/v1\/push$/, ''),
    'grafana datasource': ds.datasources[0].url,
  };
}

for (const mode of MODES)
  test(`${mode}: Helm 3 and Helm 4 render the same Loki objects`, () => {
    const loki = (o: Deep) => o.metadata.labels?.['app.kubernetes.io/name'] === 'loki' && o.kind !== 'Secret';
    const h3 = rendered(mode).filter(loki);
    assert.ok(h3.length > 5);
    // Helm 3 alone emits an empty table_manager block in Loki's config (../shared/facts/upstream-charts.md).
    const strip = (os: Deep[]) =>
      os
        .map((o) =>
          o.kind === 'ConfigMap' && o.metadata.name === 'loki'
            ? { ...o, data: { 'config.yaml': parse(o.data['config.yaml']) } }
            : o,
        )
        .map((o) => {
          if (o.data?.['config.yaml']?.table_manager) delete o.data['config.yaml'].table_manager;
          return o;
        });
    assert.equal(strip(rendered(mode, 'helm4').filter(loki)), strip(h3));
  });

test('every core object of the three whole renders validates against Kubernetes 1.33 (kubernetes-validate --strict)', () => {
  const all = MODES.flatMap((m) => rendered(m));
  assert.ok(all.some((o) => o.kind === 'PodDisruptionBudget'));
  assert.equal(coreSchemaErrors(all as K8sObject[], mkdtempSync(join(tmpdir(), 'logstack-loki-scale-'))), []);
  assert.equal(crdErrors(all as K8sObject[]), []);
});

test('each mode runs exactly its components, with the planned replicas, resources and PDBs', () => {
  for (const mode of MODES) {
    const objects = rendered(mode);
    const plan = plans[mode] as LokiPlan;
    const lokiWorkloads = workloads(objects).filter(
      (w) =>
        w.metadata.labels?.['app.kubernetes.io/name'] === 'loki' && !component(w).startsWith('memcached'),
    );
    const byComponent = new Map<string, number>();
    for (const w of lokiWorkloads)
      byComponent.set(component(w), (byComponent.get(component(w)) ?? 0) + w.spec.replicas);
    const expected = new Map(
      plan.components.map((c) => [
        c.key.replace(/[A-Z]/g, (x) => `-${x.toLowerCase()}`).replace('single-binary', 'single-binary'),
        c.replicas,
      ]),
    );
    assert.equal(Object.fromEntries(byComponent), Object.fromEntries(expected), mode);
    const pdbs = objects.filter(
      (o) => o.kind === 'PodDisruptionBudget' && o.metadata.labels?.['app.kubernetes.io/name'] === 'loki',
    );
    for (const c of plan.components) {
      const name = c.key.replace(/[A-Z]/g, (x) => `-${x.toLowerCase()}`);
      const pdb = pdbs.find((p) => p.spec.selector.matchLabels['app.kubernetes.io/component'] === name);
      assert.is(Boolean(pdb), c.pdb, `${mode} ${name}: PDB`);
      if (pdb) assert.is(pdb.spec.maxUnavailable, 1);
      const w = lokiWorkloads.find((x) => component(x) === name);
      const main = w?.spec.template.spec.containers[0];
      assert.equal(main?.resources.requests, c.resources.requests, `${mode} ${name} requests`);
    }
  }
});

test('replication factor 1 in monolithic, 3 beyond; zone-aware ingesters only with zones', () => {
  assert.is(lokiConfig(rendered('monolithic')).common.replication_factor, 1);
  assert.is(lokiConfig(rendered('simpleScalable')).common.replication_factor, 3);
  assert.is(lokiConfig(rendered('distributed')).common.replication_factor, 3);
  const ingesters = workloads(rendered('distributed')).filter((w) => component(w) === 'ingester');
  assert.equal(
    ingesters.map((w) => [
      w.metadata.name,
      w.spec.template.spec.nodeSelector?.['topology.kubernetes.io/zone'],
    ]),
    [
      ['loki-ingester-zone-a', 'eu-1a'],
      ['loki-ingester-zone-b', 'eu-1b'],
      ['loki-ingester-zone-c', 'eu-1c'],
    ],
  );
  const args = (name: string) =>
    named(rendered('distributed'), 'Deployment', name)?.spec.template.spec.containers[0].args;
  assert.ok(args('loki-distributor').includes('-distributor.zone-awareness-enabled=true'));
  assert.ok(
    ingesters[1]?.spec.template.spec.containers[0].args.includes('-ingester.availability-zone=zone-b'),
  );
  // Without zones, no per-zone StatefulSets: the chart's default (zone-aware) is turned off.
  assert.equal(
    workloads(rendered('simpleScalable')).filter((w) => component(w) === 'ingester'),
    [],
  );
});

test('memcached caches: off in monolithic, sized from the volume elsewhere (never the chart’s 9830Mi)', () => {
  const caches = (mode: string) =>
    workloads(rendered(mode))
      .filter((w) => component(w).startsWith('memcached'))
      .map((w) => {
        const c = w.spec.template.spec.containers.find((x: Deep) => x.name === 'memcached');
        return [
          component(w),
          w.spec.replicas,
          c.args.find((a: string) => a.startsWith('-m ')),
          c.resources.requests.memory,
        ];
      });
  assert.equal(caches('monolithic'), []);
  // 200-odd GB/day: a few GB, not the chart's 8192 MB (9830Mi requested).
  assert.ok((plans.simpleScalable as LokiPlan).caches.chunks.memoryMb < 8192);
  for (const mode of ['simpleScalable', 'distributed']) {
    const p = (plans[mode] as LokiPlan).caches;
    assert.equal(caches(mode), [
      [
        'memcached-chunks-cache',
        p.chunks.replicas,
        `-m ${p.chunks.memoryMb}`,
        `${Math.round(p.chunks.memoryMb * 1.2)}Mi`,
      ],
      [
        'memcached-results-cache',
        p.results.replicas,
        `-m ${p.results.memoryMb}`,
        `${Math.round(p.results.memoryMb * 1.2)}Mi`,
      ],
    ]);
    assert.ok(p.chunks.memoryMb <= 8192, 'at most 8 GB a replica');
  }
});

test('the ruler runs where the rules sidecar is: the one pod, the backend target, the ruler pods', () => {
  const where = { monolithic: 'single-binary', simpleScalable: 'backend', distributed: 'ruler' } as Record<
    string,
    string
  >;
  for (const mode of MODES) {
    const objects = rendered(mode);
    const withSidecar = workloads(objects)
      .filter((w) => w.spec.template.spec.containers.some((c: Deep) => c.name === 'loki-sc-rules'))
      .map(component);
    assert.equal(withSidecar, [where[mode]], mode);
    const w = workloads(objects).find((x) => component(x) === where[mode]) as Deep;
    const loki = w.spec.template.spec.containers[0];
    const target = (loki.args as string[]).find((a) => a.startsWith('-target='));
    // Monolithic runs every target (no -target flag: "all"); backend and ruler include the ruler.
    if (mode !== 'monolithic') assert.is(target, `-target=${where[mode]}`, mode);
    const label = w.spec.template.spec.containers
      .find((c: Deep) => c.name === 'loki-sc-rules')
      .env.find((e: Deep) => e.name === 'LABEL').value;
    const rulesCm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.labels?.[label] !== undefined);
    assert.ok(rulesCm, `${mode}: the rules ConfigMap carries the label ${label} the sidecar watches`);
  }
});

test('the generated limits reach Loki’s config in every mode', () => {
  for (const mode of MODES) {
    const limits = lokiConfig(rendered(mode)).limits_config;
    const plan = plans[mode] as LokiPlan;
    // A limit equal to Loki's default is not written: Loki applies its default.
    const d = LOKI_DEFAULT_LIMITS;
    assert.is(limits.ingestion_rate_mb ?? d.ingestionRateMb, plan.limits.ingestionRateMb.value, mode);
    assert.is(
      limits.ingestion_burst_size_mb ?? d.ingestionBurstSizeMb,
      plan.limits.ingestionBurstSizeMb.value,
      mode,
    );
    assert.is(
      limits.per_stream_rate_limit ?? `${d.perStreamRateLimitMb}MiB`,
      `${plan.limits.perStreamRateLimitMb.value}MiB`,
      mode,
    );
    assert.is(
      limits.max_global_streams_per_user ?? d.maxGlobalStreamsPerUser,
      plan.limits.maxGlobalStreamsPerUser.value,
      mode,
    );
    assert.is(limits.max_query_series ?? d.maxQuerySeries, plan.limits.maxQuerySeries.value, mode);
    assert.is(limits.retention_period, '336h', 'retention stays');
    // Beyond the small monolithic volume the peak needs more than Loki's defaults: written out.
    if (mode !== 'monolithic') assert.ok((limits.ingestion_rate_mb as number) > d.ingestionRateMb, mode);
  }
  // The volumes differ, so do the limits: a derivation, not a constant.
  assert.ok(
    (plans.distributed as LokiPlan).limits.ingestionRateMb.value >
      (plans.monolithic as LokiPlan).limits.ingestionRateMb.value,
  );
});

test('every client URL is a Service of the render that selects the right Loki pods; the gateway routes push, query and rules', () => {
  const expected = {
    monolithic: { service: 'loki', component: 'single-binary' },
    simpleScalable: { service: 'loki-gateway', component: 'gateway' },
    distributed: { service: 'loki-gateway', component: 'gateway' },
  } as Record<string, { service: string; component: string }>;
  const routes = {
    simpleScalable: { push: 'write', query: 'read', rules: 'backend' },
    distributed: { push: 'distributor', query: 'query-frontend', rules: 'ruler' },
  } as Record<string, Record<string, string>>;
  for (const mode of MODES) {
    const objects = rendered(mode);
    const ns = (specs[mode] as LogstackModel).airflow.namespace;
    for (const [client, url] of Object.entries(clientUrls(objects))) {
      const svc = serviceOf(objects, url, ns);
      assert.is(svc?.metadata.name, expected[mode]?.service, `${mode} ${client}: ${url}`);
      assert.equal(
        backing(objects, svc as Deep).map(component),
        [expected[mode]?.component],
        `${mode} ${client}`,
      );
    }
    const r = routes[mode];
    if (!r) {
      assert.not.ok(named(objects, 'Deployment', 'loki-gateway'), 'no gateway in monolithic');
      continue;
    }
    const paths = {
      push: '/loki/api/v1/push',
      query: '/loki/api/v1/query_range',
      rules: '/prometheus/api/v1/rules',
    };
    for (const [what, path] of Object.entries(paths)) {
      const backend = gatewayRoute(objects, path) ?? '';
      const host = new URL(backend).hostname.replace(/\.cluster\.local$/, '');
      const svc = serviceOf(objects, `http://${host}:${new URL(backend).port}`, ns);
      assert.ok(svc, `${mode}: the gateway sends ${path} to a Service of the render (${backend})`);
      assert.equal([...new Set(backing(objects, svc as Deep).map(component))], [r[what]], `${mode} ${path}`);
    }
  }
});

test('the ServiceMonitor selects a metrics Service of every Loki component in every mode', () => {
  for (const mode of MODES) {
    const objects = rendered(mode);
    const sm = objects.find((o) => o.kind === 'ServiceMonitor' && o.metadata.name.endsWith('-loki')) as Deep;
    assert.ok(sm, mode);
    const scraped = objects.filter(
      (o) =>
        o.kind === 'Service' &&
        selects(sm.spec.selector.matchLabels, o.metadata.labels ?? {}) &&
        o.metadata.labels?.['prometheus.io/service-monitor'] !== 'false' &&
        o.spec.ports.some((p: Deep) => p.name === 'http-metrics'),
    );
    const components = new Set(scraped.flatMap((s) => backing(objects, s).map(component)));
    for (const c of (plans[mode] as LokiPlan).components) {
      const name = c.key.replace(/[A-Z]/g, (x) => `-${x.toLowerCase()}`);
      assert.ok(components.has(name), `${mode}: ${name} is scraped`);
    }
  }
});

test('monolithic -> simpleScalable keeps every stored log: same bucket, schema, storage and tenant', () => {
  const a = rendered('monolithic');
  const b = rendered('simpleScalable');
  const [ca, cb] = [lokiConfig(a), lokiConfig(b)];
  assert.equal(cb.schema_config, ca.schema_config);
  // The object store itself; only the index gateway's address differs (the backend serves it).
  assert.equal(cb.storage_config.aws, ca.storage_config.aws);
  assert.equal(cb.common.storage, ca.common.storage);
  assert.ok(ca.common.storage.s3.bucketnames, 'a bucket is named');
  assert.is(cb.auth_enabled, ca.auth_enabled);
  assert.equal(cb.compactor, ca.compactor);
  // Every Loki workload reads the same bucket ConfigMap and Secret (the claim is the same object).
  const envFrom = (objects: Deep[]) =>
    new Set(
      workloads(objects)
        .filter((w) => !component(w).startsWith('memcached') && component(w) !== 'gateway')
        .map((w) => JSON.stringify(w.spec.template.spec.containers[0].envFrom)),
    );
  assert.equal([...envFrom(b)], [...envFrom(a)]);
  assert.equal(named(b, 'ObjectBucketClaim', 'loki-bucket'), named(a, 'ObjectBucketClaim', 'loki-bucket'));
  // The sidecars push with the same tenant.
  const tenant = (objects: Deep[]) =>
    (
      parse(
        objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-vector-task-logs'))?.data[
          'vector.yaml'
        ],
      ) as Deep
    ).sinks.loki.tenant_id;
  assert.is(tenant(b), tenant(a));
  assert.is(tenant(a), 'data-platform');
});

test('the runbook’s transition step renders: the one pod and the write path side by side, in one ring', () => {
  // docs/operations.md, "Move a running Loki from monolithic to simpleScalable", step 2.
  const model = specs.simpleScalable as LogstackModel;
  const objects = renderFullChart({
    values: [
      toYaml(chartValues(model)),
      { loki: { deploymentMode: 'Monolithic<->SimpleScalable', singleBinary: { replicas: 1 } } },
    ],
    namespace: model.airflow.namespace,
  }) as Deep[];
  const running = workloads(objects).map((w) => [component(w), w.spec.replicas]);
  assert.ok(
    running.some(([c, n]) => c === 'single-binary' && n === 1),
    JSON.stringify(running),
  );
  assert.ok(running.some(([c]) => c === 'write'));
  // Meanwhile the gateway still sends every push to the one pod, which replicates into the ring.
  assert.match(gatewayRoute(objects, '/loki/api/v1/push') ?? '', /^http:\/\/loki\.data-platform\.svc/);
  const ring = named(objects, 'Service', 'loki-memberlist') as Deep;
  const members = backing(objects, ring).map(component);
  assert.ok(members.includes('single-binary') && members.includes('write'), members.join());
});

test('the sidecar config in the chart is the generator’s, pointing at the gateway beyond monolithic', () => {
  const cfg = parse(fragmentSources.taskLogsConfig(specs.simpleScalable as LogstackModel)) as Deep;
  assert.is(cfg.sinks.loki.endpoint, 'http://loki-gateway.data-platform.svc:80');
});

test.run();
