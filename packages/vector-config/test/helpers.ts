import * as vrl from '@bpinternal/verel';
import { checkSpec, type LogstackModel, type SpecIssue } from '@logstack/spec';
import { vectorConfigChecks } from '../src/index.js';

/** A model from spec YAML text, through the real loader with this package's checks. */
export function load(text: string): { model?: LogstackModel; issues: SpecIssue[] } {
  return checkSpec('spec.yaml', text, { checks: vectorConfigChecks });
}

export function model(text = 'apiVersion: logstack/v1\n'): LogstackModel {
  const { model: m, issues } = load(text);
  if (!m) throw new Error(`fixture spec is invalid: ${JSON.stringify(issues)}`);
  return m;
}

/** A spec with overrides written as YAML under the given sections. */
export const spec = (yaml: string) => model(`apiVersion: logstack/v1\n${yaml}`);

export const FOLDER = '/opt/airflow/logs';

/** A task log path in Airflow's default layout. */
export function taskLogPath(p: {
  dag: string;
  run: string;
  task: string;
  map?: number;
  attempt: number;
}): string {
  const map = p.map === undefined ? '' : `map_index=${p.map}/`;
  return `${FOLDER}/dag_id=${p.dag}/run_id=${p.run}/task_id=${p.task}/${map}attempt=${p.attempt}.log`;
}

/** What Vector's file source emits for one line (or one multiline record) of a file. */
export function fileEvent(file: string, message: string) {
  return {
    file,
    message,
    host: 'etl-load-3f9a2c',
    source_type: 'file',
    timestamp: '2026-11-25T10:11:12.500000Z',
  };
}

// The file source's timestamp is a timestamp value, but verel's input is JSON: make it one first.
const PREPARE = '.timestamp = parse_timestamp!(.timestamp, "%+")\n';
// Probes appended after the program: what Vector's loki sink sees of the types.
const PROBE = '\n.__timestamp_is_timestamp = is_timestamp(.timestamp)\n';

/** Compiles the program alone (errors and warnings), then runs it on a real-shaped event. */
export function compile(program: string) {
  const { errors, warnings } = vrl.check(program);
  return {
    errors: errors.map(vrl.formatDiagnostic),
    warnings: warnings.map(vrl.formatDiagnostic),
  };
}

export function run(program: string, event: Record<string, unknown>): Record<string, unknown> {
  const { errors } = vrl.check(program);
  if (errors.length) throw new Error(errors.map(vrl.formatDiagnostic).join('\n'));
  return vrl.execute(`${PREPARE}${program}${PROBE}`, event).event as Record<string, unknown>;
}
