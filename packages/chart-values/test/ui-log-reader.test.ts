import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOGGING_CONFIG_CLASS, localSettingsSource, READER_LAYOUT } from '@logstack/airflow-log-reader';
import { toYaml } from '@logstack/artifact';
import { lokiSecretVolumes } from '@logstack/pod-template';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chartValues, HELM_MAJORS, type K8sObject, renderFullChart } from '../src/index.js';
import { type Deep, exampleVariant } from './helpers.js';
import { coreSchemaErrors } from './k8s-validate.js';

// The complete example with every kind of Loki Secret the sidecar can use, one Secret per key
// (over plain HTTP to the in-chart Loki, which the spec must then say is intended).
const model = exampleVariant('complete', {
  loki: {
    auth: {
      type: 'basic',
      allowPlainHttp: true,
      usernameSecret: { name: 'loki-user', key: 'username' },
      passwordSecret: { name: 'loki-password', key: 'password' },
    },
    tls: {
      caSecret: { name: 'loki-ca', key: 'ca.crt' },
      clientCertSecret: { name: 'loki-client', key: 'tls.crt' },
      clientKeySecret: { name: 'loki-client', key: 'tls.key' },
    },
  },
});
const namespace = model.airflow.namespace;
// Rendered once per Helm major, subcharts included: the Airflow chart's own templates place the values.
const renders = HELM_MAJORS.map((helm) => ({
  helm,
  objects: renderFullChart({ helm, values: [toYaml(chartValues(model))], namespace }),
}));

const find = (objects: K8sObject[], kind: string, suffix: string) => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name.endsWith(suffix));
  if (!o) throw new Error(`no ${kind} *${suffix} in the render`);
  return o as Deep;
};

/** `[section]` key = value pairs of an airflow.cfg. */
function ini(text: string): Deep {
  const out: Record<string, Record<string, string>> = {};
  let section = '';
  for (const line of text.split('\n')) {
    const s = /^\[(.+)\]\s*$/.exec(line);
    if (s?.[1]) {
      section = s[1];
      out[section] = {};
    }
    const kv = /^([^#=\s][^=]*?)\s*=\s*(.*)$/.exec(line);
    const into = out[section];
    if (kv?.[1] && into) into[kv[1]] = kv[2] ?? '';
  }
  return out;
}

for (const { helm, objects } of renders) {
  test(`${helm}: the Airflow config ConfigMap carries the reader byte for byte after the chart's tpl pass`, () => {
    const cm = find(objects, 'ConfigMap', '-config');
    assert.is(cm.data['airflow_local_settings.py'].trimEnd(), localSettingsSource(model).trimEnd());
    const cfg = ini(cm.data['airflow.cfg']);
    assert.is(cfg.logging.logging_config_class, LOGGING_CONFIG_CLASS);
    assert.is(cfg.logging.delete_local_logs, 'False');
  });

  test(`${helm}: the API server mounts the sidecar's Loki Secrets read-only, and the local settings`, () => {
    const deploy = find(objects, 'Deployment', '-api-server');
    const pod = deploy.spec.template.spec;
    const container = pod.containers.find((c: Deep) => c.name === 'api-server');
    const sidecarVolumes = lokiSecretVolumes(model);
    assert.is(sidecarVolumes.length, 2);
    for (const [kind, dir] of [
      ['loki-auth', READER_LAYOUT.lokiAuthDir],
      ['loki-tls', READER_LAYOUT.lokiTlsDir],
    ] as const) {
      const sidecar = sidecarVolumes.find((v) => v.name.endsWith(kind)) as Deep;
      const mount = container.volumeMounts.find((m: Deep) => m.mountPath === dir);
      assert.ok(mount, `a mount at ${dir}`);
      assert.is(mount.readOnly, true);
      const volume = pod.volumes.find((v: Deep) => v.name === mount.name);
      // The same Secrets and keys, projected to the same file names as in the sidecar.
      assert.equal(volume.projected, sidecar.projected);
    }
    const localSettings = container.volumeMounts.find((m: Deep) => m.subPath === 'airflow_local_settings.py');
    assert.is(localSettings?.mountPath, '/opt/airflow/config/airflow_local_settings.py');
    const text = JSON.stringify(deploy);
    assert.not.match(text, /password"?\s*:\s*"[^"]/i, 'no credential value in the Deployment');
  });

  test(`${helm}: the API server Deployment passes the Kubernetes 1.33 schemas`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'logstack-reader-k8s-'));
    assert.equal(coreSchemaErrors([find(objects, 'Deployment', '-api-server') as K8sObject], dir), []);
  });
}

test('Helm 3 and Helm 4 place the reader identically', () => {
  const pick = (objects: K8sObject[]) => {
    const api = find(objects, 'Deployment', '-api-server').spec.template.spec;
    return {
      settings: find(objects, 'ConfigMap', '-config').data['airflow_local_settings.py'],
      volumes: api.volumes,
      mounts: api.containers.map((c: Deep) => c.volumeMounts),
    };
  };
  const [a, b] = renders;
  if (!a || !b) throw new Error('two renders expected');
  assert.equal(pick(a.objects), pick(b.objects));
});

test('with airflow.uiLogs.enabled false, nothing of the reader is rendered', () => {
  const off = exampleVariant('complete', {
    clusterAgent: { type: 'none' },
    airflow: { ...model.airflow, uiLogs: { enabled: false } },
  });
  const objects = renderFullChart({ helm: 'helm4', values: [toYaml(chartValues(off))], namespace });
  const cm = find(objects, 'ConfigMap', '-config');
  assert.not.ok(cm.data['airflow_local_settings.py']);
  assert.is(ini(cm.data['airflow.cfg']).logging.logging_config_class, undefined);
  const api = find(objects, 'Deployment', '-api-server').spec.template.spec;
  assert.not.ok(api.volumes.some((v: Deep) => v.name.startsWith('logstack-')));
});

test.run();
