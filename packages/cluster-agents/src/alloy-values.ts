import { escapeFor } from '@logstack/helm-escape';
import type { LogstackModel } from '@logstack/spec';
import { alloyConfig } from './alloy-config.js';
import { alloyRbacValues } from './alloy-rbac.js';
import { AGENT_LAYOUT } from './layout.js';
import { credentialsVolume, lokiTarget } from './loki-target.js';
import {
  AGENT_POD_SECURITY_CONTEXT,
  AGENT_SECURITY_CONTEXT,
  agentResources,
  agentTolerations,
} from './security.js';

/**
 * The `alloy:` section of the umbrella's values (grafana `alloy` chart 1.11.1). Every key is that
 * chart's own (tested against its values.yaml). `enabled` is the umbrella's condition and is set
 * by chart-values, not here.
 */
export function alloyValues(model: LogstackModel): Record<string, unknown> {
  const credentials = credentialsVolume(lokiTarget(model));
  const { storageDir, storageVolume } = AGENT_LAYOUT.alloy;
  return {
    rbac: { create: true, ...alloyRbacValues(model) },
    // No PodLogs CRD: this config does not use it.
    crds: { create: false },
    // The Alloy chart takes the pod's security context from its `global` section only.
    global: { podSecurityContext: structuredClone(AGENT_POD_SECURITY_CONTEXT) },
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
      // The chart sets only a readiness probe. /-/ready, not /-/healthy: a component that is
      // unhealthy because Loki is down must not restart Alloy (its positions survive, but the
      // restart loop would not help).
      livenessProbe: {
        httpGet: { path: '/-/ready', port: AGENT_LAYOUT.alloy.httpPort },
        initialDelaySeconds: 30,
        periodSeconds: 30,
        timeoutSeconds: 5,
        failureThreshold: 5,
      },
    },
    // The config reloader sidecar: the chart's requests, and limits so one node agent cannot take
    // a node's memory. Not measured here: it only watches the ConfigMap and calls Alloy's reload.
    configReloader: {
      resources: { requests: { cpu: '10m', memory: '50Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
    },
  };
}
