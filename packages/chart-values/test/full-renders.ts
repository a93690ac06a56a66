import { toYaml } from '@logstack/artifact';
import type { LogstackModel } from '@logstack/spec';
import {
  chartValues,
  defaultModel,
  HelmError,
  type HelmMajor,
  type K8sObject,
  type RenderOptions,
  renderFullChart,
} from '../src/index.js';
import type { Deep } from './helpers.js';

/** Clusters with the Prometheus Operator: the monitors are rendered (and Prometheus is a Loki client). */
export const MONITORING = ['monitoring.coreos.com/v1'];

/** The values and namespace a spec's generated values.yaml is installed with. */
export const specRender = (model: LogstackModel): RenderOptions => ({
  values: [toYaml(chartValues(model))],
  namespace: model.airflow.namespace,
  apiVersions: MONITORING,
});

/** The chart defaults, as `helm install` without -f gives them. */
export const defaultsRender = (): RenderOptions => ({
  namespace: defaultModel().airflow.namespace,
  apiVersions: MONITORING,
});

const cache = new Map<string, K8sObject[] | HelmError>();

/**
 * The whole umbrella (subcharts included) rendered once per Helm major and input for every test
 * file of this package that asks for it; a Helm failure is returned, not thrown.
 */
export function fullRender(helm: HelmMajor, opts: RenderOptions): K8sObject[] | HelmError {
  const key = JSON.stringify([helm, opts]);
  let hit = cache.get(key);
  if (!hit) {
    try {
      hit = renderFullChart({ ...opts, helm });
    } catch (e) {
      if (!(e instanceof HelmError)) throw e;
      hit = e;
    }
    cache.set(key, hit);
  }
  return hit;
}

/** The objects of a render that must succeed. */
export function objectsOf(helm: HelmMajor, opts: RenderOptions): Deep[] {
  const r = fullRender(helm, opts);
  if (r instanceof HelmError) throw r;
  return r as Deep[];
}

export const find = (objects: Deep[], kind: string, name?: string | RegExp): Deep[] =>
  objects.filter(
    (o) =>
      o.kind === kind &&
      (name === undefined ||
        (typeof name === 'string' ? o.metadata.name === name : name.test(o.metadata.name))),
  );

/** Pod template metadata labels of every workload in a render, by "Kind/name". */
export function podLabels(objects: Deep[]): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const o of objects) {
    const template = o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template;
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(o.kind) && template)
      out.set(`${o.kind}/${o.metadata.name}`, template.metadata?.labels ?? {});
  }
  return out;
}
