import type { LogstackModel } from '@logstack/spec';
import { SIDECAR_LAYOUT } from '@logstack/vector-config';
import type { Volume } from './k8s.js';
import { POD_NAMES } from './names.js';

interface SecretKeyRef {
  name: string;
  key: string;
}

interface SecretDir {
  volume: string;
  dir: string;
  /** File name the Vector config reads -> the Secret key the spec names for it. */
  files: [string, SecretKeyRef | undefined][];
}

/** The Loki credentials the Vector config reads (see loki-sink.ts), each with the Secret key behind it. */
function secretDirs(m: LogstackModel): SecretDir[] {
  const { auth, tls } = m.loki;
  const L = SIDECAR_LAYOUT;
  const authFiles: SecretDir['files'] =
    auth.type === 'basic'
      ? [
          [L.lokiAuthFiles.username, auth.usernameSecret],
          [L.lokiAuthFiles.password, auth.passwordSecret],
        ]
      : auth.type === 'bearer'
        ? [[L.lokiAuthFiles.token, auth.tokenSecret]]
        : [];
  const tlsFiles: SecretDir['files'] = [
    [L.lokiTlsFiles.ca, tls.caSecret],
    [L.lokiTlsFiles.cert, tls.clientCertSecret],
    [L.lokiTlsFiles.key, tls.clientKeySecret],
  ];
  return [
    { volume: POD_NAMES.lokiAuthVolume, dir: L.lokiAuthDir, files: authFiles },
    { volume: POD_NAMES.lokiTlsVolume, dir: L.lokiTlsDir, files: tlsFiles },
  ]
    .map((d) => ({ ...d, files: d.files.filter(([, ref]) => ref) }))
    .filter((d) => d.files.length > 0);
}

/**
 * One projected volume per directory: the spec may name a different Secret for each key (basic
 * auth's user and password, a CA and a client certificate), and each key lands under the file name
 * the Vector config reads. A missing Secret keeps the pod in ContainerCreating with an event naming it.
 */
export function lokiSecretVolumes(m: LogstackModel): Volume[] {
  return secretDirs(m).map(({ volume, files }) => {
    const bySecret = new Map<string, { key: string; path: string }[]>();
    for (const [path, ref] of files) {
      const items = bySecret.get(ref!.name) ?? [];
      items.push({ key: ref!.key, path });
      bySecret.set(ref!.name, items);
    }
    return {
      name: volume,
      projected: { sources: [...bySecret].map(([name, items]) => ({ secret: { name, items } })) },
    };
  });
}

/** The sidecar's read-only mounts of those volumes. */
export const lokiSecretMounts = (m: LogstackModel) =>
  secretDirs(m).map(({ volume, dir }) => ({ name: volume, mountPath: dir, readOnly: true }));
