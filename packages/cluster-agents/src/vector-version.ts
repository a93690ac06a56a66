/** Vector's version from an image tag such as `0.56.0-distroless-libc`; undefined for `latest`, `nightly-...`. */
export function vectorVersionOfTag(tag: string): { major: number; minor: number } | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:-[A-Za-z0-9_.-]+)?$/.exec(tag);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

const atLeast = (v: { major: number; minor: number }, major: number, minor: number) =>
  v.major !== major ? v.major > major : v.minor >= minor;

/**
 * Vector 0.57 rejects sink templates without a literal prefix (a loki label value of just
 * `{{ namespace }}`) unless the sink sets dangerously_allow_unconfined_template_resolution, an
 * option older versions reject as unknown. So the choice follows the image.
 */
export const confinesTemplates = (v: { major: number; minor: number }) => atLeast(v, 0, 57);

/** Vector 0.55 serves grpc.health.v1 on the API port; the vector chart recommends the grpc probe from then on. */
export const hasGrpcHealth = (v: { major: number; minor: number }) => atLeast(v, 0, 55);
