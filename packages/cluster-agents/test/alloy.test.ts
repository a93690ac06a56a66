import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import { AGENT_LAYOUT, alloyConfig, alloyValues } from '../src/index.js';
import { chartYaml, completeModel, HELMS, helmTemplate, model } from './helpers.js';

/** Brackets balance outside strings and comments: a cheap stand-in for Alloy's parser, absent here. */
function assertBalanced(text: string): void {
  const stack: string[] = [];
  const pairs: Record<string, string> = { '}': '{', ']': '[', ')': '(' };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i);
    else if (c === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '`') i = text.indexOf('`', i + 1);
    else if ('{[('.includes(c)) stack.push(c);
    else if (c in pairs) assert.is(stack.pop(), pairs[c], `unbalanced ${c} at ${i}`);
    if (i < 0) assert.unreachable('unterminated comment or string');
  }
  assert.equal(stack, [], 'unclosed brackets');
}

/** The text of the first block whose head starts with `head`, up to its matching brace. */
const blockOf = (text: string, head: string): string => {
  const start = text.indexOf(head);
  assert.ok(start >= 0, `no ${head}`);
  let depth = 0;
  for (let i = text.indexOf('{', start); i < text.length; i++) {
    const c = text[i];
    if (c === '"') for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    if (c === '`') i = text.indexOf('`', i + 1);
    if (c === '{') depth++;
    if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  throw new Error(`unclosed ${head}`);
};

test('Alloy - pods of its own node only, from the runtime files under /var/log/pods', () => {
  const text = alloyConfig(model());
  assertBalanced(text);
  assert.match(text, 'field = "spec.nodeName=" + sys.env("HOSTNAME")');
  assert.match(text, 'replacement = "/var/log/pods/*$1/*.log"');
  // Task log files live in the workers' emptyDir under /opt/airflow/logs: never a path here.
  assert.not.match(text, '/opt/airflow/logs');
  assert.match(blockOf(text, 'loki.source.file "pod_logs"'), 'local.file_match.pod_logs.targets');
});

test('Alloy - the task container stdout of KubernetesExecutor pods is dropped by default and shipped on request', () => {
  const drop = blockOf(alloyConfig(model()), 'discovery.relabel "pod_logs"');
  assert.match(drop, 'regex = "True/base"\n    action = "drop"');
  assert.match(
    drop,
    '"__meta_kubernetes_pod_label_kubernetes_executor", "__meta_kubernetes_pod_container_name"',
  );
  const ship = blockOf(
    alloyConfig(model('clusterAgent:\n  taskContainerStdout: ship\n')),
    'discovery.relabel',
  );
  assert.not.match(ship, 'action = "drop"');
});

test('Alloy - labels namespace, container, app, job; pod identity as structured metadata, not labels', () => {
  const pipeline = blockOf(alloyConfig(model()), 'loki.process "pod_logs"');
  for (const f of ['pod', 'node', 'stream', 'dag_id', 'task_id', 'run_id', 'attempt', 'map_index'])
    assert.match(blockOf(pipeline, 'stage.structured_metadata'), `${f} = "",`);
  assert.match(
    pipeline,
    'values = ["pod", "node", "dag_id", "task_id", "run_id", "attempt", "map_index", "filename"]',
  );
  const relabel = blockOf(alloyConfig(model()), 'discovery.relabel');
  for (const label of ['namespace', 'container', 'app', 'job'])
    assert.match(relabel, `target_label = "${label}"`);
  // app.kubernetes.io/name wins over app: its rule comes later and only when non-empty.
  assert.ok(
    relabel.indexOf('__meta_kubernetes_pod_label_app"') <
      relabel.indexOf('__meta_kubernetes_pod_label_app_kubernetes_io_name"'),
  );
  assert.match(relabel, `replacement = "${AGENT_LAYOUT.jobs.pods}"`);
});

test('Alloy - Kubernetes events through one clustered reader, only when events are on', () => {
  const on = model();
  assert.match(alloyConfig(on), 'loki.source.kubernetes_events "events"');
  assert.match(blockOf(alloyConfig(on), 'loki.source.kubernetes_events'), 'clustering {\n    enabled = true');
  assert.equal((alloyValues(on).alloy as { clustering: unknown }).clustering, { enabled: true });
  // The events rule only when events are read (both chart lists together: upstream-values.test.ts).
  const granted = (m: ReturnType<typeof model>) => {
    const rbac = alloyValues(m).rbac as Record<'rules' | 'clusterRules', Array<{ resources: string[] }>>;
    return [...rbac.rules, ...rbac.clusterRules].flatMap((r) => r.resources);
  };
  assert.equal(granted(on), ['pods', 'events']);
  const off = model('clusterAgent:\n  events: false\n');
  assert.not.match(alloyConfig(off), 'kubernetes_events');
  assert.equal((alloyValues(off).alloy as { clustering: unknown }).clustering, { enabled: false });
  assert.equal([...new Set(granted(off))], ['pods']);
});

test('Alloy - pushes to the in-chart Loki or loki.pushUrl, with the tenant and static labels', () => {
  const inChart = blockOf(alloyConfig(completeModel()), 'loki.write "default"');
  // The in-chart Loki of the spec's namespace; beyond monolithic, its gateway.
  assert.match(inChart, 'url = "http://loki.data-platform.svc:3100/loki/api/v1/push"');
  const scaled = blockOf(
    alloyConfig(model('loki:\n  scale:\n    mode: simpleScalable\n')),
    'loki.write "default"',
  );
  assert.match(scaled, 'url = "http://loki-gateway.airflow.svc:80/loki/api/v1/push"');
  assert.match(inChart, 'tenant_id = "data-platform"');
  assert.match(inChart, 'cluster = "prod-eu-1",');
  assert.match(inChart, 'batch_size = "1MiB"');
  const external = blockOf(
    // An empty tenant: a Loki without tenants (the default tenant is `airflow`).
    alloyConfig(model("loki:\n  mode: external\n  pushUrl: https://loki.example.com/\n  tenant: ''\n")),
    'loki.write "default"',
  );
  assert.match(external, 'url = "https://loki.example.com/loki/api/v1/push"');
  assert.not.match(external, 'tenant_id');
});

const AUTH_SPEC = `loki:
  mode: external
  pushUrl: https://loki.example.com
  auth:
    type: basic
    usernameSecret: { name: loki-user, key: user }
    passwordSecret: { name: loki-pass, key: pass }
  tls:
    caSecret: { name: loki-ca, key: ca.pem }
    clientCertSecret: { name: loki-client, key: tls.crt }
    clientKeySecret: { name: loki-client, key: tls.key }
`;

test('Alloy - credentials are files projected from the named Secrets; the config names only those files', () => {
  const m = model(AUTH_SPEC);
  const text = alloyConfig(m);
  const values = alloyValues(m) as {
    controller: { volumes: { extra: Array<{ name: string; projected?: { sources: unknown[] } }> } };
    alloy: { mounts: { extra: Array<{ name: string; mountPath: string; readOnly?: boolean }> } };
  };
  const volume = values.controller.volumes.extra.find((v) => v.projected);
  assert.ok(volume, 'a projected credentials volume');
  const mount = values.alloy.mounts.extra.find((x) => x.name === volume.name);
  assert.equal(mount, { name: volume.name, mountPath: AGENT_LAYOUT.credentialsDir, readOnly: true });
  const projected = (volume.projected?.sources ?? []) as Array<{
    secret: { name: string; items: Array<{ key: string; path: string }> };
  }>;
  const files = new Map(
    projected.flatMap((s) =>
      s.secret.items.map((i) => [`${AGENT_LAYOUT.credentialsDir}/${i.path}`, `${s.secret.name}/${i.key}`]),
    ),
  );
  // Every file the config reads is one projected from the Secret the spec names.
  const referenced = [
    ...text.matchAll(/(?:filename|password_file|ca_file|cert_file|key_file) = "([^"]+)"/g),
  ].map((x) => x[1]);
  assert.equal(referenced.map((f) => files.get(f as string)).sort(), [
    'loki-ca/ca.pem',
    'loki-client/tls.crt',
    'loki-client/tls.key',
    'loki-pass/pass',
    'loki-user/user',
  ]);
  assert.match(text, 'username = string.trim_space(local.file.loki_username.content)');
  const bearer = alloyConfig(
    model(
      'loki:\n  auth:\n    type: bearer\n    allowPlainHttp: true\n    tokenSecret: { name: t, key: token }\n',
    ),
  );
  assert.match(bearer, `bearer_token_file = "${AGENT_LAYOUT.credentialsDir}/token"`);
});

// What the Alloy chart (1.11.1, templates/configmap.yaml) does with alloy.configMap.content.
const ALLOY_CONFIGMAP = `{{- $values := (mustMergeOverwrite .Values.alloy (or .Values.agent dict)) -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: alloy
data:
  config.alloy: |- {{- (tpl  $values.configMap.content .) | nindent 4 }}
`;

const VARIANTS = {
  default: '',
  complete: null,
  'auth, tls, ship stdout': `${AUTH_SPEC}clusterAgent:\n  taskContainerStdout: ship\n`,
};

for (const helm of HELMS)
  test(`Alloy - the escaped config survives the chart's tpl byte for byte (${helm})`, () => {
    for (const [name, spec] of Object.entries(VARIANTS)) {
      const m = spec === null ? completeModel() : model(spec);
      const raw = alloyConfig(m);
      assert.match(
        raw,
        '{{ if eq (default "" .type) "Warning" }}',
        'the config holds a Go template to escape',
      );
      const out = helmTemplate(
        helm,
        { 'Chart.yaml': chartYaml('alloy'), 'templates/configmap.yaml': ALLOY_CONFIGMAP },
        [alloyValues(m)],
      );
      const [doc] = parseAllDocuments(out).map((d) => d.toJS());
      // `|-` keeps every byte but the final newline.
      assert.ok(raw.endsWith('}\n'));
      assert.is(doc.data['config.alloy'], raw.slice(0, -1), name);
    }
  });

// The stage.template's Go template, run by Helm's engine (text/template + sprig, as Alloy's stage).
const LEVEL_CHART = `apiVersion: v1
kind: ConfigMap
metadata:
  name: levels
data:
  warning: {{ tpl .Values.level (dict "type" "Warning" "Template" .Template) | quote }}
  normal: {{ tpl .Values.level (dict "type" "Normal" "Template" .Template) | quote }}
  missing: {{ tpl .Values.level (dict "Template" .Template) | quote }}
`;

test('Alloy - events get level warning or info from their type, also when the type is missing', () => {
  const template = /template = `([^`]+)`/.exec(alloyConfig(model()))?.[1];
  assert.ok(template);
  const out = helmTemplate(
    'helm3',
    { 'Chart.yaml': chartYaml('levels'), 'templates/levels.yaml': LEVEL_CHART },
    [{ level: template }],
  );
  const [doc] = parseAllDocuments(out).map((d) => d.toJS());
  assert.equal(doc.data, { warning: 'warning', normal: 'info', missing: 'info' });
});

test.run();
