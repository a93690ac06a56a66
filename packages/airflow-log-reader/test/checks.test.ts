import { checkSpec } from '@logstack/spec';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { uiLogReaderChecks } from '../src/index.js';

const issues = (text: string) =>
  checkSpec('logstack.yaml', `apiVersion: logstack/v1\n${text}`, { checks: uiLogReaderChecks }).issues.map(
    (i) => [i.code, i.pointer],
  );

test('a spec whose only label is level leaves the reader no stream selector: refused, at /loki/labels', () => {
  const text =
    'loki:\n  labels: [level]\n  structuredMetadata: [namespace, dag_id, task_id, run_id, map_index, attempt]\n';
  assert.equal(issues(text), [['airflow.ui-logs-no-selector', '/loki/labels']]);
  assert.equal(issues(`${text}airflow:\n  uiLogs:\n    enabled: false\n`), []);
});

test('the default labels, a static label or dag_id alone are enough', () => {
  assert.equal(issues(''), []);
  assert.equal(
    issues(
      'loki:\n  labels: [level]\n  staticLabels: {cluster: eu}\n  structuredMetadata: [namespace, dag_id, task_id, run_id, map_index, attempt]\n',
    ),
    [],
  );
  assert.equal(issues('loki:\n  labels: [dag_id]\n'), []);
});

test.run();
