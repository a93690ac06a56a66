import type { SemanticCheck } from '@logstack/spec';

/**
 * The sidecar is built around KubernetesExecutor task pods: one task attempt, an emptyDir logs
 * volume and Vector's checkpoints next to it, both gone with the pod. A Celery worker runs many
 * tasks on a persistent logs volume (the chart's workers.persistence, on by default): after a
 * restart, Vector would need checkpoints kept on that volume, and its device-and-inode fingerprints
 * change whenever the volume is mounted again (another node, another device number), so every old
 * file would be shipped again. The chart's workers.terminationGracePeriodSeconds is also the Celery
 * warm-shutdown time, which the sidecar's grace period would cut.
 */
export const executorSupported: SemanticCheck = (m) =>
  m.airflow.executor === 'KubernetesExecutor'
    ? []
    : [
        {
          code: 'airflow.executor-unsupported',
          pointer: '/airflow/executor',
          value: m.airflow.executor,
          message: `the task-log sidecar supports KubernetesExecutor task pods only: Celery workers keep task logs on a persistent volume, which the sidecar would ship again after every restart, and its grace period would cut their warm shutdown`,
          allowed: 'KubernetesExecutor',
          hint: 'set airflow.executor to KubernetesExecutor',
        },
      ];
