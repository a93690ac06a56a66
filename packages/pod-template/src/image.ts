/** What the sidecar needs from an image tag: a Vector version and a variant with a shell. */
export interface VectorTag {
  version: [number, number, number];
  variant: string;
}

/** Variants whose image has /bin/sh and wget (busybox), which the probe and drain run. */
export const SHELL_VARIANTS = ['alpine'] as const;

const TAG = /^(\d+)\.(\d+)\.(\d+)(?:-(.+))?$/;

/** `0.56.0-alpine` -> version and variant; undefined when the tag is not `<x.y.z>[-variant]`. */
export function parseVectorTag(tag: string): VectorTag | undefined {
  const m = TAG.exec(tag);
  if (!m) return undefined;
  return { version: [Number(m[1]), Number(m[2]), Number(m[3])], variant: m[4] ?? '' };
}
