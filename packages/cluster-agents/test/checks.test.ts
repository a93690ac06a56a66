import { checkSpec } from '@logstack/spec';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clusterAgentChecks } from '../src/index.js';

const issues = (yaml: string) =>
  checkSpec('spec.yaml', `apiVersion: logstack/v1\n${yaml}`, { checks: clusterAgentChecks }).issues;

const vector = (body: string) => `clusterAgent:\n  type: vector-agent\n  vectorAgent:\n${body}`;

test('Checks - an unknown agent gets the spec error shape', () => {
  const [issue, ...rest] = issues('clusterAgent:\n  type: fluentbit\n');
  assert.equal(rest, []);
  assert.is(issue?.pointer, '/clusterAgent/type');
  assert.is(issue?.message, '"fluentbit" is not an allowed value');
  assert.is(issue?.allowed, '"alloy", "vector-agent", "none"');
  assert.is(issue?.file, 'spec.yaml');
  assert.is(issue?.line, 3);
});

test("Checks - a buffer below Vector's minimum gets the spec error shape with what is allowed", () => {
  const [issue, ...rest] = issues(vector('    bufferBytes: 268435487\n'));
  assert.equal(rest, []);
  assert.is(issue?.pointer, '/clusterAgent/vectorAgent/bufferBytes');
  assert.is(issue?.message, '268435487 is out of range');
  assert.is(issue?.allowed, '>= 268435488');
  assert.equal(issues(vector('    bufferBytes: 268435488\n')), []);
});

test('Checks - the pod label selector must be a Kubernetes label selector', () => {
  for (const ok of [
    'kubernetes_executor=True',
    'app in (etl, dwh),tier!=web',
    '!canary',
    'airflow.apache.org/dag==x',
    'component',
  ])
    assert.equal(issues(vector(`    podLabelSelector: "${ok}"\n`)), [], ok);
  const [bad] = issues(vector('    podLabelSelector: "dag_id=(x"\n'));
  assert.is(bad?.code, 'clusterAgent.selector-invalid');
  assert.is(bad?.pointer, '/clusterAgent/vectorAgent/podLabelSelector');
  assert.is(bad?.message, '"dag_id=(x" is not a Kubernetes label selector requirement');
  assert.match(bad?.allowed ?? '', 'kubernetes_executor=True');
  const [blank] = issues(vector('    podLabelSelector: "   "\n'));
  assert.match(blank?.message ?? '', 'the pod label selector is empty');
  const [empty] = issues(vector('    podLabelSelector: ""\n'));
  assert.is(empty?.pointer, '/clusterAgent/vectorAgent/podLabelSelector', 'minLength in the schema');
  // Alloy does not use the selector.
  assert.equal(issues('clusterAgent:\n  vectorAgent:\n    podLabelSelector: "  "\n'), []);
});

test('Checks - agent host paths stay out of /var/log and the system directories', () => {
  const [logDir] = issues(vector('    hostPath: /var/log/vector\n'));
  assert.is(logDir?.code, 'clusterAgent.host-path-unsafe');
  assert.is(logDir?.pointer, '/clusterAgent/vectorAgent/hostPath');
  assert.match(logDir?.message ?? '', '/var/log');
  assert.is(
    issues(vector('    hostPath: /var/lib/kubelet/pods\n'))[0]?.code,
    'clusterAgent.host-path-unsafe',
  );
  assert.is(
    issues('clusterAgent:\n  alloy:\n    storageHostPath: /\n')[0]?.pointer,
    '/clusterAgent/alloy/storageHostPath',
  );
  assert.equal(issues(vector('    hostPath: /var/lib/vector-agent\n')), []);
  assert.equal(
    issues(vector('    bufferVolume: emptyDir\n    hostPath: /etc\n')),
    [],
    'unused without hostPath',
  );
});

test('Checks - limits below requests, unknown Vector versions and static labels named like agent labels', () => {
  const [cpu] = issues(
    'clusterAgent:\n  resources:\n    requests: { cpu: "2", memory: 128Mi }\n    limits: { cpu: 500m, memory: 512Mi }\n',
  );
  assert.is(cpu?.pointer, '/clusterAgent/resources/limits/cpu');
  assert.is(cpu?.allowed, '>= 2');
  const [tag] = issues(vector('    image: { repository: timberio/vector, tag: latest }\n'));
  assert.is(tag?.code, 'clusterAgent.vector-version-unknown');
  assert.is(tag?.pointer, '/clusterAgent/vectorAgent/image/tag');
  const [clash] = issues('loki:\n  staticLabels: { job: x }\n');
  assert.is(clash?.code, 'clusterAgent.static-label-clash');
  assert.is(clash?.pointer, '/loki/staticLabels/job');
  assert.equal(issues('clusterAgent:\n  type: none\nloki:\n  staticLabels: { job: x }\n'), []);
});

test.run();
