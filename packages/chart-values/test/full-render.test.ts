// The whole umbrella as users install it: every scenario (chart defaults, each example's generated
// values, each ci/ scenario) rendered with its real subcharts by Helm 3 and Helm 4, once each, then
// fed to kubernetes-validate, the CRD schemas and checkov, and checked for what it must contain.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alloyRbacRules } from '@logstack/cluster-agents';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CHART_NAMES,
  FullChart,
  HELM_MAJORS,
  type K8sObject,
  RANDOM_AT_RENDER,
  renderScenarios,
} from '../src/index.js';
import {
  checkovFolder,
  checkovSubchartException,
  containersOf,
  type Deep,
  type FullRender,
  kubeValidateFiles,
  nameLimitErrors,
  newestKubeVersion,
  podTemplateOf,
  renderEveryScenario,
  scenarioModel,
  taskPodsBuiltByAirflow,
  writeRenders,
} from './full-render-kit.js';
import { crdErrors, isCustom } from './k8s-validate.js';

/** The chart's kubeVersion floor (Chart.yaml): native sidecars are on by default from 1.29. */
const MIN_KUBE_VERSION = '1.29.0';
const TWICE = ['defaults', 'examples/complete'];

const chart = FullChart.create();
const scenarios = renderScenarios();
const renders = await renderEveryScenario(chart, scenarios);
// Two more renders of the same values, for the determinism check.
const again = await renderEveryScenario(
  chart,
  scenarios.filter((s) => TWICE.includes(s.name)),
  ['helm3'],
);
const dir = mkdtempSync(join(tmpdir(), 'logstack-full-render-'));
chart.dispose();

const ok = renders.filter((r) => r.run.status === 0);
const of = (helm: string, name: string) => renders.find((r) => r.helm === helm && r.scenario.name === name);
const byKind = (r: FullRender | undefined, kind: string) =>
  (r?.objects ?? []).filter((o) => o.kind === kind) as Deep[];

/** The object with its RANDOM_AT_RENDER fields blanked: what must be equal between two renders. */
const withoutRandom = (objects: K8sObject[]) =>
  objects.map((o) => {
    const random = RANDOM_AT_RENDER.find((r) => r.kind === o.kind && r.name === o.metadata.name);
    return random ? { ...o, [random.field]: Object.keys((o as Deep)[random.field] ?? {}) } : o;
  });

test('the scenarios: the chart defaults, every example and every ci/ values file', () => {
  const names = scenarios.map((s) => s.name);
  for (const n of [
    'defaults',
    'examples/minimal',
    'examples/complete',
    'ci/vector-agent',
    'ci/release-name-50',
    'ci/loki-simple-scalable',
    'ci/loki-distributed',
  ])
    assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
  assert.is(scenarios.find((s) => s.name === 'ci/release-name-50')?.releaseName.length, 50);
});

for (const r of renders)
  test(`${r.helm} renders ${r.scenario.name} with its subcharts`, () => {
    assert.is(r.run.status, 0, r.run.stderr);
    const kinds = new Set(r.objects.map((o) => o.kind));
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ConfigMap', 'Secret'])
      assert.ok(kinds.has(kind), `${kind} rendered (subcharts included)`);
  });

test('Helm 3 and Helm 4 render the same objects for every scenario (Airflow keys aside: they are random at render)', () => {
  for (const s of scenarios)
    assert.equal(
      withoutRandom(of('helm4', s.name)?.objects ?? []),
      withoutRandom(of('helm3', s.name)?.objects ?? []),
      s.name,
    );
});

test('two renders with the same values differ only in RANDOM_AT_RENDER, and there they do differ', () => {
  assert.is(again.length, TWICE.length);
  for (const second of again) {
    const first = of('helm3', second.scenario.name);
    assert.ok(first && second.run.status === 0, second.run.stderr);
    assert.equal(withoutRandom(second.objects), withoutRandom(first?.objects ?? []), second.scenario.name);
    for (const random of RANDOM_AT_RENDER) {
      const find = (objects: K8sObject[]) =>
        objects.find((o) => o.kind === random.kind && o.metadata.name === random.name) as Deep | undefined;
      const [a, b] = [find(first?.objects ?? []), find(second.objects)];
      assert.ok(a, `${random.kind}/${random.name} rendered`);
      for (const key of Object.keys(a?.[random.field] ?? {}))
        assert.is.not(
          a?.[random.field][key],
          b?.[random.field][key],
          `${random.name} ${key} is really random`,
        );
    }
  }
});

test('no object name or label the API server or a controller would refuse (lengths schema validation does not check)', () => {
  assert.equal(
    ok.flatMap((r) => nameLimitErrors(r.objects).map((e) => `${r.helm} ${r.scenario.name}: ${e}`)),
    [],
  );
});

// Each distinct core object once (most are the same in every scenario), each task pod template too.
const coreFiles = writeRenders(
  join(dir, 'core'),
  ok.map((r) => ({ ...r, objects: r.objects.filter((o) => !isCustom(o)) })),
  { unique: true },
);

for (const version of [MIN_KUBE_VERSION, newestKubeVersion()])
  test(`every render and task pod template validates against the Kubernetes ${version} schemas (kubernetes-validate --strict)`, () => {
    assert.ok(
      ok.every((r) => podTemplateOf(r.objects)),
      'every render has a task pod template',
    );
    assert.ok(coreFiles.some((f) => f.endsWith('-pod-template.yaml')));
    assert.equal(kubeValidateFiles(coreFiles, version), []);
  });

test('kubernetes-validate catches a wrong field in the task pod template (the check is not a no-op)', () => {
  const pod = podTemplateOf(of('helm3', 'defaults')?.objects ?? []);
  assert.ok(pod);
  const broken = { ...pod, spec: { ...pod?.spec, sidecars: [] } } as unknown as K8sObject;
  const bad = writeRenders(join(dir, 'bad'), [
    { ...(of('helm3', 'defaults') as FullRender), objects: [broken] },
  ]);
  assert.ok(kubeValidateFiles(bad, MIN_KUBE_VERSION).length > 0);
});

test("Airflow's KubernetesExecutor builds task pods from every rendered pod template that keep the native sidecar and the metadata DB env", () => {
  const templates = coreFiles.filter((f) => f.endsWith('-pod-template.yaml'));
  const pods = taskPodsBuiltByAirflow(templates, dir);
  assert.equal(Object.keys(pods).sort(), [...templates].sort());
  for (const [file, pod] of Object.entries(pods)) {
    const sidecar = (pod.spec.initContainers ?? []).find((c: Deep) => c.name === 'vector-task-logs');
    assert.is(sidecar?.restartPolicy, 'Always', `${file}: Airflow keeps the sidecar native`);
    const base = pod.spec.containers.find((c: Deep) => c.name === 'base');
    assert.ok(
      base?.env.some(
        (e: Deep) => e.name === 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN' && e.valueFrom?.secretKeyRef,
      ),
      `${file}: the metadata DB connection survives`,
    );
    assert.is(pod.metadata.labels?.kubernetes_executor, 'True');
  }
});

test('every custom resource of every render validates against its CRD schema', () => {
  const custom = ok.flatMap((r) => r.objects.filter(isCustom));
  for (const kind of [
    'ObjectBucketClaim',
    'ServiceMonitor',
    'PodMonitor',
    'PrometheusRule',
    'ExternalSecret',
  ])
    assert.ok(
      custom.some((o) => o.kind === kind),
      `${kind} rendered somewhere`,
    );
  assert.equal(crdErrors(custom), []);
});

test('checkov (one run over every distinct object of every render, and each task pod template) finds nothing beyond the documented exceptions', () => {
  // Helm 4's renders are the same objects (asserted above), so Helm 3's are scanned.
  const helm3 = ok.filter((r) => r.helm === 'helm3');
  // Every Loki scale mode's own workloads are among them (the ci/loki-* scenarios), the gateway and caches too.
  for (const [kind, name] of [
    ['StatefulSet', 'loki'],
    ['Deployment', 'loki-read'],
    ['StatefulSet', 'loki-write'],
    ['StatefulSet', 'loki-backend'],
    ['Deployment', 'loki-distributor'],
    ['StatefulSet', 'loki-ingester-zone-a'],
    ['StatefulSet', 'loki-ruler'],
    ['Deployment', 'loki-gateway'],
    ['StatefulSet', 'loki-chunks-cache'],
  ])
    assert.ok(
      helm3.some((r) => r.objects.some((o) => o.kind === kind && o.metadata.name === name)),
      `${kind}/${name} is scanned`,
    );
  const scanned = writeRenders(join(dir, 'checkov'), helm3, { unique: true });
  assert.ok(scanned.some((f) => f.endsWith('-pod-template.yaml')));
  const result = checkovFolder(join(dir, 'checkov'));
  assert.is(result.parsingErrors, 0);
  assert.ok(result.passed > 100, `checkov ran its checks (${result.passed} passed)`);
  const unexplained = result.failed.filter((f) => !checkovSubchartException(f));
  const grouped = new Map<string, Set<string>>();
  for (const f of unexplained)
    grouped.set(f.check_id, (grouped.get(f.check_id) ?? new Set()).add(f.resource));
  assert.equal(
    [...grouped].map(([id, resources]) => `${id}: ${[...resources].sort().join(', ')}`),
    [],
  );
});

for (const s of scenarios)
  test(`${s.name}: the task pod template has the native sidecar, keeps the metadata DB env and runs the components' image`, () => {
    const r = of('helm3', s.name);
    const pod = podTemplateOf(r?.objects ?? []);
    assert.ok(pod, 'pod_template_file.yaml in the Airflow ConfigMap');
    const sidecar = (pod?.spec.initContainers ?? []).find((c: Deep) => c.name === 'vector-task-logs');
    assert.is(sidecar?.restartPolicy, 'Always', 'a native sidecar: an init container that keeps running');
    // Its config is a ConfigMap this render really has (the name is computed on both sides).
    const configVolume = (pod?.spec.volumes ?? []).find((v: Deep) => v.name === 'vector-task-logs-config');
    assert.ok(
      byKind(r, 'ConfigMap').some((c) => c.metadata.name === configVolume?.configMap?.name),
      `ConfigMap ${configVolume?.configMap?.name} rendered`,
    );
    const base = pod?.spec.containers.find((c: Deep) => c.name === 'base');
    const conn = base?.env.find((e: Deep) => e.name === 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN');
    const model = scenarioModel(s);
    assert.equal(conn?.valueFrom?.secretKeyRef, {
      name: model.secrets.metadataDb.enabled ? CHART_NAMES.metadataSecret : CHART_NAMES.airflowSecrets,
      key: 'connection',
    });
    const scheduler = byKind(r, 'Deployment').find((d) => d.metadata.labels?.component === 'scheduler');
    const schedulerImage = scheduler?.spec.template.spec.containers.find(
      (c: Deep) => c.name === 'scheduler',
    )?.image;
    assert.ok(schedulerImage, 'the scheduler runs an image');
    assert.is(base?.image, schedulerImage);
    assert.is(base?.image, `${model.airflow.image.repository}:${model.airflow.image.tag}`);
  });

for (const s of scenarios)
  test(`${s.name}: every Airflow key and the PostgreSQL password come from the stable Secret, none is drawn by the Airflow chart`, () => {
    const r = of('helm3', s.name);
    const random = ['fernet-key', 'jwt-secret', 'api-secret-key', 'webserver-secret-key', 'redis-password'];
    const drawn = byKind(r, 'Secret').filter((o) => random.some((k) => o.metadata.name.endsWith(`-${k}`)));
    assert.equal(
      drawn.map((o) => o.metadata.name),
      [],
    );
    const keyEnvs = [
      'AIRFLOW__CORE__FERNET_KEY',
      'AIRFLOW__API_AUTH__JWT_SECRET',
      'AIRFLOW__API__SECRET_KEY',
      'AIRFLOW__WEBSERVER__SECRET_KEY',
    ];
    const pod = podTemplateOf(r?.objects ?? []);
    const refs = [
      ...containersOf(r?.objects ?? []),
      ...(pod?.spec.containers ?? []).map((c: Deep) => ({ where: 'pod template', container: c })),
    ].flatMap(({ where, container }) =>
      (container.env ?? [])
        .filter((e: Deep) => keyEnvs.includes(e.name) || e.name === 'POSTGRES_PASSWORD')
        .map((e: Deep) => ({ where, name: e.name, ref: e.valueFrom?.secretKeyRef?.name })),
    );
    assert.ok(
      refs.some((x) => x.name === 'AIRFLOW__API_AUTH__JWT_SECRET'),
      'the API server reads the JWT secret',
    );
    assert.ok(refs.some((x) => x.name === 'AIRFLOW__CORE__FERNET_KEY' && x.where === 'pod template'));
    assert.equal(
      refs.filter((x) => x.ref !== CHART_NAMES.airflowSecrets),
      [],
    );
    const postgres = !scenarioModel(s).secrets.metadataDb.enabled;
    assert.is(
      refs.some((x) => x.name === 'POSTGRES_PASSWORD'),
      postgres,
      'the bundled PostgreSQL reads its password',
    );
    const stable = byKind(r, 'Secret').find((o) => o.metadata.name === CHART_NAMES.airflowSecrets);
    assert.is(stable?.metadata.annotations?.['helm.sh/resource-policy'], 'keep');
  });

for (const s of scenarios)
  test(`${s.name}: the node agent's RBAC is exactly what its generated config needs`, () => {
    const r = of('helm3', s.name);
    const model = scenarioModel(s);
    const roles = byKind(r, 'ClusterRole').filter(
      (o) => o.metadata.labels?.['app.kubernetes.io/name'] === 'alloy',
    );
    if (model.clusterAgent.type !== 'alloy') {
      assert.equal(roles, [], 'no Alloy without clusterAgent.type alloy');
      assert.ok(
        byKind(r, 'DaemonSet').some((d) => d.metadata.labels?.['app.kubernetes.io/name'] === 'vector'),
      );
      return;
    }
    assert.is(roles.length, 1);
    const granted = new Set((roles[0]?.rules ?? []).map((rule: Deep) => JSON.stringify(rule)));
    assert.equal(
      [...granted].sort(),
      alloyRbacRules(model)
        .map((rule) => JSON.stringify(rule))
        .sort(),
    );
  });

for (const s of scenarios)
  test(`${s.name}: Loki reads its bucket from the ObjectBucketClaim`, () => {
    const r = of('helm3', s.name);
    const model = scenarioModel(s);
    // Loki's own pods: the one Monolithic pod, or each target or component (not the gateway, not memcached).
    const lokiPods = [...byKind(r, 'StatefulSet'), ...byKind(r, 'Deployment')].filter((o) => {
      const labels = o.spec.template.metadata.labels ?? {};
      const component: string = labels['app.kubernetes.io/component'] ?? '';
      return (
        labels['app.kubernetes.io/name'] === 'loki' &&
        component !== 'gateway' &&
        !component.startsWith('memcached')
      );
    });
    if (model.loki.mode !== 'inChart') {
      assert.equal(lokiPods, [], 'no in-chart Loki');
      return;
    }
    const claims = byKind(r, 'ObjectBucketClaim');
    assert.equal(
      claims.map((c) => c.metadata.name),
      [CHART_NAMES.bucketClaim],
    );
    assert.ok(lokiPods.length > 0, 'Loki runs in the chart');
    for (const pod of lokiPods) {
      // Loki's container comes first; the rules sidecar follows it where the ruler runs.
      const container = pod.spec.template.spec.containers[0];
      assert.equal(
        container?.envFrom,
        [
          { configMapRef: { name: CHART_NAMES.bucketClaim } },
          { secretRef: { name: CHART_NAMES.bucketClaim } },
        ],
        pod.metadata.name,
      );
      assert.ok(container?.args.includes('-config.expand-env=true'), pod.metadata.name);
    }
    const config = byKind(r, 'ConfigMap').find((o) => o.metadata.name === 'loki')?.data['config.yaml'] ?? '';
    assert.match(config, /bucketnames: \$\{BUCKET_NAME\}/);
    assert.match(config, /endpoint: \$\{BUCKET_HOST\}:\$\{BUCKET_PORT\}/);
  });

test('ci/monitoring-off renders no monitor although the cluster serves monitoring.coreos.com/v1; the defaults do', () => {
  const monitors = (name: string) =>
    (of('helm3', name)?.objects ?? []).filter((o) => /Monitor$/.test(o.kind)).map((o) => o.kind);
  assert.equal(monitors('ci/monitoring-off'), []);
  assert.ok(monitors('defaults').includes('PodMonitor'));
});

test('ci/grafana-content-off renders no dashboard, datasource or rule', () => {
  const names = (of('helm3', 'ci/grafana-content-off')?.objects ?? []).map(
    (o) => `${o.kind}/${o.metadata.name}`,
  );
  assert.not.ok(
    names.some((n) => /dashboard|datasource|loki-rules|PrometheusRule/.test(n)),
    names.join(' '),
  );
});

for (const helm of HELM_MAJORS)
  test(`${helm}: a 50-character release name without the Airflow chart's standard naming fails and says what to set`, async () => {
    const c = FullChart.create();
    try {
      const r = await c.template({ helm, releaseName: 'a'.repeat(50), namespace: 'airflow' });
      assert.is.not(r.status, 0);
      assert.match(
        r.stderr,
        /is 50 characters: .*Use a release name of at most 40 characters, or set airflow\.useStandardNaming: true/,
      );
    } finally {
      c.dispose();
    }
  });

test.run();
