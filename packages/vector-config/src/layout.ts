/**
 * Where the task-log sidecar keeps things inside the worker pod. The pod wiring mounts these and
 * the Vector config refers to them, so both import them from here.
 */
export const SIDECAR_LAYOUT = {
  containerName: 'vector-task-logs',
  /** The config file (from the sidecar ConfigMap) and its folder. */
  configDir: '/etc/vector',
  configFile: 'vector.yaml',
  configFileToml: 'vector.toml',
  /** Vector's data_dir (file source checkpoints); an emptyDir. */
  dataDir: '/var/lib/vector',
  /** Component ids, used by the drain check (metrics and checkpoints are keyed by them). */
  sourceId: 'task_logs',
  transformId: 'task_log_fields',
  sinkId: 'loki',
  metricsSourceId: 'vector_metrics',
  metricsSinkId: 'vector_metrics_exporter',
  /**
   * The file source's checkpoints (`<data_dir>/<source id>/checkpoints.json`): per file (device and
   * inode) the offset up to which Loki acknowledged every line. The drain compares it with the sizes.
   */
  checkpointsFile: '/var/lib/vector/task_logs/checkpoints.json',
  /** Name of the pod volume that Airflow's chart mounts at base_log_folder. */
  logsVolume: 'logs',
  /**
   * Downward API environment variables the sidecar container must set. The VRL program reads them
   * at runtime with get_env_var, which Vector 0.57's config-interpolation switch does not touch.
   */
  env: {
    podName: 'POD_NAME',
    podNamespace: 'POD_NAMESPACE',
    nodeName: 'NODE_NAME',
  },
  /** Vector's API (GET /health) binds here: reachable from an exec probe inside the sidecar only. */
  apiHost: '127.0.0.1',
  apiHealthPath: '/health',
  /**
   * The prometheus_exporter binds on every interface: the PodMonitor scrapes the pod IP, and in a
   * pod 0.0.0.0 is only loopback plus that IP, so binding the pod IP would admit the same peers.
   * The chart's task pod NetworkPolicy (networkPolicy.taskPods) limits who reaches the port to
   * Prometheus (docs/operations.md).
   */
  metricsHost: '0.0.0.0',
  metricsPath: '/metrics',
  /**
   * Loki credentials: one Secret-backed volume per directory, each key projected to the file name
   * below (Vector's `directory` secrets backend reads `<dir>/<file>`). Outside configDir, so the
   * mounts do not nest inside the read-only ConfigMap volume.
   */
  lokiAuthDir: '/etc/vector-secrets/loki-auth',
  lokiAuthFiles: { username: 'username', password: 'password', token: 'token' },
  lokiTlsDir: '/etc/vector-secrets/loki-tls',
  lokiTlsFiles: { ca: 'ca.crt', cert: 'tls.crt', key: 'tls.key' },
} as const;
