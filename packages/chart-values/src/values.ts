import type { LogstackModel } from '@logstack/spec';
import { fragmentSources } from './fragments.js';

/** Fixed names the chart and the generated values agree on (see the chart's values.yaml). */
export const CHART_NAMES = {
  /** ObjectBucketClaim, and so its ConfigMap and Secret, that Loki reads. */
  bucketClaim: 'loki-bucket',
  /** Secret the ExternalSecret makes; the Airflow chart's data.metadataSecretName. */
  metadataSecret: 'airflow-metadata-db',
  /** The chart's stable Secret of Airflow keys and the bundled PostgreSQL's password (airflowSecrets.name). */
  airflowSecrets: 'logstack-airflow-secrets',
} as const;

type Values = Record<string, unknown>;

const isObject = (v: unknown): v is Values => !!v && typeof v === 'object' && !Array.isArray(v);

/** Helm's own merge of values: maps merge key by key, anything else (lists too) is replaced. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isObject(b) && isObject(v) ? mergeValues(b, v) : v;
  }
  return out;
}

/**
 * Joins fragments from different packages: maps merge, lists concatenate (two packages may each
 * add init containers to the same pods), and two different scalars at one place are a bug.
 */
export function combineFragments(a: Values, b: Values, path = ''): Values {
  const out: Values = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const here = `${path}${path ? '.' : ''}${k}`;
    const x = out[k];
    if (x === undefined) out[k] = v;
    else if (isObject(x) && isObject(v)) out[k] = combineFragments(x, v, here);
    else if (Array.isArray(x) && Array.isArray(v)) out[k] = [...x, ...v];
    else if (JSON.stringify(x) !== JSON.stringify(v))
      throw new Error(`two values fragments set ${here} differently`);
  }
  return out;
}

function airflowValues(model: LogstackModel): Values {
  const image = model.airflow.image;
  const metadataDb = model.secrets.metadataDb;
  const own: Values = {
    enabled: true,
    executor: model.airflow.executor,
    ...(/^\d+\.\d+\.\d+$/.test(image.tag) ? { airflowVersion: image.tag } : {}),
    images: {
      airflow: {
        repository: image.repository,
        tag: image.tag,
        ...(image.digest ? { digest: image.digest } : {}),
        pullPolicy: image.pullPolicy,
      },
      // The task pods' image (pod_template_file.yaml); the Airflow chart has no digest key for it,
      // and `repository:tag@digest` pulls by digest.
      pod_template: {
        repository: image.repository,
        tag: image.digest ? `${image.tag}@${image.digest}` : image.tag,
        pullPolicy: image.pullPolicy,
      },
    },
    data: {
      metadataSecretName: metadataDb.enabled ? CHART_NAMES.metadataSecret : CHART_NAMES.airflowSecrets,
    },
    postgresql: { enabled: !metadataDb.enabled },
  };
  const fragments = fragmentSources.airflow.reduce<Values>((acc, f) => combineFragments(acc, f(model)), {});
  return mergeValues(own, fragments);
}

/** `${NAME}`: expanded by Loki itself at start (-config.expand-env=true), not by Helm. */
const lokiEnv = (name: string) => `\${${name}}`;

const retentionPeriod = (days: number) => `${days * 24}h`;

function lokiValues(model: LogstackModel): Values {
  if (model.loki.mode !== 'inChart') return { enabled: false };
  const storage = model.storage;
  const existing = storage.type === 'existingSecret' ? storage.existingSecret : undefined;
  const s3 = existing
    ? {
        endpoint: existing.endpoint,
        region: existing.region,
        insecure: existing.insecure,
        bucketNames: { chunks: existing.bucket, ruler: existing.bucket },
        envFrom: [{ secretRef: { name: existing.secretName } }],
      }
    : {
        endpoint: `${lokiEnv('BUCKET_HOST')}:${lokiEnv('BUCKET_PORT')}`,
        region: null,
        insecure: true,
        bucketNames: { chunks: lokiEnv('BUCKET_NAME'), ruler: lokiEnv('BUCKET_NAME') },
        envFrom: [
          { configMapRef: { name: CHART_NAMES.bucketClaim } },
          { secretRef: { name: CHART_NAMES.bucketClaim } },
        ],
      };
  return {
    enabled: true,
    loki: {
      auth_enabled: model.loki.tenant !== '',
      storage: {
        type: 's3',
        bucketNames: s3.bucketNames,
        s3: {
          endpoint: s3.endpoint,
          region: s3.region,
          accessKeyId: lokiEnv('AWS_ACCESS_KEY_ID'),
          secretAccessKey: lokiEnv('AWS_SECRET_ACCESS_KEY'),
          s3ForcePathStyle: true,
          insecure: s3.insecure,
        },
      },
      limits_config: { retention_period: retentionPeriod(storage.retentionDays) },
    },
    singleBinary: { extraArgs: ['-config.expand-env=true'], extraEnvFrom: s3.envFrom },
  };
}

/**
 * The umbrella chart's values for a spec: what differs from or completes the chart's own
 * defaults (charts/airflow-logstack/values.yaml), which Helm merges underneath.
 */
export function chartValues(model: LogstackModel): Values {
  const agent = model.clusterAgent.type;
  const metadataDb = model.secrets.metadataDb;
  const inChartBucket = model.loki.mode === 'inChart' && model.storage.type === 'objectBucketClaim';
  const values: Values = {
    specNamespace: model.airflow.namespace,
    airflow: airflowValues(model),
    loki: lokiValues(model),
    alloy: { enabled: agent === 'alloy', ...(agent === 'alloy' ? fragmentSources.alloy(model) : {}) },
    vector: {
      enabled: agent === 'vector-agent',
      ...(agent === 'vector-agent' ? fragmentSources.vectorAgent(model) : {}),
    },
    taskLogs: { enabled: true, config: fragmentSources.taskLogsConfig(model) },
    metadataDb: {
      enabled: metadataDb.enabled,
      storeRef: { name: metadataDb.storeRef.name, kind: metadataDb.storeRef.kind },
      remoteKey: metadataDb.remoteKey,
      property: metadataDb.property,
      refreshInterval: metadataDb.refreshInterval,
      targetName: CHART_NAMES.metadataSecret,
    },
    objectStorage: {
      enabled: inChartBucket,
      claimName: CHART_NAMES.bucketClaim,
      storageClassName: model.storage.objectBucketClaim.storageClassName,
      generateBucketName: model.storage.objectBucketClaim.generateBucketName,
      bucketName: model.storage.objectBucketClaim.bucketName ?? '',
    },
  };
  for (const [key, f] of Object.entries(fragmentSources.sections)) values[key] = f(model);
  return values;
}
