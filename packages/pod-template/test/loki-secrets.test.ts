import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toYaml } from '@logstack/artifact';
import { taskLogVectorConfig } from '@logstack/vector-config';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { plainPodTemplateFile, workerPodWiring } from '../src/index.js';
import {
  airflowBuildsPods,
  kubernetesValidate,
  type Obj,
  renderThroughChart,
  SCENARIOS,
} from './consumers.js';
import { model, tempDir, venvBin } from './tools.js';

// Every file the Vector config reads its Loki credentials from must be in the sidecar, from the
// Secret key the spec names: otherwise Vector cannot start, the native sidecar restarts forever
// and task pods hang in Init.

const external = 'loki:\n  mode: external\n  pushUrl: https://loki.example.com\n';
const AUTH = '/etc/vector-secrets/loki-auth';
const TLS = '/etc/vector-secrets/loki-tls';

const CASES: { name: string; spec: string; files: Record<string, { name: string; key: string }> }[] = [
  {
    name: 'basic auth from two Secrets, a CA and a client certificate',
    spec: `${external}  auth:
    type: basic
    usernameSecret: { name: loki-user, key: user }
    passwordSecret: { name: loki-password, key: pass }
  tls:
    caSecret: { name: corp-ca, key: bundle.pem }
    clientCertSecret: { name: loki-client, key: cert.pem }
    clientKeySecret: { name: loki-client, key: key.pem }
`,
    files: {
      [`${AUTH}/username`]: { name: 'loki-user', key: 'user' },
      [`${AUTH}/password`]: { name: 'loki-password', key: 'pass' },
      [`${TLS}/ca.crt`]: { name: 'corp-ca', key: 'bundle.pem' },
      [`${TLS}/tls.crt`]: { name: 'loki-client', key: 'cert.pem' },
      [`${TLS}/tls.key`]: { name: 'loki-client', key: 'key.pem' },
    },
  },
  {
    name: 'bearer auth',
    spec: `${external}  auth:\n    type: bearer\n    tokenSecret: { name: loki-token, key: token }\n`,
    files: { [`${AUTH}/token`]: { name: 'loki-token', key: 'token' } },
  },
  {
    name: 'a CA only',
    spec: `${external}  tls:\n    caSecret: { name: corp-ca, key: ca.crt }\n`,
    files: { [`${TLS}/ca.crt`]: { name: 'corp-ca', key: 'ca.crt' } },
  },
  { name: 'no auth, no TLS', spec: external, files: {} },
];

const modelOf = (spec: string) => model(`apiVersion: logstack/v1\n${spec}`);

/** The credential files the generated Vector config reads: secret backends' files and TLS files. */
function vectorReads(spec: string): string[] {
  const config = taskLogVectorConfig(modelOf(spec)) as Obj;
  const sink = config.sinks.loki;
  const backends = (config.secret ?? {}) as Record<string, { path: string }>;
  const refs = JSON.stringify(sink.auth ?? {}).matchAll(/SECRET\[(\w+)\.([\w.-]+)\]/g);
  const secretFiles = [...refs].map(([, backend, file]) => `${backends[backend!]!.path}/${file}`);
  const tlsFiles = ['ca_file', 'crt_file', 'key_file'].map((k) => sink.tls?.[k]).filter(Boolean);
  return [...secretFiles, ...tlsFiles].sort();
}

/** What the pod puts at each path of the sidecar's Secret-backed mounts: the Secret and key behind it. */
function sidecarSecretFiles(pod: Obj): Record<string, { name: string; key: string }> {
  const sidecar = pod.spec.initContainers.find((c: Obj) => c.name === 'vector-task-logs');
  const out: Record<string, { name: string; key: string }> = {};
  for (const mount of sidecar.volumeMounts) {
    const volume = pod.spec.volumes.find((v: Obj) => v.name === mount.name);
    // Mode (a) as data has no `logs` volume: the chart adds it.
    const secrets = volume?.projected?.sources.map((s: Obj) => s.secret) ?? [];
    for (const secret of secrets.filter(Boolean)) {
      assert.is(mount.readOnly, true, mount.name);
      for (const item of secret.items)
        out[`${mount.mountPath}/${item.path}`] = { name: secret.name, key: item.key };
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

const sorted = (files: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));

/** Mode (a) as data: the chart puts extraInitContainers and extraVolumes into the pod. */
const fragmentPod = (spec: string) => {
  const { workers } = workerPodWiring(modelOf(spec));
  return { spec: { initContainers: workers.extraInitContainers, volumes: workers.extraVolumes } };
};

for (const c of CASES)
  test(`${c.name}: modes (a) and (c) give Vector exactly the files it reads, from the spec's Secret keys`, () => {
    assert.equal(vectorReads(c.spec), Object.keys(c.files).sort());
    assert.equal(sidecarSecretFiles(fragmentPod(c.spec)), sorted(c.files), 'mode (a)');
    assert.equal(sidecarSecretFiles(plainPodTemplateFile(modelOf(c.spec))), sorted(c.files), 'mode (c)');
  });

const dir = tempDir('loki-secrets-');
// Helm-rendered modes (a) and (b), and the plain file, for the cases with Secrets; written for the
// Kubernetes schema check and Airflow's PodGenerator.
type Rendered = {
  c: (typeof CASES)[number];
  chart: ReturnType<typeof renderThroughChart>;
  plain: string;
  files: string[];
};
let cache: Rendered[] | undefined;
const renders = (): Rendered[] => {
  cache ??= CASES.filter((c) => Object.keys(c.files).length).map((c, i) => {
    const chart = renderThroughChart(modelOf(c.spec), [SCENARIOS[0]!]);
    const plain = join(dir, `plain-${i}.yaml`);
    writeFileSync(plain, toYaml(plainPodTemplateFile(modelOf(c.spec))));
    const files = chart.flatMap((r) => {
      const extras = join(dir, `extras-${i}-helm${r.helm}.yaml`);
      const full = join(dir, `pod_template_file-${i}-helm${r.helm}.yaml`);
      writeFileSync(extras, toYaml(r.extrasPod));
      writeFileSync(full, r.podTemplateText);
      return [extras, full];
    });
    return { c, chart, plain, files };
  });
  return cache;
};

test('modes (a) and (b) rendered by Helm 3 and 4 mount the same Secret keys', () => {
  for (const { c, chart } of renders())
    for (const r of chart) {
      assert.equal(sidecarSecretFiles(r.extrasPod), sorted(c.files), `${c.name}, mode (a), Helm ${r.helm}`);
      assert.equal(sidecarSecretFiles(r.podTemplate), sorted(c.files), `${c.name}, mode (b), Helm ${r.helm}`);
    }
});

test('the pods with Secret volumes validate against Kubernetes 1.33 schemas (strict)', () => {
  const files = renders().flatMap((x) => [x.plain, ...x.files]);
  const verdicts = kubernetesValidate(venvBin('kubernetes-validate'), files);
  for (const f of files) assert.is(verdicts.get(f), '', f);
});

test("Airflow's KubernetesExecutor keeps the Secret volumes in the task pods it builds", () => {
  // files[1]: mode (b) as Helm 3 rendered it.
  const templates = renders().flatMap((x) => [x.plain, x.files[1]!]);
  const pods = airflowBuildsPods(venvBin('python'), templates);
  for (const { c, plain, files } of renders())
    for (const file of [plain, files[1]!])
      assert.equal(sidecarSecretFiles(pods[file]), sorted(c.files), `${c.name}: ${file}`);
});

test.run();
