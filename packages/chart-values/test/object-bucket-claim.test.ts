import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { HELM_MAJORS } from '../src/index.js';
import { defaultsRender, find, objectsOf, specRender } from './full-renders.js';
import { type Deep, exampleModel, exampleVariant } from './helpers.js';

// Deleting an ObjectBucketClaim makes the provisioner delete its bucket: `helm uninstall` must
// leave the claim (and every log in the bucket) where it is.

const claimOf = (objects: Deep[]): Deep => {
  const claims = find(objects, 'ObjectBucketClaim');
  assert.is(claims.length, 1, 'one ObjectBucketClaim');
  return claims[0] as Deep;
};

for (const helm of HELM_MAJORS) {
  test(`${helm}: the claim of the chart defaults and of the complete example survives helm uninstall`, () => {
    for (const opts of [defaultsRender(), specRender(exampleModel('complete'))]) {
      const claim = claimOf(objectsOf(helm, opts));
      assert.is(claim.metadata.annotations?.['helm.sh/resource-policy'], 'keep');
      assert.is(claim.spec.generateBucketName, 'loki');
      assert.is(claim.spec.bucketName, undefined);
    }
  });

  test(`${helm}: storage.objectBucketClaim.bucketName gives the bucket a fixed name instead of a generated one`, () => {
    const model = exampleVariant('minimal', {
      storage: { objectBucketClaim: { storageClassName: 'ceph-bucket', bucketName: 'airflow-task-logs' } },
    });
    const claim = claimOf(objectsOf(helm, specRender(model)));
    assert.is(claim.spec.bucketName, 'airflow-task-logs');
    assert.is(claim.spec.generateBucketName, undefined, 'one of the two, never both');
    assert.is(claim.metadata.annotations?.['helm.sh/resource-policy'], 'keep');
  });
}

test.run();
