import { escapeValuesFor } from '@logstack/helm-escape';
import type { LogstackModel } from '@logstack/spec';
import { AGENT_LAYOUT } from './layout.js';
import { credentialsVolume, lokiTarget } from './loki-target.js';
import {
  AGENT_POD_SECURITY_CONTEXT,
  AGENT_SECURITY_CONTEXT,
  agentResources,
  agentTolerations,
} from './security.js';
import { vectorAgentConfig } from './vector-agent-config.js';
import { hasGrpcHealth, vectorVersionOfTag } from './vector-version.js';

/**
 * The `vector:` section of the umbrella's values (vector chart 0.57.0, role Agent). Every key is
 * that chart's own (tested against its values.yaml). `enabled` is the umbrella's condition and is
 * set by chart-values, not here.
 */
export function vectorAgentValues(model: LogstackModel): Record<string, unknown> {
  const agent = model.clusterAgent.vectorAgent;
  const credentials = credentialsVolume(lokiTarget(model));
  const version = vectorVersionOfTag(agent.image.tag);
  const probe =
    version && !hasGrpcHealth(version)
      ? { httpGet: { path: '/health', port: AGENT_LAYOUT.vector.apiPort } }
      : { grpc: { port: AGENT_LAYOUT.vector.apiPort } };
  return {
    role: 'Agent',
    image: { repository: agent.image.repository, tag: agent.image.tag, pullPolicy: agent.image.pullPolicy },
    // The chart renders customConfig with toYaml then one `tpl`: Vector's own {{ field }}
    // templates must come out of it as written.
    customConfig: escapeValuesFor('vectorCustomConfig', vectorAgentConfig(model)),
    // An Agent has no listening source, so the Service would have no ports (an invalid object).
    service: { enabled: false },
    serviceHeadless: { enabled: false },
    podSecurityContext: structuredClone(AGENT_POD_SECURITY_CONTEXT),
    securityContext: structuredClone(AGENT_SECURITY_CONTEXT),
    resources: agentResources(model),
    tolerations: agentTolerations(model),
    livenessProbe: probe,
    readinessProbe: probe,
    // The disk buffer lives in data_dir, which the chart mounts from the `data` volume: a hostPath
    // keeps it across pod restarts on the node; disabled, the chart uses an emptyDir.
    persistence: {
      hostPath: { enabled: agent.bufferVolume === 'hostPath', path: agent.hostPath },
    },
    // Only /var/log, read-only: the chart's defaults also mount /var/lib, /proc and /sys for
    // host metrics, which this config does not collect.
    defaultVolumes: [{ name: 'var-log', hostPath: { path: '/var/log/' } }],
    defaultVolumeMounts: [{ name: 'var-log', mountPath: '/var/log/', readOnly: true }],
    extraVolumes: credentials ? [credentials.volume] : [],
    extraVolumeMounts: credentials ? [credentials.mount] : [],
  };
}
