import {
  type LogstackModel,
  limitsBelowRequests,
  type SemanticCheck,
  type SemanticIssue,
} from '@logstack/spec';
import { invalidRequirement } from './label-selector.js';
import { clusterAgentStreamFields } from './stream-fields.js';
import { vectorVersionOfTag } from './vector-version.js';

const selector: SemanticCheck = (m) => {
  if (m.clusterAgent.type !== 'vector-agent') return [];
  const value = m.clusterAgent.vectorAgent.podLabelSelector;
  const bad = invalidRequirement(value);
  if (bad === undefined) return [];
  return [
    {
      code: 'clusterAgent.selector-invalid',
      pointer: '/clusterAgent/vectorAgent/podLabelSelector',
      value,
      message: bad.trim()
        ? `"${bad}" is not a Kubernetes label selector requirement`
        : 'the pod label selector is empty: the agent would ship every pod of the node',
      allowed:
        'a label selector as kubectl -l takes it, for example kubernetes_executor=True or app in (a,b)',
      hint: 'keep the default kubernetes_executor=True to ship the stdout of Airflow task pods',
    },
  ];
};

const resources: SemanticCheck = (m) =>
  limitsBelowRequests(
    m.clusterAgent.resources,
    '/clusterAgent/resources',
    'clusterAgent.limits-below-requests',
  );

const vectorImage: SemanticCheck = (m) => {
  if (m.clusterAgent.type !== 'vector-agent') return [];
  const { tag } = m.clusterAgent.vectorAgent.image;
  if (vectorVersionOfTag(tag)) return [];
  return [
    {
      code: 'clusterAgent.vector-version-unknown',
      pointer: '/clusterAgent/vectorAgent/image/tag',
      value: tag,
      message: `the Vector version of tag "${tag}" is unknown, so the Loki sink cannot be matched to it (Vector 0.57 confines label templates)`,
      allowed: 'a versioned tag such as 0.56.0-distroless-libc or 0.57.1-alpine',
    },
  ];
};

// Directories a hostPath of the agent must not be in (or be): the log mount itself, the node's
// system directories and the kubelet's state.
const FORBIDDEN_HOST_DIRS = [
  '/var/log',
  '/etc',
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/run',
  '/var/run',
  '/var/lib/kubelet',
  '/var/lib/containerd',
  '/var/lib/docker',
];

function hostPathIssue(pointer: string, path: string): SemanticIssue[] {
  const normal = path.replace(/\/+$/, '') || '/';
  const segments = normal.split('/');
  const clash =
    normal === '/' || segments.includes('..')
      ? normal
      : FORBIDDEN_HOST_DIRS.find((d) => normal === d || normal.startsWith(`${d}/`));
  if (!clash) return [];
  return [
    {
      code: 'clusterAgent.host-path-unsafe',
      pointer,
      value: path,
      message: `the agent would write into ${clash === normal ? path : `${clash} (${path})`} on every node`,
      allowed:
        'a directory of its own, for example /var/lib/<agent-name>, outside /var/log and the system directories',
    },
  ];
}

const hostPaths: SemanticCheck = (m) => {
  const a = m.clusterAgent;
  if (a.type === 'alloy')
    return hostPathIssue('/clusterAgent/alloy/storageHostPath', a.alloy.storageHostPath);
  if (a.type === 'vector-agent' && a.vectorAgent.bufferVolume === 'hostPath')
    return hostPathIssue('/clusterAgent/vectorAgent/hostPath', a.vectorAgent.hostPath);
  return [];
};

const labelClash: SemanticCheck = (m: LogstackModel) => {
  const fields = clusterAgentStreamFields(m);
  if (!fields) return [];
  return Object.keys(m.loki.staticLabels)
    .filter((name) => fields.labels.includes(name))
    .map((name) => ({
      code: 'clusterAgent.static-label-clash',
      pointer: `/loki/staticLabels/${name}`,
      value: name,
      message: `static label "${name}" has the name of a label the ${fields.agent} agent sets on cluster logs`,
      allowed: `names other than ${fields.labels.join(', ')}`,
    }));
};

/** Semantic checks of clusterAgent beyond the schema (the schema already enforces the buffer minimum and the agent names). */
export const clusterAgentChecks: SemanticCheck[] = [selector, resources, vectorImage, hostPaths, labelClash];
