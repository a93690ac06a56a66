import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alloyRbacRules, alloyValues, vectorAgentValues } from '../src/index.js';
import { completeModel, model, upstreamValues } from './helpers.js';

type SecurityContext = Record<string, unknown>;
interface AlloyFragment {
  alloy: {
    securityContext: SecurityContext;
    mounts: { varlog: boolean; extra: unknown[] };
    storagePath: string;
  };
  controller: { type: string };
  rbac: {
    rules: Array<{ resources: string[]; verbs: string[] }>;
    clusterRules: Array<{ resources: string[] }>;
  };
  crds: { create: boolean };
}
interface VectorFragment {
  securityContext: SecurityContext;
  defaultVolumeMounts: unknown[];
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Keys of `mine` that the chart's own values.yaml does not have, or has with another type. An
 * empty map or a null upstream is free-form (securityContext: {}, tag: null); lists are not entered.
 */
function unknownKeys(mine: Record<string, unknown>, upstream: Record<string, unknown>, path = ''): string[] {
  return Object.entries(mine).flatMap(([key, value]) => {
    const at = `${path}${key}`;
    if (!(key in upstream)) return [`${at} (no such key)`];
    // A container's resources are Kubernetes' ResourceRequirements, whatever keys the default shows.
    if (key === 'resources') return isMap(value) ? [] : [`${at} (a map upstream)`];
    const u = upstream[key];
    if (u === null || u === undefined) return [];
    if (isMap(u)) {
      if (!isMap(value)) return [`${at} (a map upstream)`];
      return Object.keys(u).length ? unknownKeys(value, u, `${at}.`) : [];
    }
    if (Array.isArray(u)) return Array.isArray(value) ? [] : [`${at} (a list upstream)`];
    return typeof value === typeof u ? [] : [`${at} (a ${typeof u} upstream)`];
  });
}

const models = () => {
  const complete = completeModel();
  const auth = model(
    'loki:\n  auth:\n    type: bearer\n    allowPlainHttp: true\n    tokenSecret: { name: t, key: token }\n  tls:\n    caSecret: { name: ca, key: ca.crt }\n',
  );
  return [complete, auth, model('clusterAgent:\n  events: false\n')];
};

test('Values - the checker itself reports unknown keys and wrong types', () => {
  const upstream = { a: { b: 1, free: {} }, list: [], tag: null };
  assert.equal(unknownKeys({ a: { b: 2, free: { anything: true } }, list: [1], tag: 'x' }, upstream), []);
  assert.equal(unknownKeys({ a: { c: 1 }, list: {}, z: 1 }, upstream), [
    'a.c (no such key)',
    'list (a list upstream)',
    'z (no such key)',
  ]);
  assert.equal(unknownKeys({ a: { b: '1' } }, upstream), ['a.b (a number upstream)']);
});

test('Values - every key of the alloy fragment is the Alloy chart 1.11.1 own', () => {
  const upstream = upstreamValues('alloy');
  for (const m of models()) assert.equal(unknownKeys(alloyValues(m), upstream), []);
});

test('Values - every key of the vector fragment is the vector chart 0.57.0 own', () => {
  const upstream = upstreamValues('vector');
  for (const m of models()) {
    const agent = { ...m, clusterAgent: { ...m.clusterAgent, type: 'vector-agent' as const } };
    assert.equal(unknownKeys(vectorAgentValues(agent), upstream), []);
  }
});

test('Values - agents run read-only with no capabilities, Alloy with only the RBAC it needs', () => {
  const alloy = alloyValues(completeModel()) as unknown as AlloyFragment;
  for (const sc of [
    alloy.alloy.securityContext,
    (vectorAgentValues(completeModel()) as unknown as VectorFragment).securityContext,
  ]) {
    assert.is(sc.readOnlyRootFilesystem, true);
    assert.is(sc.allowPrivilegeEscalation, false);
    assert.equal(sc.capabilities, { drop: ['ALL'] });
    assert.equal(sc.seccompProfile, { type: 'RuntimeDefault' });
  }
  assert.is(alloy.alloy.mounts.varlog, true);
  assert.is(alloy.controller.type, 'daemonset');
  for (const rule of alloy.rbac.rules) assert.equal(rule.verbs, ['get', 'list', 'watch']);
  assert.is(alloy.crds.create, false);
  // The agent writes only to its storage; the chart mounts /var/log read-only itself.
  assert.equal(alloy.alloy.mounts.extra[0], {
    name: 'logstack-alloy-storage',
    mountPath: alloy.alloy.storagePath,
  });
  const vector = vectorAgentValues(completeModel()) as unknown as VectorFragment;
  assert.equal(vector.defaultVolumeMounts, [{ name: 'var-log', mountPath: '/var/log/', readOnly: true }]);
});

test('Values - Alloy RBAC: both chart lists non-empty (its rbac.yaml breaks on an empty one), together exactly what the config needs', () => {
  for (const m of models()) {
    const { rules, clusterRules } = (alloyValues(m) as unknown as AlloyFragment).rbac;
    assert.ok(rules.length > 0 && clusterRules.length > 0, 'both lists non-empty');
    const granted = new Set([...rules, ...clusterRules].map((r) => JSON.stringify(r)));
    assert.equal(
      [...granted].sort(),
      alloyRbacRules(m)
        .map((r) => JSON.stringify(r))
        .sort(),
    );
  }
  const resources = (m: ReturnType<typeof model>) => alloyRbacRules(m).flatMap((r) => r.resources);
  assert.equal(resources(completeModel()), ['pods', 'events']);
  assert.equal(resources(model('clusterAgent:\n  events: false\n')), ['pods']);
});

test.run();
