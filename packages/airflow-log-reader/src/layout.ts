/**
 * Where the reader lives in the Airflow components. The chart mounts `airflowLocalSettings` as
 * `$AIRFLOW_HOME/config/airflow_local_settings.py`, a folder Airflow puts on sys.path
 * (airflow/settings.py prepare_syspath_for_config_and_plugins), so the module's name is fixed.
 */
export const READER_LAYOUT = {
  module: 'airflow_local_settings',
  /** Built by the module on first use (a module __getattr__), see python/logstack_loki_reader.py. */
  loggingConfig: 'LOGSTACK_LOGGING_CONFIG',
  /** Loki credentials in the API server: the sidecar's Secrets, projected to the sidecar's file names. */
  lokiAuthDir: '/opt/airflow/logstack-secrets/loki-auth',
  lokiTlsDir: '/opt/airflow/logstack-secrets/loki-tls',
} as const;

/** `[logging] logging_config_class`: Airflow imports it and takes REMOTE_TASK_LOG from the same module. */
export const LOGGING_CONFIG_CLASS = `${READER_LAYOUT.module}.${READER_LAYOUT.loggingConfig}`;

/**
 * How the reader names itself in Airflow's "Log message source details" and in its own notices
 * (SOURCE in python/logstack_loki_reader.py): `logstack verify` looks for it.
 */
export const READER_SOURCE_NAME = 'logstack Loki reader';
