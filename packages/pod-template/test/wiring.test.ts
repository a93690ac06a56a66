import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSpec } from '@logstack/spec';
import { sidecarTimings } from '@logstack/vector-config';
import { Ajv } from 'ajv';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import {
  fullPodTemplate,
  plainPodTemplateFile,
  podTemplateArtifacts,
  sidecarContainer,
  workerPodWiring,
} from '../src/index.js';
import { helmTemplate, type Obj } from './consumers.js';
import { model, upstreamAirflow } from './tools.js';

const m = model();
const ctx = { specLabel: 'examples/minimal/logstack.yaml', vectorFormat: 'yaml' as const };

// The chart's schema is draft-07 (its $schema says so): Ajv's default class, not Ajv2020.
const schema = JSON.parse(readFileSync(join(upstreamAirflow, 'values.schema.json'), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
// Kubernetes' OpenAPI formats, which the chart's schema carries over; Ajv has no checker for them.
for (const f of ['int32', 'int64']) ajv.addFormat(f, true);
ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
const validateValues = ajv.compile(schema);

test('the upstream values schema is draft-07', () => {
  assert.match(schema.$schema, /draft-07/);
});

test('the mode (a) fragment validates against the Airflow chart 1.19 values schema', () => {
  const ok = validateValues(workerPodWiring(m));
  assert.ok(ok, JSON.stringify(validateValues.errors, null, 1));
});

test('the schema check bites: an unknown container field in worker extras is rejected', () => {
  const wiring = workerPodWiring(m);
  const bad = {
    workers: {
      ...wiring.workers,
      extraInitContainers: [{ ...wiring.workers.extraInitContainers[0], restartPolicyy: 'Always' }],
    },
  };
  assert.not.ok(validateValues(bad));
});

test('the mode (b) values (a podTemplate string) validate against the schema too', () => {
  assert.ok(validateValues({ podTemplate: fullPodTemplate(m) }), JSON.stringify(validateValues.errors));
});

test('the sidecar runs non-root, read-only, without capabilities, with the spec resources', () => {
  const c = sidecarContainer(m) as Obj;
  assert.equal(c.securityContext, {
    runAsNonRoot: true,
    runAsUser: 50000,
    runAsGroup: 0,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  });
  assert.equal(c.resources, m.sidecar.resources);
  assert.is(c.restartPolicy, 'Always');
  assert.equal(
    c.env.map((e: Obj) => [e.name, e.valueFrom.fieldRef.fieldPath]),
    [
      ['POD_NAME', 'metadata.name'],
      ['POD_NAMESPACE', 'metadata.namespace'],
      ['NODE_NAME', 'spec.nodeName'],
    ],
  );
  assert.equal(c.volumeMounts[0], { name: 'logs', mountPath: '/opt/airflow/logs', readOnly: true });
});

test('the plain pod template points Vector at the TOML config when the spec asks for TOML', () => {
  const pod = plainPodTemplateFile(m, 'toml') as Obj;
  assert.equal(pod.spec.initContainers[0].args.slice(0, 2), ['--config', '/etc/vector/vector.toml']);
});

test("mode (a) keeps the chart's worker grace period unless the executor is KubernetesExecutor alone", () => {
  // The pod wiring's checks refuse Celery executors; the wiring itself must still not cut a Celery
  // worker's warm shutdown (the chart's workers.terminationGracePeriodSeconds, 600 s) to the sidecar's.
  for (const executor of ['CeleryExecutor', 'CeleryExecutor,KubernetesExecutor']) {
    const { model: celery } = checkSpec(
      'logstack.yaml',
      `apiVersion: logstack/v1\nairflow:\n  executor: ${executor}\n`,
    );
    const wiring = workerPodWiring(celery!);
    assert.not.ok('terminationGracePeriodSeconds' in wiring.workers, executor);
    const r = helmTemplate('helm3', 'af-prod', wiring);
    assert.is(r.code, 0, r.stderr);
    const pod = parseYaml(r.stdout.split('\n---\n').find((d) => d.includes('kind: Pod'))!);
    assert.is(pod.spec.terminationGracePeriodSeconds, 600, executor);
  }
  assert.is(
    workerPodWiring(m).workers.terminationGracePeriodSeconds,
    sidecarTimings(m).terminationGracePeriodSeconds,
  );
});

test('artifacts: three files, each with the header naming the spec, deterministic', () => {
  const a = podTemplateArtifacts(m, ctx);
  assert.equal(
    a.map((x) => x.path),
    [
      'pod-template/airflow-values-fragment.yaml',
      'pod-template/pod-template-full.yaml',
      'pod-template/pod_template_file.yaml',
    ],
  );
  for (const x of a) assert.match(x.content.split('\n')[0]!, 'from examples/minimal/logstack.yaml');
  assert.equal(podTemplateArtifacts(m, ctx), a);
  const [fragment, full, plain] = a.map((x) => parseYaml(x.content));
  assert.equal(fragment, workerPodWiring(m));
  assert.is(full.podTemplate, fullPodTemplate(m));
  assert.equal(plain, plainPodTemplateFile(m));
});

test.run();
