import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toYaml } from '@logstack/artifact';
import { sidecarTimings } from '@logstack/vector-config';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  drainScript,
  fullPodTemplate,
  plainPodTemplateFile,
  sidecarContainer,
  workerPodWiring,
} from '../src/index.js';
import {
  airflowBuildsPods,
  helmTemplate,
  kubernetesValidate,
  type Obj,
  type Rendered,
  renderThroughChart,
  WORKER_EXTRAS_SCENARIO,
  withOurValues,
} from './consumers.js';
import { HELM_MAJORS, model, tempDir, venvBin } from './tools.js';

// Braces in the logs folder reach the mount paths, the env and the drain script: only exact
// escaping for the chart's tpl pass brings them through byte-identical.
const m = model(
  'apiVersion: logstack/v1\nairflow:\n  logs:\n    folder: "/opt/airflow/logs-{{ not-a-template }}}"\n',
);
const dir = tempDir('pod-template-consumers-');

let rendered: Rendered[] | undefined;
const renders = () => {
  rendered ??= renderThroughChart(m);
  return rendered;
};

/** The chart computes the sidecar ConfigMap name as printf "%s-vector-task-logs" (trunc 46 | trimSuffix "-"). */
const configMapName = (release: string) => `${release.slice(0, 46).replace(/-$/, '')}-vector-task-logs`;

const env = (c: Obj, name: string) => c.env.find((e: Obj) => e.name === name);
const sidecarOf = (pod: Obj) => pod.spec.initContainers.find((c: Obj) => c.name === 'vector-task-logs');

test('mode (a) through the chart: the sidecar is a native sidecar whose ConfigMap name the chart resolved', () => {
  for (const r of renders()) {
    const where = `Helm ${r.helm}, ${r.scenario.name}`;
    const sidecar = sidecarOf(r.extrasPod);
    assert.is(sidecar.restartPolicy, 'Always', where);
    // Escaped for exactly the chart's one tpl pass: the drain script arrives byte-identical.
    assert.is(sidecar.lifecycle.preStop.exec.command[2], drainScript(m), where);
    const volume = r.extrasPod.spec.volumes.find((v: Obj) => v.name === 'vector-task-logs-config');
    assert.is(volume.configMap.name, configMapName(r.scenario.release), where);
    assert.is(
      r.extrasPod.spec.terminationGracePeriodSeconds,
      sidecarTimings(m).terminationGracePeriodSeconds,
      where,
    );
  }
});

test('mode (b) through the chart: the task container keeps the metadata DB, Fernet key, airflow.cfg and logs', () => {
  for (const r of renders()) {
    const where = `Helm ${r.helm}, ${r.scenario.name}`;
    const values = r.scenario.values as Obj;
    const pod = r.podTemplate;
    const base = pod.spec.containers.find((c: Obj) => c.name === 'base');
    const metadataSecret = values.data?.metadataSecretName ?? `${r.scenario.release}-airflow-metadata`;
    for (const name of ['AIRFLOW__DATABASE__SQL_ALCHEMY_CONN', 'AIRFLOW_CONN_AIRFLOW_DB'])
      assert.equal(
        env(base, name).valueFrom.secretKeyRef,
        { name: metadataSecret, key: 'connection' },
        where,
      );
    assert.equal(
      env(base, 'AIRFLOW__CORE__FERNET_KEY').valueFrom.secretKeyRef,
      { name: values.fernetKeySecretName ?? `${r.scenario.release}-fernet-key`, key: 'fernet-key' },
      where,
    );
    assert.is(env(base, 'AIRFLOW__CORE__EXECUTOR').value, values.executor ?? 'CeleryExecutor', where);
    assert.is(env(base, 'AIRFLOW__LOGGING__BASE_LOG_FOLDER').value, m.airflow.logs.folder, where);
    assert.is(base.image, 'apache/airflow:3.1.6', where);
    assert.ok(
      base.volumeMounts.some((v: Obj) => v.name === 'logs' && v.mountPath === m.airflow.logs.folder),
      where,
    );
    assert.ok(
      base.volumeMounts.some((v: Obj) => v.name === 'config' && v.mountPath === '/opt/airflow/airflow.cfg'),
      where,
    );
    const config = pod.spec.volumes.find((v: Obj) => v.name === 'config');
    assert.is(config.configMap.name, `${r.scenario.release}-airflow-config`, where);
    assert.is(sidecarOf(pod).restartPolicy, 'Always', where);
    assert.is(sidecarOf(pod).lifecycle.preStop.exec.command[2], drainScript(m), where);
    const vectorConfig = pod.spec.volumes.find((v: Obj) => v.name === 'vector-task-logs-config');
    assert.is(vectorConfig.configMap.name, configMapName(r.scenario.release), where);
    if (values.env) assert.is(env(base, 'TEAM').value, 'data', where);
    // The user's workers.resources win; without them, the spec's task resources.
    assert.equal(base.resources, values.workers?.resources ?? m.airflow.taskResources, where);
    assert.equal(base.securityContext.seccompProfile, { type: 'RuntimeDefault' }, where);
    const dags = pod.spec.volumes.find((v: Obj) => v.name === 'dags');
    assert.is(dags?.persistentVolumeClaim.claimName, values.dags?.persistence.existingClaim, where);
  }
});

test('mode (b): the service account is the chart worker account for either form of release name', () => {
  const accounts = renders().map((r) => r.podTemplate.spec.serviceAccountName);
  // "af-prod" does not contain the chart name, so the chart's fullname is "<release>-airflow".
  const perHelm = [
    'af-prod-airflow-worker',
    'data-platform-airflow-logstack-production-eu-west-1-worker',
    'af-extras-airflow-worker',
  ];
  assert.equal(accounts, [...perHelm, ...perHelm]);
});

const names = (list: Obj[] | undefined) => (list ?? []).map((x: Obj) => x.name);

test('mode (b) through the chart: worker extras, volumes, secrets and pull secrets as the chart renders them', () => {
  const extras = renders().filter((r) => r.scenario.name === WORKER_EXTRAS_SCENARIO);
  assert.is(extras.length, 2);
  for (const r of extras) {
    const where = `Helm ${r.helm}`;
    const pod = r.podTemplate;
    const base = pod.spec.containers.find((c: Obj) => c.name === 'base');
    // The scenario's DAG sync init container, once our own sidecar; mode (a)'s copy of the sidecar
    // (also in workers.extraInitContainers) is left out.
    assert.equal(names(pod.spec.initContainers), ['vector-task-logs', 'logstack-dag-sync'], where);
    assert.equal(
      pod.spec.initContainers[1],
      (r.scenario.values as Obj).workers.extraInitContainers[0],
      where,
    );
    assert.equal(
      names(pod.spec.volumes),
      [
        'logs',
        'config',
        'vector-task-logs-config',
        'vector-task-logs-data',
        'corp-ca',
        'logstack-dags',
        'af-extras-cache',
      ],
      where,
    );
    assert.equal(
      base.volumeMounts.map((v: Obj) => [v.name, v.mountPath]),
      [
        ['logs', m.airflow.logs.folder],
        ['config', '/opt/airflow/airflow.cfg'],
        ['corp-ca', '/etc/corp-ca'],
        ['logstack-dags', '/opt/airflow/dags'],
        ['af-extras-cache', '/cache'],
      ],
      where,
    );
    assert.equal(
      env(base, 'WAREHOUSE_PASSWORD').valueFrom,
      { secretKeyRef: { name: 'warehouse', key: 'password' } },
      where,
    );
    assert.is(env(base, 'RELEASE').value, 'af-extras', where);
    assert.is(env(base, 'WORKER_ONLY').value, 'worker', where);
    assert.equal(base.envFrom, [{ secretRef: { name: 'af-extras-connections' } }], where);
    assert.equal(
      pod.spec.imagePullSecrets,
      [{ name: 'legacy-registry' }, { name: 'regcred' }, { name: 'mirror-cred' }],
      where,
    );
  }
  for (const r of renders().filter((r) => r.scenario.name !== WORKER_EXTRAS_SCENARIO)) {
    const base = r.podTemplate.spec.containers.find((c: Obj) => c.name === 'base');
    assert.equal(names(r.podTemplate.spec.initContainers), ['vector-task-logs']);
    assert.equal(base.envFrom, []);
    assert.equal(r.podTemplate.spec.imagePullSecrets, []);
  }
});

test('mode (a) through the chart: a shared logs volume stops the render with a message saying why', () => {
  const ours = { ...workerPodWiring(m) };
  const message =
    'logstack: the task-log sidecar (workers.extraInitContainers) needs an emptyDir logs volume per task pod, but logs.persistence is set: each sidecar would ship every file on the shared volume again. Turn logs.persistence off (Loki keeps the task logs) or use the logstack podTemplate, whose task pods always get an emptyDir.';
  for (const { bin } of HELM_MAJORS)
    for (const persistence of [{ enabled: true }, { subPath: 'airflow' }]) {
      const r = helmTemplate(bin, 'af-prod', withOurValues(ours, { logs: { persistence } }));
      assert.is(r.code, 1, `${bin} ${JSON.stringify(persistence)}`);
      assert.ok(
        r.stderr.includes(`execution error at (airflow/templates/worker-extras-pod.yaml:25:8): ${message}\n`),
        r.stderr,
      );
    }
});

test('mode (b) through the chart: git-sync without a DAG PVC stops the render (task pods would have no DAGs)', () => {
  for (const { bin } of HELM_MAJORS) {
    const values = { podTemplate: fullPodTemplate(m), dags: { gitSync: { enabled: true } } };
    const r = helmTemplate(bin, 'af-prod', values);
    assert.is(r.code, 1, bin);
    assert.ok(
      r.stderr.includes(
        'execution error at (airflow/templates/configmap.yaml:8:8): logstack: the logstack podTemplate does not add the chart git-sync container, so task pods would have no DAG files. Use the default wiring (workers.extraInitContainers), dags.persistence, or logstack DAG sync.\n',
      ),
      r.stderr,
    );
    const withPvc = helmTemplate(bin, 'af-prod', {
      ...values,
      dags: { gitSync: { enabled: true }, persistence: { enabled: true } },
    });
    assert.is(withPvc.code, 0, withPvc.stderr);
  }
});

test('Helm 3 and Helm 4 render the same bytes', () => {
  const [a, b] = [renders().filter((r) => r.helm === 3), renders().filter((r) => r.helm === 4)];
  assert.equal(
    a.map((r) => r.podTemplateText),
    b.map((r) => r.podTemplateText),
  );
  assert.equal(
    a.map((r) => r.extrasPod),
    b.map((r) => r.extrasPod),
  );
});

// Filled by the Kubernetes schema test, loaded by the Airflow test.
const plainFile = join(dir, 'plain-pod_template_file.yaml');
const chartFiles: string[] = [];
const extrasFiles: string[] = [];

test('every pod validates against Kubernetes 1.33 schemas (strict), and a broken one does not', () => {
  const validate = venvBin('kubernetes-validate');
  writeFileSync(plainFile, toYaml(plainPodTemplateFile(m)));
  const files = [plainFile];
  renders().forEach((r, i) => {
    const extras = join(dir, `extras-${i}.yaml`);
    const full = join(dir, `pod_template_file-${i}.yaml`);
    writeFileSync(extras, toYaml(r.extrasPod));
    writeFileSync(full, r.podTemplateText);
    files.push(extras, full);
    if (r.helm === 3) chartFiles.push(full);
    if (r.helm === 3 && r.scenario.name === WORKER_EXTRAS_SCENARIO) extrasFiles.push(full);
  });
  // The sidecar alone, beside a minimal task container.
  const sidecarOnly = join(dir, 'sidecar-only.yaml');
  writeFileSync(
    sidecarOnly,
    toYaml({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'sidecar' },
      spec: {
        initContainers: [sidecarContainer(m)],
        containers: [{ name: 'task', image: 'busybox:1.37' }],
        volumes: [
          { name: 'logs', emptyDir: {} },
          { name: 'vector-task-logs-config', configMap: { name: 'vector-task-logs' } },
          { name: 'vector-task-logs-data', emptyDir: {} },
        ],
      },
    }),
  );
  files.push(sidecarOnly);
  // A control: the same sidecar with a field Kubernetes does not know must be rejected.
  const broken = join(dir, 'broken.yaml');
  writeFileSync(
    broken,
    toYaml({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'broken' },
      spec: { initContainers: [{ ...sidecarContainer(m), restartPolicyy: 'Always' }], containers: [] },
    }),
  );
  const verdicts = kubernetesValidate(validate, [...files, broken]);
  for (const f of files) assert.is(verdicts.get(f), '', f);
  assert.ok(verdicts.get(broken), 'kubernetes-validate rejects an unknown container field');
});

test("Airflow's KubernetesExecutor builds task pods from the plain and the chart-rendered templates", () => {
  const python = venvBin('python');
  assert.ok(chartFiles.length > 0, 'the Kubernetes schema test wrote the chart-rendered templates');
  const pods = airflowBuildsPods(python, [plainFile, ...chartFiles]);
  for (const [file, pod] of Object.entries(pods)) {
    const base = pod.spec.containers[0];
    assert.is(base.name, 'base', file);
    assert.equal(
      base.args.slice(0, 3),
      ['python', '-m', 'airflow.sdk.execution_time.execute_workload'],
      file,
    );
    assert.is(env(base, 'AIRFLOW_IS_K8S_EXECUTOR_POD').value, 'True', file);
    assert.is(
      env(base, 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN').valueFrom.secretKeyRef.key,
      'connection',
      file,
    );
    assert.ok(
      base.volumeMounts.some((v: Obj) => v.name === 'logs'),
      file,
    );
    assert.ok(
      pod.spec.volumes.some((v: Obj) => v.name === 'logs' && v.emptyDir),
      file,
    );
    const sidecar = sidecarOf(pod);
    assert.is(sidecar.restartPolicy, 'Always', file);
    assert.is(sidecar.lifecycle.preStop.exec.command[2], drainScript(m), file);
    assert.ok(sidecar.startupProbe.exec, file);
    assert.is(pod.metadata.annotations.map_index, '3', file);
    // The task container: RuntimeDefault seccomp, no privilege escalation, requests and limits.
    assert.equal(base.securityContext.seccompProfile, { type: 'RuntimeDefault' }, file);
    assert.is(base.securityContext.allowPrivilegeEscalation, false, file);
    assert.ok(base.resources?.requests?.cpu && base.resources?.requests?.memory, file);
    if (file === plainFile) {
      assert.equal(base.resources, m.airflow.taskResources, file);
      assert.equal(pod.spec.securityContext.seccompProfile, { type: 'RuntimeDefault' }, file);
    }
  }
  assert.is(extrasFiles.length, 1);
  for (const file of extrasFiles) {
    const pod = pods[file]!;
    assert.equal(names(pod.spec.initContainers), ['vector-task-logs', 'logstack-dag-sync']);
    assert.ok(
      pod.spec.containers[0].volumeMounts.some(
        (v: Obj) => v.name === 'logstack-dags' && v.mountPath === '/opt/airflow/dags',
      ),
    );
    assert.ok(pod.spec.volumes.some((v: Obj) => v.name === 'logstack-dags' && v.emptyDir));
  }
  assert.is(pods[plainFile]!.spec.containers[0].image, 'apache/airflow:3.1.3');
  assert.equal(env(pods[plainFile]!.spec.containers[0], 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN').valueFrom, {
    secretKeyRef: { name: 'airflow-metadata', key: 'connection' },
  });
});

test.run();
