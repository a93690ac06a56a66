import { matchesGlob } from 'node:path';
import TOML from '@iarna/toml';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse as parseYaml } from 'yaml';
import {
  renderVectorConfig,
  SIDECAR_LAYOUT,
  taskLogStreamFields,
  taskLogVectorConfig,
  taskLogVrl,
} from '../src/index.js';
import { compile, FOLDER, fileEvent, run, spec, taskLogPath } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: assertions walk the plain config data
type Obj = Record<string, any>;
const L = SIDECAR_LAYOUT;
const sink = (c: Obj) => c.sinks[L.sinkId];
const source = (c: Obj) => c.sources[L.sourceId];

const complete = `airflow:
  namespace: data-platform
loki:
  tenant: data-platform
  labels: [namespace, dag_id, component]
  staticLabels: { cluster: prod-eu-1 }
  structuredMetadata: [task_id, run_id, map_index, attempt, pod, node, logger, level]
  batch: { timeoutMs: 200, maxEvents: 500, maxBytes: 524288 }
  retry: { initialBackoffMs: 1500, maxBackoffSecs: 8, attempts: 30 }
sidecar:
  image: { repository: timberio/vector, tag: 0.57.0-alpine }
  metricsPort: 9599
  apiPort: 8687
`;

test('file source: read from the beginning, globs from folder and template, inode fingerprints, data_dir', () => {
  const c = taskLogVectorConfig(spec('')) as Obj;
  const s = source(c);
  assert.is(s.type, 'file');
  assert.is(s.read_from, 'beginning');
  assert.equal(s.fingerprint, { strategy: 'device_and_inode' });
  assert.is(c.data_dir, L.dataDir);
  assert.ok(s.glob_minimum_cooldown_ms < 1000, 'new files found faster than the 1s default');
  assert.is(s.multiline, undefined, 'JSON lines need no multiline');
});

test('the globs find every task log file of the layout and nothing else', () => {
  const globs: string[] = source(taskLogVectorConfig(spec('')) as Obj).include;
  const excluded: string[] = source(taskLogVectorConfig(spec('')) as Obj).exclude;
  const hit = (p: string) => globs.some((g) => matchesGlob(p, g)) && !excluded.some((g) => matchesGlob(p, g));
  const run = 'scheduled__2026-11-25T00:00:00+00:00';
  assert.ok(hit(taskLogPath({ dag: 'd', run, task: 't', attempt: 1 })));
  assert.ok(hit(taskLogPath({ dag: 'd', run, task: 't', map: 4, attempt: 2 })));
  assert.not.ok(hit(`${FOLDER}/scheduler/2026-11-25/etl.py.log`));
  assert.not.ok(hit(`${FOLDER}/dag_id=d/run_id=r/task_id=t/attempt=1.log.trigger.5.log`));
  const other = source(
    taskLogVectorConfig(
      spec(
        'airflow:\n  logs:\n    folder: /data/logs/\n    filenameTemplate: "{dag_id}/{run_id}/{task_id}/{try_number}.log"\n',
      ),
    ) as Obj,
  ).include;
  assert.equal(other, ['/data/logs/*/*/*/*.log']);
});

test('text format: multiline settings keep a traceback with its record, patterns valid for Rust regex', () => {
  const m = source(taskLogVectorConfig(spec('airflow:\n  logs:\n    format: text\n')) as Obj).multiline;
  assert.is(m.mode, 'halt_before');
  assert.ok(m.timeout_ms > 0 && m.timeout_ms <= 1000);
  // VRL compiles regex literals with Rust's regex crate, the engine Vector uses for these patterns.
  for (const p of [m.start_pattern, m.condition_pattern])
    assert.equal(compile(`match("", r'${p}')`).errors, []);
  const lines = [
    '[2026-11-25T10:11:13.000+0000] {taskinstance.py:1} INFO - start',
    '[2026-11-25T10:11:14.001+0000] {taskinstance.py:2} ERROR - failed',
    'Traceback (most recent call last):',
    '  File "etl.py", line 12, in load',
    'ValueError: bad row 7',
    '[2026-11-25T10:11:15.000+0000] {taskinstance.py:3} INFO - marking failed',
  ];
  // halt_before as Vector documents it: lines that do not match the condition join the record before.
  const starts = run(
    `.r = map_values(array!(.lines)) -> |l| { match(string!(l), r'${m.condition_pattern}') }`,
    {
      lines,
      timestamp: '2026-11-25T10:11:12Z',
    },
  ).r as boolean[];
  const records: string[] = [];
  lines.forEach((l, i) => {
    if (starts[i] || records.length === 0) records.push(l);
    else records[records.length - 1] += `\n${l}`;
  });
  assert.is(records.length, 3);
  assert.is(records[1]?.split('\n').length, 4);
});

test('loki sink: labels and static labels, structured metadata, the message as the line', () => {
  const m = spec(complete);
  const s = sink(taskLogVectorConfig(m) as Obj);
  assert.is(s.type, 'loki');
  assert.equal(s.inputs, [L.transformId]);
  assert.equal(s.labels, {
    namespace: '{{ namespace }}',
    dag_id: '{{ dag_id }}',
    component: '{{ component }}',
    cluster: 'prod-eu-1',
  });
  assert.equal(Object.keys(s.structured_metadata), m.loki.structuredMetadata);
  for (const [k, v] of Object.entries(s.structured_metadata)) assert.is(v, `{{ ${k} }}`);
  assert.equal(s.encoding, { codec: 'raw_message' });
  assert.is(s.tenant_id, 'data-platform');
});

test('taskLogStreamFields says what the sink sends, and the VRL sets every such field', () => {
  const m = spec(complete);
  const fields = taskLogStreamFields(m);
  const s = sink(taskLogVectorConfig(m) as Obj);
  assert.equal([...fields.labels, ...Object.keys(fields.staticLabels)], Object.keys(s.labels));
  assert.equal(fields.structuredMetadata, Object.keys(s.structured_metadata));
  const out = run(
    taskLogVrl(m),
    fileEvent(taskLogPath({ dag: 'd', run: 'r', task: 't', attempt: 1 }), '{"event":"x","level":"info"}'),
  );
  for (const f of [...fields.labels, ...fields.structuredMetadata]) assert.ok(out[f] !== undefined, f);
});

test('batching well under a second, acknowledgements, retries with backoff from the spec', () => {
  const s = sink(taskLogVectorConfig(spec(complete)) as Obj);
  assert.equal(s.batch, { timeout_secs: 0.2, max_events: 500, max_bytes: 524288 });
  assert.equal(s.acknowledgements, { enabled: true });
  // Backoffs from the spec; the number of retries follows from sidecar.lokiOutageToleranceSeconds
  // (120 s at 2, 4, 6, 8, 8, ... s: 17 retries; timings.test.ts checks the derivation).
  assert.equal(s.request, {
    retry_attempts: 17,
    retry_initial_backoff_secs: 2,
    retry_max_duration_secs: 8,
    retry_jitter_mode: 'None',
  });
  const d = sink(taskLogVectorConfig(spec('')) as Obj);
  assert.is(d.batch.timeout_secs, 0.25);
  assert.is(d.request.retry_initial_backoff_secs, 1, 'Vector takes whole seconds: 100ms becomes 1s');
});

test('endpoint: the in-chart Loki Service by its fixed name, or the external push URL', () => {
  assert.is(sink(taskLogVectorConfig(spec(complete)) as Obj).endpoint, 'http://loki.data-platform.svc:3100');
  const ext = (url: string) =>
    sink(taskLogVectorConfig(spec(`loki:\n  mode: external\n  pushUrl: ${url}\n`)) as Obj).endpoint;
  assert.is(ext('https://loki.example.com'), 'https://loki.example.com');
  assert.is(ext('https://loki.example.com/loki/api/v1/push'), 'https://loki.example.com');
});

test('auth and TLS come from mounted Secret files; no credential is inline', () => {
  const basic = taskLogVectorConfig(
    spec(`loki:
  mode: external
  pushUrl: https://loki.example.com
  auth:
    type: basic
    usernameSecret: { name: loki-creds, key: user }
    passwordSecret: { name: loki-creds, key: pass }
  tls:
    caSecret: { name: loki-ca, key: ca.crt }
    clientCertSecret: { name: loki-client, key: tls.crt }
    clientKeySecret: { name: loki-client, key: tls.key }
`),
  ) as Obj;
  assert.equal(sink(basic).auth, {
    strategy: 'basic',
    user: 'SECRET[loki_auth.username]',
    password: 'SECRET[loki_auth.password]',
  });
  assert.equal(basic.secret, {
    loki_auth: { type: 'directory', path: L.lokiAuthDir, remove_trailing_whitespace: true },
  });
  assert.equal(sink(basic).tls, {
    ca_file: `${L.lokiTlsDir}/ca.crt`,
    crt_file: `${L.lokiTlsDir}/tls.crt`,
    key_file: `${L.lokiTlsDir}/tls.key`,
  });
  const text = JSON.stringify(basic);
  for (const name of ['loki-creds', 'loki-ca', 'loki-client']) assert.not.ok(text.includes(name));
  const bearer = taskLogVectorConfig(
    spec(
      'loki:\n  auth:\n    type: bearer\n    allowPlainHttp: true\n    tokenSecret: { name: loki-token, key: token }\n',
    ),
  ) as Obj;
  assert.equal(sink(bearer).auth, { strategy: 'bearer', token: 'SECRET[loki_auth.token]' });
  const none = taskLogVectorConfig(spec('')) as Obj;
  assert.is(none.secret, undefined);
  assert.is(sink(none).auth, undefined);
  assert.is(sink(none).tls, undefined);
});

test('internal metrics on 0.0.0.0:metricsPort, the API on 127.0.0.1:apiPort', () => {
  const c = taskLogVectorConfig(spec(complete)) as Obj;
  assert.is(c.sources[L.metricsSourceId].type, 'internal_metrics');
  assert.equal(c.sinks[L.metricsSinkId], {
    type: 'prometheus_exporter',
    inputs: [L.metricsSourceId],
    address: '0.0.0.0:9599',
  });
  assert.equal(c.api, { enabled: true, address: '127.0.0.1:8687' });
});

test('template confinement: the option is set from Vector 0.57 on and absent below, both sides of the boundary', () => {
  const flag = (tag: string, mode = 'auto') =>
    sink(
      taskLogVectorConfig(
        spec(
          `sidecar:\n  templateConfinement: ${mode}\n  image: { repository: timberio/vector, tag: "${tag}" }\n`,
        ),
      ) as Obj,
    ).dangerously_allow_unconfined_template_resolution;
  assert.is(flag('0.56.0-alpine'), undefined);
  assert.is(flag('0.56.9-alpine'), undefined);
  assert.is(flag('0.57.0-alpine'), true);
  assert.is(flag('0.58.1-alpine'), true);
  assert.is(flag('1.0.0-alpine'), true);
  assert.is(flag('0.56.0-alpine', 'requireBelow057'), undefined);
  assert.is(flag('0.57.0-alpine', 'allowUnconfined'), true);
  assert.is(flag('nightly-alpine', 'allowUnconfined'), true);
});

test('the option carries a comment saying why it is safe, in YAML and TOML', () => {
  const m = spec(complete);
  for (const format of ['yaml', 'toml'] as const) {
    const lines = renderVectorConfig(m, format).split('\n');
    const at = lines.findIndex((l) =>
      /^\s*dangerously_allow_unconfined_template_resolution\s*[:=]\s*true$/.test(l),
    );
    assert.ok(at > 0, format);
    const comment = lines.slice(at - 4, at).join(' ');
    assert.match(comment, /never a path, URL, host or tenant/, format);
  }
});

test('YAML and TOML parse back to the same config, equal to the data', () => {
  for (const yaml of [
    '',
    complete,
    'airflow:\n  logs:\n    format: text\nloki:\n  staticLabels: { env: "a b" }\n',
  ]) {
    const m = spec(yaml);
    const data = JSON.parse(JSON.stringify(taskLogVectorConfig(m)));
    const fromYaml = parseYaml(renderVectorConfig(m, 'yaml'));
    const fromToml = JSON.parse(JSON.stringify(TOML.parse(renderVectorConfig(m, 'toml'))));
    assert.equal(fromYaml, data);
    assert.equal(fromToml, data);
  }
});

test('the config needs no env interpolation and survives it: nothing Vector would interpolate ($NAME, the braced form, $$)', () => {
  for (const yaml of [
    '',
    complete,
    'airflow:\n  logs:\n    format: text\n    folder: /opt/air$flow/logs\n',
  ]) {
    for (const format of ['yaml', 'toml'] as const)
      assert.not.match(renderVectorConfig(spec(yaml), format), /\$[\w{$]/);
  }
  // A literal $ in the folder still matches, through the \x24 escape.
  const m = spec('airflow:\n  logs:\n    folder: /opt/air$flow/logs\n');
  const out = run(
    taskLogVrl(m),
    fileEvent('/opt/air$flow/logs/dag_id=d/run_id=r/task_id=t/attempt=1.log', '{"event":"x"}'),
  );
  assert.is(out.dag_id, 'd');
});

test('deterministic: the same model renders the same bytes', () => {
  for (const format of ['yaml', 'toml'] as const) {
    assert.is(renderVectorConfig(spec(complete), format), renderVectorConfig(spec(complete), format));
  }
});

test.run();
