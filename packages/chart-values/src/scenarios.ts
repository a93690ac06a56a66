import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Artifact } from '@logstack/artifact';
import { toYaml } from '@logstack/artifact';
import { type LogstackModel, loadSpec } from '@logstack/spec';
import { parse, stringify } from 'yaml';
import { chartDir, repoRoot } from './paths.js';
import { chartValues, mergeValues } from './values.js';

type Values = Record<string, unknown>;

/**
 * A combination users really run, as a values file in the chart's ci/ folder (chart-testing's
 * convention): an example spec with some sections changed, through the generator, so the file
 * stays what `logstack generate` makes; `chart` holds the few chart values no spec key covers.
 */
export interface CiScenario {
  name: string;
  about: string;
  base: 'minimal' | 'complete';
  spec?: Record<string, Record<string, unknown>>;
  chart?: Values;
  /** Release name to render it with (default airflow). */
  releaseName?: string;
}

/** Helm allows 53; the Airflow chart's own names then need its standard naming (the chart says so when they do not). */
const FIFTY_CHARACTERS = 'data-platform-airflow-logstack-with-a-long-release';

export const CI_SCENARIOS: readonly CiScenario[] = [
  {
    name: 'vector-agent',
    about: 'the Vector agent (DaemonSet) instead of Alloy for cluster logs',
    base: 'minimal',
    spec: { clusterAgent: { type: 'vector-agent' } },
  },
  {
    name: 'external-loki-basic-auth-tls',
    about:
      'an external Loki over HTTPS with basic auth, a private CA and a client certificate; no in-chart Loki',
    base: 'minimal',
    spec: {
      loki: {
        mode: 'external',
        pushUrl: 'https://loki.example.com',
        tenant: 'data-platform',
        auth: {
          type: 'basic',
          usernameSecret: { name: 'loki-basic-auth', key: 'username' },
          passwordSecret: { name: 'loki-basic-auth', key: 'password' },
        },
        tls: {
          caSecret: { name: 'loki-tls', key: 'ca.crt' },
          clientCertSecret: { name: 'loki-tls', key: 'tls.crt' },
          clientKeySecret: { name: 'loki-tls', key: 'tls.key' },
        },
      },
    },
  },
  {
    name: 'dag-sync-init-container',
    about: 'DAG sync once before the scheduler and dag-processor start (dagSync.mode initContainer)',
    base: 'minimal',
    spec: { dagSync: { mode: 'initContainer' } },
  },
  {
    name: 'dag-sync-sidecar',
    about: 'DAG sync as a native sidecar loop (dagSync.mode sidecar)',
    base: 'minimal',
    spec: { dagSync: { mode: 'sidecar' } },
  },
  {
    name: 'dag-sync-cron-job',
    about: 'DAG sync as a CronJob writing to a shared volume (dagSync.mode cronJob)',
    base: 'minimal',
    spec: { dagSync: { mode: 'cronJob' } },
  },
  {
    name: 'monitoring-off',
    about: 'no Prometheus Operator monitors even where the cluster serves monitoring.coreos.com/v1',
    base: 'minimal',
    chart: { monitoring: { monitors: 'never' } },
  },
  {
    name: 'grafana-content-off',
    about: 'no Grafana datasource, dashboards or alert rules',
    base: 'minimal',
    spec: { grafana: { enabled: false, alerts: false } },
  },
  {
    name: 'loki-simple-scalable',
    about:
      'the in-chart Loki in SimpleScalable mode (read, write and backend targets, the gateway, memcached caches), sized from 400 concurrent tasks at 50 lines a second',
    base: 'complete',
    spec: {
      loki: {
        scale: {
          mode: 'simpleScalable',
          volume: { peakConcurrency: 400, linesPerSecondPerTask: 50, dags: 2000 },
        },
      },
    },
  },
  {
    name: 'loki-distributed',
    about:
      'the in-chart Loki in Distributed mode (each component on its own, zone-aware ingesters over three zones), sized from 3000 GB a day',
    base: 'complete',
    spec: {
      loki: {
        scale: {
          mode: 'distributed',
          zones: ['eu-1a', 'eu-1b', 'eu-1c'],
          volume: { gbPerDay: 3000, dags: 8000 },
        },
      },
    },
  },
  {
    name: 'release-name-50',
    about: `a 50-character release name (${FIFTY_CHARACTERS}): the Airflow chart's standard naming with a fixed name, Alloy with a fixed name`,
    base: 'minimal',
    chart: {
      airflow: {
        useStandardNaming: true,
        fullnameOverride: 'airflow',
        postgresql: { fullnameOverride: 'airflow-postgresql' },
      },
      alloy: { fullnameOverride: 'logstack-alloy' },
    },
    releaseName: FIFTY_CHARACTERS,
  },
];

const specFile = (base: string) => `examples/${base}/logstack.yaml`;

/** The scenario's spec: its base example with the scenario's sections' keys replaced. */
export function ciScenarioModel(s: CiScenario): LogstackModel {
  const text = readFileSync(join(repoRoot, specFile(s.base)), 'utf8');
  const spec = parse(text) as Record<string, Record<string, unknown>>;
  for (const [section, keys] of Object.entries(s.spec ?? {})) spec[section] = { ...spec[section], ...keys };
  return loadSpec(`${specFile(s.base)} (ci scenario ${s.name})`, stringify(spec));
}

export const ciValuesPath = (s: CiScenario) => `ci/${s.name}-values.yaml`;

/** The chart's ci/*-values.yaml files, relative to the chart folder. */
export function ciValuesFiles(): Artifact[] {
  return CI_SCENARIOS.map((s) => {
    const model = ciScenarioModel(s);
    const values = mergeValues(chartValues(model), s.chart ?? {});
    const changes = [
      ...Object.entries(s.spec ?? {}).map(([k, v]) => `${k}: ${JSON.stringify(v)}`),
      ...(s.chart ? [`chart values ${JSON.stringify(s.chart)}`] : []),
    ];
    return {
      path: ciValuesPath(s),
      content: [
        `# Generated by logstack chart from ${specFile(s.base)} for the ci scenario "${s.name}". Do not edit: change packages/chart-values/src/scenarios.ts and run logstack chart.`,
        `# Scenario: ${s.about}.`,
        ...(changes.length ? [`# Changed: ${changes.join('; ')}`] : []),
        `# Render: helm template ${s.releaseName ?? 'airflow'} charts/airflow-logstack -n ${model.airflow.namespace} -f ${ciValuesPath(s)}`,
        toYaml(values),
      ].join('\n'),
    };
  });
}

/** One `helm template` of the whole umbrella that the tests, the benchmark and the main job run. */
export interface RenderScenario {
  name: string;
  /** Values files, absolute. */
  valuesFiles: string[];
  releaseName: string;
  namespace: string;
}

const specNamespaceOf = (file: string) =>
  (parse(readFileSync(file, 'utf8')) as { specNamespace?: string }).specNamespace ?? 'airflow';

/**
 * Every scenario the umbrella is rendered with: the chart defaults, each
 * examples/<name>/generated/values.yaml and each ci/<name>-values.yaml, each in the namespace its
 * values were generated for.
 */
export function renderScenarios(chart = chartDir): RenderScenario[] {
  const examplesDir = join(repoRoot, 'examples');
  const examples = readdirSync(examplesDir)
    .sort()
    .map((name) => ({ name, file: join(examplesDir, name, 'generated', 'values.yaml') }))
    .filter((e) => existsSync(e.file));
  return [
    {
      name: 'defaults',
      valuesFiles: [],
      releaseName: 'airflow',
      namespace: specNamespaceOf(join(chart, 'values.yaml')),
    },
    ...examples.map((e) => ({
      name: `examples/${e.name}`,
      valuesFiles: [e.file],
      releaseName: 'airflow',
      namespace: specNamespaceOf(e.file),
    })),
    ...CI_SCENARIOS.map((s) => {
      const file = join(chart, ciValuesPath(s));
      return {
        name: `ci/${s.name}`,
        valuesFiles: [file],
        releaseName: s.releaseName ?? 'airflow',
        namespace: specNamespaceOf(file),
      };
    }),
  ];
}
