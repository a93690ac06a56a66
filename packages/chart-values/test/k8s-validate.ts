import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1';
import {
  PodMonitor,
  PrometheusRule,
  ServiceMonitor,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { toYaml } from '@logstack/artifact';
import { Ajv } from 'ajv';
import type { K8sObject } from '../src/index.js';
import { kubeValidateFiles } from './full-render-kit.js';

type Json = Record<string, unknown>;

/** The API server's strict field validation: unknown fields are errors unless a schema keeps them. */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (!schema || typeof schema !== 'object') return schema;
  const s = Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as Json).map(([p, x]) => [p, strict(x)]))
        : strict(v),
    ]),
  ) as Json;
  if (s.properties && s.additionalProperties === undefined && !s['x-kubernetes-preserve-unknown-fields'])
    s.additionalProperties = false;
  return s;
}

const vendored = (file: string) =>
  new Ajv({ strict: false, allErrors: true }).compile(
    strict(JSON.parse(readFileSync(join(import.meta.dirname, 'crd-schemas', file), 'utf8'))) as Json,
  );
const obc = vendored('objectbucket.io_v1alpha1_objectbucketclaim.json');

/** Validators of the custom resources the chart renders, by apiVersion/kind. */
const CRDS: Record<string, (o: K8sObject) => string[]> = {
  'external-secrets.io/v1/ExternalSecret': (o) =>
    modelErrors(() => new ExternalSecret(o as never).validate()),
  'monitoring.coreos.com/v1/ServiceMonitor': (o) =>
    modelErrors(() => new ServiceMonitor(o as never).validate()),
  'monitoring.coreos.com/v1/PodMonitor': (o) => modelErrors(() => new PodMonitor(o as never).validate()),
  'monitoring.coreos.com/v1/PrometheusRule': (o) =>
    modelErrors(() => new PrometheusRule(o as never).validate()),
  'objectbucket.io/v1alpha1/ObjectBucketClaim': (o) =>
    obc(o) ? [] : (obc.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`),
};

function modelErrors(fn: () => void): string[] {
  try {
    fn();
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}

export const isCustom = (o: K8sObject) =>
  !/^(v1|apps\/v1|batch\/v1|rbac\.authorization\.k8s\.io\/v1|policy\/v1|networking\.k8s\.io\/v1)$/.test(
    o.apiVersion,
  );

/** Errors of custom resources against their CRD schemas; an unknown custom kind is an error too. */
export function crdErrors(objects: K8sObject[]): string[] {
  return objects.filter(isCustom).flatMap((o) => {
    const check = CRDS[`${o.apiVersion}/${o.kind}`];
    const where = `${o.kind}/${o.metadata.name}`;
    return check
      ? check(o).map((e) => `${where}: ${e}`)
      : [`${where}: no CRD schema known for ${o.apiVersion}`];
  });
}

/** kubernetes-validate --strict over the core objects, in one run; returns its failures. */
export function coreSchemaErrors(objects: K8sObject[], dir: string, kubeVersion = '1.33.0'): string[] {
  const core = objects.filter((o) => !isCustom(o));
  if (!core.length) return [];
  const file = join(dir, 'core.yaml');
  writeFileSync(file, core.map((o) => toYaml(o)).join('---\n'));
  return kubeValidateFiles([file], kubeVersion);
}
