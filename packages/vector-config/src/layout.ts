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
  sinkId: 'loki',
  /** Name of the pod volume that Airflow's chart mounts at base_log_folder. */
  logsVolume: 'logs',
} as const;
