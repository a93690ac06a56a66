import { imageRef, type LogstackModel, memoryBytes } from '@logstack/spec';
import { durationSeconds } from './python-source.js';

type DagSync = LogstackModel['dagSync'];

/** Names of the volumes and containers dag-sync adds to Airflow's pods. */
export const DAG_SYNC_NAMES = {
  container: 'logstack-dag-sync',
  dagsVolume: 'logstack-dags',
  runVolume: 'logstack-dag-sync-run',
  readyFile: '/run/logstack/ready',
} as const;

/** Values of the umbrella chart's own `dagSync:` section (the CronJob template reads them). */
export interface ChartDagSyncValues {
  mode: DagSync['mode'];
  image: DagSync['image'];
  packagesRoot: string;
  dagsDir: string;
  schedule: string;
  sharedVolumeClaim: string;
  resources: DagSync['resources'];
  runAsUser: number;
}

/**
 * What DAG sync adds to the umbrella values: `airflow` is a fragment for the official Airflow
 * chart (init containers or native sidecars on the scheduler, dag-processor and worker pods, or
 * the shared DAG volume for cronJob), `dagSync` the chart's own section.
 */
export function dagSyncValues(model: Pick<LogstackModel, 'dagSync'>): {
  airflow: Record<string, unknown>;
  dagSync: ChartDagSyncValues;
} {
  const ds = model.dagSync;
  const dagSync: ChartDagSyncValues = {
    mode: ds.mode,
    image: ds.image,
    packagesRoot: ds.packagesRoot,
    dagsDir: ds.dagsDir,
    schedule: ds.mode === 'cronJob' ? intervalToCron(ds.interval) : '*/5 * * * *',
    sharedVolumeClaim: ds.sharedVolumeClaim,
    resources: ds.resources,
    runAsUser: ds.runAsUser,
  };
  return { airflow: airflowFragment(ds), dagSync };
}

function airflowFragment(ds: DagSync): Record<string, unknown> {
  if (ds.mode === 'none') return {};
  if (ds.mode === 'cronJob')
    return {
      dags: {
        persistence: { enabled: true, existingClaim: ds.sharedVolumeClaim, accessMode: 'ReadWriteMany' },
      },
    };
  const dagsVolume = { name: DAG_SYNC_NAMES.dagsVolume, emptyDir: { sizeLimit: '256Mi' } };
  // Airflow only reads the folder; dag-sync is the only writer.
  const readMount = { name: DAG_SYNC_NAMES.dagsVolume, mountPath: ds.dagsDir, readOnly: true };
  const once = syncContainer(ds, false);
  if (ds.mode === 'initContainer') {
    const pod = { extraInitContainers: [once], extraVolumes: [dagsVolume], extraVolumeMounts: [readMount] };
    return { scheduler: pod, dagProcessor: pod, workers: pod };
  }
  const runVolume = { name: DAG_SYNC_NAMES.runVolume, emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } };
  const loop = {
    extraInitContainers: [syncContainer(ds, true)],
    extraVolumes: [dagsVolume, runVolume],
    extraVolumeMounts: [readMount],
  };
  // A task pod runs one task: the files synced once at its start are the ones it needs.
  const worker = { extraInitContainers: [once], extraVolumes: [dagsVolume], extraVolumeMounts: [readMount] };
  return { scheduler: loop, dagProcessor: loop, workers: worker };
}

/** The dag-sync container: once (init container) or as a native sidecar loop. */
function syncContainer(ds: DagSync, loop: boolean): Record<string, unknown> {
  const args = ['dags', 'sync', '--exit-status', 'errors'];
  if (loop) args.push('--interval', ds.interval, '--ready-file', DAG_SYNC_NAMES.readyFile);
  return {
    name: DAG_SYNC_NAMES.container,
    image: imageRef(ds.image),
    imagePullPolicy: ds.image.pullPolicy,
    command: ['logstack'],
    args,
    env: [
      { name: 'ETL_PACKAGES_ROOT', value: ds.packagesRoot },
      { name: 'AIRFLOW_DAGS_DIR', value: ds.dagsDir },
      ...nodeOptions(ds),
    ],
    ...(loop ? { restartPolicy: 'Always' } : {}),
    resources: ds.resources,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: ds.runAsUser,
      runAsGroup: 0,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: [
      { name: DAG_SYNC_NAMES.dagsVolume, mountPath: ds.dagsDir },
      ...(loop ? [{ name: DAG_SYNC_NAMES.runVolume, mountPath: '/run/logstack' }] : []),
    ],
    // The main container starts only once the first cycle has written the DAG folder.
    ...(loop
      ? {
          startupProbe: {
            exec: { command: ['test', '-f', DAG_SYNC_NAMES.readyFile] },
            periodSeconds: 2,
            failureThreshold: 150,
          },
        }
      : {}),
  };
}

/**
 * Node.js does not size its heap from the container's memory limit: without a cap it grows past
 * the limit and the container is OOM-killed instead of collecting garbage. 75% of the limit leaves
 * room for Node.js itself (about 60Mi).
 */
function nodeOptions(ds: DagSync): { name: string; value: string }[] {
  const limit = ds.resources.limits?.memory;
  if (!limit) return [];
  const heapMiB = Math.floor((memoryBytes(limit) * 0.75) / 2 ** 20);
  return [{ name: 'NODE_OPTIONS', value: `--max-old-space-size=${heapMiB}` }];
}

/** A CronJob schedule for an interval: whole minutes dividing an hour, or whole hours dividing a day. */
export function intervalToCron(interval: string): string {
  const s = durationSeconds(interval);
  const m = s / 60;
  const h = s / 3600;
  if (Number.isInteger(m) && m < 60 && 60 % m === 0) return m === 1 ? '* * * * *' : `*/${m} * * * *`;
  if (Number.isInteger(h) && h < 24 && 24 % h === 0) return h === 1 ? '0 * * * *' : `0 */${h} * * *`;
  if (h === 24) return '0 0 * * *';
  throw new Error(
    `dagSync.interval ${interval} has no CronJob schedule: use whole minutes that divide an hour (1m, 5m, 15m, 30m) or whole hours that divide a day (1h, 2h, 6h, 24h)`,
  );
}
