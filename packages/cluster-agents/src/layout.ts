/**
 * Names and paths both agents share, and the values the other packages read back (stream labels,
 * job names). One place, so the config text, the chart values and the tests cannot drift.
 */
export const AGENT_LAYOUT = {
  /** Value of the `job` stream label: a query selects cluster logs by it, never by the sidecar's labels. */
  jobs: { pods: 'logstack/pod-logs', events: 'logstack/kubernetes-events' },
  /** The KubernetesExecutor names its task container `base` and labels its pods `kubernetes_executor=True`. */
  taskContainer: 'base',
  taskPodLabel: { name: 'kubernetes_executor', value: 'True' },
  /** Loki credentials from Secrets, projected into one read-only directory per agent. */
  credentialsDir: '/etc/logstack/loki',
  credentialsVolume: 'logstack-loki-credentials',
  credentialFiles: {
    username: 'username',
    password: 'password',
    token: 'token',
    ca: 'ca.crt',
    cert: 'tls.crt',
    key: 'tls.key',
  },
  /** In-chart Loki: the umbrella sets the loki chart's fullnameOverride, no gateway (charts/airflow-logstack/TESTING.md). */
  inChartLoki: 'http://loki:3100',
  pushPath: '/loki/api/v1/push',
  /** httpPort: the Alloy chart's alloy.listenPort default (its readiness probe and metrics). */
  alloy: { storageDir: '/var/lib/alloy', storageVolume: 'logstack-alloy-storage', httpPort: 12345 },
  vector: { dataDir: '/vector-data-dir', apiPort: 8686, metricsPort: 9090 },
} as const;
