import type { LogstackModel } from '@logstack/spec';

/**
 * The container security context of both agents. They run as uid 0 only because the runtime's log
 * files under /var/log/pods are root-owned (0640); every capability is dropped (the owner needs
 * none to read its own files), the root filesystem is read-only and privilege escalation is off.
 */
export const AGENT_SECURITY_CONTEXT = {
  runAsUser: 0,
  runAsGroup: 0,
  runAsNonRoot: false,
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

export const agentResources = (model: LogstackModel) => ({
  requests: { ...model.clusterAgent.resources.requests },
  limits: { ...model.clusterAgent.resources.limits },
});

/** The agents' pod security context: the runtime's default seccomp profile for every container. */
export const AGENT_POD_SECURITY_CONTEXT = { seccompProfile: { type: 'RuntimeDefault' } } as const;

/** Every taint tolerated: a node agent that skips tainted nodes loses the logs of the pods there. */
export const agentTolerations = (model: LogstackModel): Array<Record<string, string>> =>
  model.clusterAgent.tolerateAllTaints ? [{ operator: 'Exists' }] : [];
