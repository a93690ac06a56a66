import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HELM_MAJORS } from '../src/index.js';
import { defaultsRender, find, objectsOf, specRender } from './full-renders.js';
import { type Deep, exampleVariant } from './helpers.js';

// A node agent kept off tainted nodes (GPU pools, dedicated or control-plane nodes) silently loses
// the logs of every pod there.

const agent = (objects: Deep[], name: string): Deep => {
  const ds = find(objects, 'DaemonSet').find((d) => d.metadata.labels?.['app.kubernetes.io/name'] === name);
  assert.ok(ds, `the ${name} DaemonSet is in the render`);
  return ds;
};

for (const helm of HELM_MAJORS) {
  test(`${helm}: Alloy and the Vector agent tolerate every taint by default`, () => {
    assert.equal(agent(objectsOf(helm, defaultsRender()), 'alloy').spec.template.spec.tolerations, [
      { operator: 'Exists' },
    ]);
    const vector = exampleVariant('minimal', { clusterAgent: { type: 'vector-agent' } });
    assert.equal(agent(objectsOf(helm, specRender(vector)), 'vector').spec.template.spec.tolerations, [
      { operator: 'Exists' },
    ]);
  });

  test(`${helm}: clusterAgent.tolerateAllTaints false keeps the agent off tainted nodes`, () => {
    const model = exampleVariant('minimal', { clusterAgent: { tolerateAllTaints: false } });
    const tolerations = agent(objectsOf(helm, specRender(model)), 'alloy').spec.template.spec.tolerations;
    assert.ok(tolerations === undefined || tolerations.length === 0, JSON.stringify(tolerations));
  });
}

test.run();
