import type { V1ConfigMap } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { describeFailure, HttpFailure } from './http.js';
import type { LoadedRule } from './loki.js';
import { check, plural } from './result.js';
import type { CheckResult } from './types.js';

export function checkLokiRules(loaded: LoadedRule[] | Error, expected: string[]): CheckResult {
  if (loaded instanceof Error) {
    if (loaded instanceof HttpFailure && loaded.status === 404)
      return check(
        'loki-rules',
        'fail',
        'the ruler API is not served (/prometheus/api/v1/rules answered 404): the Loki ruler is off',
        [loaded.url],
      );
    return check('loki-rules', 'fail', describeFailure(loaded, 'Loki ruler'));
  }
  if (!expected.length)
    return check(
      'loki-rules',
      'skip',
      'the spec has no Loki ruler alerts (grafana.alerts off, or no cluster agent to read the scheduler)',
    );
  const byName = new Map(loaded.map((r) => [r.name, r]));
  const missing = expected.filter((n) => !byName.has(n));
  const unhealthy = expected.flatMap((n) => {
    const r = byName.get(n);
    return r && r.health === 'err' ? [`${n}: ${r.lastError}`] : [];
  });
  const found = expected
    .filter((n) => byName.has(n))
    .map((n) => `${n} (group ${byName.get(n)?.group}, health ${byName.get(n)?.health})`);
  if (missing.length || unhealthy.length)
    return check(
      'loki-rules',
      'fail',
      `${missing.length ? `${plural(missing.length, 'alert')} not loaded: ${missing.join(', ')}` : ''}${missing.length && unhealthy.length ? '; ' : ''}${unhealthy.length ? `${plural(unhealthy.length, 'alert')} failing to evaluate` : ''}`,
      [...unhealthy, ...found, `the ruler has ${plural(loaded.length, 'rule')} in all`],
    );
  return check(
    'loki-rules',
    'pass',
    `the ruler runs all ${plural(expected.length, 'alert')} of the spec`,
    found,
  );
}

/** Finds the Loki datasource with the spec's uid in ConfigMaps carrying the Grafana sidecar's label. */
export function checkGrafanaDatasource(
  maps: V1ConfigMap[] | Error,
  label: string,
  namespace: string,
  uid: string,
): CheckResult {
  if (maps instanceof Error)
    return check('grafana-datasource', 'fail', `cannot list ConfigMaps: ${maps.message}`);
  for (const cm of maps)
    for (const [key, text] of Object.entries(cm.data ?? {})) {
      let doc: { datasources?: Array<{ uid?: string; type?: string; url?: string }> } | undefined;
      try {
        doc = parse(text);
      } catch {
        continue;
      }
      const ds = doc?.datasources?.find((d) => d.uid === uid);
      if (ds)
        return check(
          'grafana-datasource',
          'pass',
          `ConfigMap ${namespace}/${cm.metadata?.name} key ${key} provisions ${ds.type} datasource ${uid}`,
          [`url ${ds.url ?? '(none)'}`],
        );
    }
  return check(
    'grafana-datasource',
    'fail',
    `no ConfigMap in ${namespace} with label ${label} provisions datasource uid ${uid}`,
    maps.map((cm) => `labelled but without it: ${cm.metadata?.name}`),
  );
}
