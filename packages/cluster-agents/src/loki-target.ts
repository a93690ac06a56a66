import { inChartLokiUrl, type LogstackModel, type SecretKeyRefModel } from '@logstack/spec';
import { AGENT_LAYOUT } from './layout.js';

type CredentialFile = keyof typeof AGENT_LAYOUT.credentialFiles;

/** Where the agents push and with which credentials: file paths only, the values stay in Secrets. */
export interface LokiTarget {
  /** Base URL without a trailing slash (Vector's loki sink appends the push path itself). */
  baseUrl: string;
  pushUrl: string;
  tenant: string;
  auth:
    | { type: 'none' }
    | { type: 'basic'; usernameFile: string; passwordFile: string }
    | { type: 'bearer'; tokenFile: string };
  tls: { caFile?: string; certFile?: string; keyFile?: string; insecureSkipVerify: boolean };
  /** Each Secret key and the file name it is projected to inside AGENT_LAYOUT.credentialsDir. */
  files: Array<{ ref: SecretKeyRefModel; file: string }>;
}

const pathOf = (f: CredentialFile) => `${AGENT_LAYOUT.credentialsDir}/${AGENT_LAYOUT.credentialFiles[f]}`;

export function lokiTarget(model: LogstackModel): LokiTarget {
  const { loki } = model;
  const baseUrl = (loki.mode === 'external' && loki.pushUrl ? loki.pushUrl : inChartLokiUrl(model)).replace(
    /\/+$/,
    '',
  );
  const files: LokiTarget['files'] = [];
  const use = (ref: SecretKeyRefModel | undefined, f: CredentialFile): string | undefined => {
    if (!ref) return undefined;
    files.push({ ref, file: AGENT_LAYOUT.credentialFiles[f] });
    return pathOf(f);
  };
  const a = loki.auth;
  let auth: LokiTarget['auth'] = { type: 'none' };
  if (a.type === 'basic') {
    const usernameFile = use(a.usernameSecret, 'username');
    const passwordFile = use(a.passwordSecret, 'password');
    // The spec's own check (loki.auth-incomplete) rejects basic auth without both references.
    if (usernameFile && passwordFile) auth = { type: 'basic', usernameFile, passwordFile };
  } else if (a.type === 'bearer') {
    const tokenFile = use(a.tokenSecret, 'token');
    if (tokenFile) auth = { type: 'bearer', tokenFile };
  }
  const caFile = use(loki.tls.caSecret, 'ca');
  const certFile = use(loki.tls.clientCertSecret, 'cert');
  const keyFile = use(loki.tls.clientKeySecret, 'key');
  return {
    baseUrl,
    pushUrl: `${baseUrl}${AGENT_LAYOUT.pushPath}`,
    tenant: loki.tenant,
    auth,
    tls: {
      ...(caFile ? { caFile } : {}),
      ...(certFile ? { certFile } : {}),
      ...(keyFile ? { keyFile } : {}),
      insecureSkipVerify: loki.tls.insecureSkipVerify,
    },
    files,
  };
}

/**
 * One projected volume holding every credential file, mounted read-only. Undefined when the spec
 * names no Secret. defaultMode 0440: readable by the agent's user and group only.
 */
export function credentialsVolume(
  target: LokiTarget,
): { volume: Record<string, unknown>; mount: Record<string, unknown> } | undefined {
  if (!target.files.length) return undefined;
  return {
    volume: {
      name: AGENT_LAYOUT.credentialsVolume,
      projected: {
        defaultMode: 0o440,
        sources: target.files.map(({ ref, file }) => ({
          secret: { name: ref.name, items: [{ key: ref.key, path: file }] },
        })),
      },
    },
    mount: { name: AGENT_LAYOUT.credentialsVolume, mountPath: AGENT_LAYOUT.credentialsDir, readOnly: true },
  };
}

/** loki.staticLabels as plain strings (the generated type allows undefined values). */
export const staticLabelsOf = (model: LogstackModel): Record<string, string> =>
  Object.fromEntries(
    Object.entries(model.loki.staticLabels).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
