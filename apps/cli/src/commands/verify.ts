import {
  formatReport,
  type HttpAuth,
  KubeFailure,
  kubeClusterReader,
  reportJson,
  verify,
} from '@logstack/verify';
import { Command, Option } from 'commander';
import { CliError, EXIT } from '../exit-codes.js';
import { seconds, wholeNumber } from '../flag-values.js';
import type { Output } from '../output.js';
import { defaultModel, loadModel } from '../spec.js';

interface VerifyFlags {
  namespace?: string;
  lokiUrl?: string;
  dagId?: string;
  runId?: string;
  tenant?: string;
  lokiToken?: string;
  lokiUser?: string;
  airflowUrl?: string;
  airflowToken?: string;
  airflowUser?: string;
  spec?: string;
  kubeconfig?: string;
  context?: string;
  grafanaNamespace?: string;
  json?: boolean;
  timeout: number;
  retries: number;
  wait: number;
  since: number;
  maxP95?: number;
}

const DURATION = /^(\d+)(s|m|h|d)$/;
/** Oldest logs --since looks at: Loki's default retention is far shorter; past a year is a typo. */
const MAX_SINCE_MS = 365 * 8.64e7;
const duration = (value: string): number => {
  const m = DURATION.exec(value);
  if (!m) throw new CliError(`--since: "${value}" is not a duration such as 30m, 6h or 2d`, EXIT.invalid);
  const ms = Number(m[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[m[2] as 's' | 'm' | 'h' | 'd'];
  if (ms > MAX_SINCE_MS) throw new CliError(`--since: "${value}" is longer than 365d`, EXIT.invalid);
  return ms;
};

/** Bearer token, or user with a password from the environment; flags win over the environment. */
function auth(what: 'loki' | 'airflow', token: string | undefined, user: string | undefined): HttpAuth {
  const env = what.toUpperCase();
  const t = token ?? process.env[`LOGSTACK_${env}_TOKEN`];
  const u = user ?? process.env[`LOGSTACK_${env}_USER`];
  if (t && u) throw new CliError(`--${what}-token and --${what}-user exclude each other`, EXIT.invalid);
  if (t) return { type: 'bearer', token: t };
  if (!u) return { type: 'none' };
  const password = process.env[`LOGSTACK_${env}_PASSWORD`];
  if (password === undefined)
    throw new CliError(
      `--${what}-user needs the password in LOGSTACK_${env}_PASSWORD (kept out of the command line)`,
      EXIT.invalid,
    );
  return { type: 'basic', username: u, password };
}

export function verifyCommand(io: Output, setExit: (code: number) => void): Command {
  return new Command('verify')
    .description(
      'live acceptance checks against a cluster (your kubeconfig, read-only) and Loki; exit 1 when a check fails',
    )
    .option('--namespace <ns>', "Airflow's namespace (default: the spec's airflow.namespace)")
    .option(
      '--loki-url <url>',
      "Loki's base URL, e.g. http://localhost:3100 after kubectl port-forward (env LOGSTACK_LOKI_URL)",
    )
    .option('--dag-id <id>', 'a DAG run to check end to end (with --run-id)')
    .option('--run-id <id>', 'the run id, as Airflow shows it')
    .option('--tenant <org>', "X-Scope-OrgID (env LOGSTACK_LOKI_TENANT; default: the spec's loki.tenant)")
    .option('--loki-token <token>', 'bearer token for Loki (env LOGSTACK_LOKI_TOKEN)')
    .option(
      '--loki-user <user>',
      'basic auth user for Loki (env LOGSTACK_LOKI_USER; password in LOGSTACK_LOKI_PASSWORD)',
    )
    .option(
      '--airflow-url <url>',
      "Airflow's API server: the list of attempts and their lines (env LOGSTACK_AIRFLOW_URL)",
    )
    .option('--airflow-token <token>', 'bearer token for Airflow (env LOGSTACK_AIRFLOW_TOKEN)')
    .option(
      '--airflow-user <user>',
      'basic auth user for Airflow (env LOGSTACK_AIRFLOW_USER; password in LOGSTACK_AIRFLOW_PASSWORD)',
    )
    .option(
      '--spec <file>',
      'the logstack spec: expected labels, metadata, limits, alerts (default: the defaults)',
    )
    .option('--kubeconfig <file>', 'kubeconfig (default: $KUBECONFIG or ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context (default: the current one)')
    .option(
      '--grafana-namespace <ns>',
      "where Grafana's sidecar looks for the datasource ConfigMap (default: --namespace)",
    )
    .option(
      '--timeout <s>',
      'per request to Kubernetes, Loki and Airflow',
      seconds('--timeout', 0.1, 3600),
      10,
    )
    .option(
      '--retries <n>',
      'more tries after a network error, 5xx or 429 (never after 4xx)',
      wholeNumber('--retries', 0, 10),
      2,
    )
    .option(
      '--wait <s>',
      'watch the run this long for attempts to end and lines to arrive (needed for latency)',
      seconds('--wait', 0, 86400),
      0,
    )
    .addOption(
      new Option('--since <duration>', "oldest logs looked at when the run's start is unknown")
        .argParser(duration)
        .default(24 * 3.6e6, '24h'),
    )
    .option(
      '--max-p95 <ms>',
      'fail the latency check above this p95 (default: report only)',
      wholeNumber('--max-p95', 0, 3_600_000),
    )
    .option('--json', 'print the report as JSON')
    .action(async (flags: VerifyFlags) => {
      const model = flags.spec ? loadModel(flags.spec) : defaultModel();
      const lokiUrl = flags.lokiUrl ?? process.env.LOGSTACK_LOKI_URL;
      if (!lokiUrl) throw new CliError('--loki-url (or LOGSTACK_LOKI_URL) is required', EXIT.invalid);
      if (!/^https?:\/\//.test(lokiUrl))
        throw new CliError(`--loki-url: "${lokiUrl}" is not an http(s) URL`, EXIT.invalid);
      if (Boolean(flags.dagId) !== Boolean(flags.runId))
        throw new CliError('--dag-id and --run-id go together', EXIT.invalid);
      const namespace = flags.namespace ?? model.airflow.namespace;
      const tenant = flags.tenant ?? process.env.LOGSTACK_LOKI_TENANT;
      const airflowUrl = flags.airflowUrl ?? process.env.LOGSTACK_AIRFLOW_URL;
      const timeoutMs = flags.timeout * 1000;
      // Every flag is checked (exit 2) before the kubeconfig is looked for (exit 3).
      const lokiAuth = auth('loki', flags.lokiToken, flags.lokiUser);
      const airflowAuth = auth('airflow', flags.airflowToken, flags.airflowUser);
      let cluster: ReturnType<typeof kubeClusterReader>;
      try {
        cluster = kubeClusterReader({
          timeoutMs,
          retries: flags.retries,
          backoffMs: 250,
          ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
          ...(flags.context ? { context: flags.context } : {}),
        });
      } catch (err) {
        if (err instanceof KubeFailure) throw new CliError(err.message, EXIT.error);
        throw err;
      }
      const report = await verify(
        {
          model,
          namespace,
          lokiUrl,
          lokiAuth,
          airflowAuth,
          ...(tenant !== undefined ? { tenant } : {}),
          ...(flags.dagId && flags.runId ? { dagId: flags.dagId, runId: flags.runId } : {}),
          ...(airflowUrl ? { airflowUrl } : {}),
          ...(flags.grafanaNamespace ? { grafanaNamespace: flags.grafanaNamespace } : {}),
          timeoutMs,
          retries: flags.retries,
          waitMs: flags.wait * 1000,
          pollMs: 1000,
          sinceMs: flags.since,
          maxP95Ms: flags.maxP95 ?? 0,
          ...(flags.wait > 0 ? { progress: (m: string) => io.err(`verify: ${m}`) } : {}),
        },
        cluster,
      );
      io.out(flags.json ? reportJson(report) : formatReport(report));
      if (!report.ok) setExit(EXIT.failed);
    });
}
