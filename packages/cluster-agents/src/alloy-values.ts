import { escapeFor } from '@logstack/helm-escape';
import type { LogstackModel } from '@logstack/spec';
import { alloyConfig } from './alloy-config.js';
import { AGENT_LAYOUT } from './layout.js';
import { credentialsVolume, lokiTarget } from './loki-target.js';
import { AGENT_SECURITY_CONTEXT, agentResources, agentTolerations } from './security.js';

const verbs = ['get', 'list', 'watch'];

/**
 * The `alloy:` section of the umbrella's values (grafana `alloy` chart 1.11.1). Every key is that
 * chart's own (tested against its values.yaml). `enabled` is the umbrella's condition and is set
 * by chart-values, not here.
 */
export function alloyValues(model: LogstackModel): Record<string, unknown> {
  const credentials = credentialsVolume(lokiTarget(model));
  const { storageDir, storageVolume } = AGENT_LAYOUT.alloy;
  return {
    // Only the rules this config needs: pod discovery, and events when they are shipped. The chart's
    // defaults also grant secrets, configmaps, nodes and the monitoring CRDs.
    rbac: {
      create: true,
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs },
        ...(model.clusterAgent.events ? [{ apiGroups: [''], resources: ['events'], verbs }] : []),
      ],
      clusterRules: [],
    },
    // No PodLogs CRD: this config does not use it.
    crds: { create: false },
    controller: {
      type: 'daemonset',
      tolerations: agentTolerations(model),
      volumes: {
        extra: [
          {
            name: storageVolume,
            hostPath: { path: model.clusterAgent.alloy.storageHostPath, type: 'DirectoryOrCreate' },
          },
          ...(credentials ? [credentials.volume] : []),
        ],
      },
    },
    alloy: {
      configMap: {
        create: true,
        // One `tpl` pass in the chart's configmap.yaml: the Go templates of loki.process stages
        // must come out of it as written.
        content: escapeFor('alloyConfigMapContent', alloyConfig(model)),
      },
      // Clustering only elects the one pod that reads Kubernetes events.
      clustering: { enabled: model.clusterAgent.events },
      storagePath: storageDir,
      enableReporting: false,
      mounts: {
        varlog: true,
        dockercontainers: false,
        extra: [{ name: storageVolume, mountPath: storageDir }, ...(credentials ? [credentials.mount] : [])],
      },
      securityContext: structuredClone(AGENT_SECURITY_CONTEXT),
      resources: agentResources(model),
    },
  };
}
