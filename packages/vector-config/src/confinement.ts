import type { LogstackModel } from '@logstack/spec';

export interface VectorVersion {
  major: number;
  minor: number;
  patch: number;
}

/** The first Vector release that confines sink templates (loki label values included). */
export const CONFINEMENT_SINCE: VectorVersion = { major: 0, minor: 57, patch: 0 };

/** Vector's version from an image tag such as `0.56.0-alpine` or `v0.57.1-distroless-libc`; undefined for `latest`, `nightly-...`. */
export function vectorVersionOfTag(tag: string): VectorVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-[A-Za-z0-9_.-]+)?$/.exec(tag);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

export const confinesTemplates = (v: VectorVersion): boolean =>
  v.major !== CONFINEMENT_SINCE.major
    ? v.major > CONFINEMENT_SINCE.major
    : v.minor >= CONFINEMENT_SINCE.minor;

export type ConfinementDecision =
  | { ok: true; allowUnconfined: boolean; version?: VectorVersion }
  | { ok: false; reason: 'unparseable' | 'too-new' | 'too-old'; version?: VectorVersion };

/**
 * Whether the loki sink gets `dangerously_allow_unconfined_template_resolution: true`. The option
 * exists only from 0.57 on (older Vector rejects unknown sink fields), and 0.57+ refuses label
 * templates without it, so the image version and the choice must agree.
 */
export function confinementDecision(model: LogstackModel): ConfinementDecision {
  const version = vectorVersionOfTag(model.sidecar.image.tag);
  switch (model.sidecar.templateConfinement) {
    case 'auto':
      return version
        ? { ok: true, allowUnconfined: confinesTemplates(version), version }
        : { ok: false, reason: 'unparseable' };
    case 'allowUnconfined':
      return version && !confinesTemplates(version)
        ? { ok: false, reason: 'too-old', version }
        : { ok: true, allowUnconfined: true, ...(version ? { version } : {}) };
    case 'requireBelow057':
      if (!version) return { ok: false, reason: 'unparseable' };
      return confinesTemplates(version)
        ? { ok: false, reason: 'too-new', version }
        : { ok: true, allowUnconfined: false, version };
  }
}
