import { escapeFor, escapeValuesFor } from '@logstack/helm-escape';
import { lokiSecretVolumes } from '@logstack/pod-template';
import type { LogstackModel } from '@logstack/spec';
import { LOGGING_CONFIG_CLASS, READER_LAYOUT } from './layout.js';
import { localSettingsSource } from './local-settings.js';

type Values = Record<string, unknown>;

/** The sidecar's Loki Secret volumes, renamed for the API server, and where they are mounted. */
function apiServerSecrets(model: LogstackModel) {
  const dirs: Record<string, string> = {
    'loki-auth': READER_LAYOUT.lokiAuthDir,
    'loki-tls': READER_LAYOUT.lokiTlsDir,
  };
  const volumes = lokiSecretVolumes(model).map((v) => {
    const kind = Object.keys(dirs).find((k) => v.name.endsWith(k));
    if (!kind) throw new Error(`unexpected Loki Secret volume ${v.name}`);
    return {
      volume: { ...v, name: `logstack-${kind}` },
      mount: { name: `logstack-${kind}`, mountPath: dirs[kind], readOnly: true },
    };
  });
  return { volumes: volumes.map((v) => v.volume), mounts: volumes.map((v) => v.mount) };
}

/**
 * The `airflow:` values that ship the reader: airflowLocalSettings (rendered by the chart with
 * `tpl`, so escaped for one pass), the logging config class, and the Loki Secrets in the API
 * server, the component that serves the log tab. remote_logging stays as the chart sets it:
 * with True, Airflow's own logging template demands a remote_base_log_folder with a scheme it
 * knows (config_templates/airflow_local_settings.py) and the components would not start, and
 * nothing else in Airflow 3.1 reads it; REMOTE_TASK_LOG alone makes the task handler read Loki.
 */
export function uiLogReaderValues(model: LogstackModel): Values {
  if (!model.airflow.uiLogs.enabled) return {};
  const secrets = apiServerSecrets(model);
  const extras = escapeValuesFor('airflowComponentExtras', {
    extraVolumes: secrets.volumes,
    extraVolumeMounts: secrets.mounts,
  });
  return {
    airflowLocalSettings: escapeFor('airflowLocalSettings', localSettingsSource(model)),
    config: {
      logging: {
        logging_config_class: LOGGING_CONFIG_CLASS,
        // The sidecar tails the attempt's file until the pod ends: never delete it after "upload".
        delete_local_logs: 'False',
      },
    },
    ...(secrets.volumes.length ? { apiServer: extras } : {}),
  };
}
