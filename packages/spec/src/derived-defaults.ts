/**
 * Defaults that depend on what else the user wrote, which a JSON Schema default cannot express.
 * Called with the spec as written (before the schema's defaults are applied); returns a function
 * that adjusts the defaulted data.
 */
export function derivedDefaults(written: unknown): (defaulted: unknown) => void {
  const loki = field(written, 'loki');
  const metadataWritten = field(loki, 'structuredMetadata') !== undefined;
  const dagSyncResourcesWritten = field(field(written, 'dagSync'), 'resources') !== undefined;
  return (defaulted) => {
    const ds = field(defaulted, 'dagSync') as { expectedJobs?: unknown; resources?: unknown } | undefined;
    if (!dagSyncResourcesWritten && ds && typeof ds.expectedJobs === 'number')
      ds.resources = dagSyncResources(ds.expectedJobs);
    const l = field(defaulted, 'loki') as
      | { labels?: unknown; staticLabels?: unknown; structuredMetadata?: unknown }
      | undefined;
    // A field the user made a label (or a static label) leaves the default structured metadata, so
    // promoting `level` to a label is one edit, not two. A list the user wrote is theirs: a clash there is reported.
    if (!metadataWritten && l && Array.isArray(l.labels) && Array.isArray(l.structuredMetadata)) {
      const staticNames =
        l.staticLabels && typeof l.staticLabels === 'object' ? Object.keys(l.staticLabels) : [];
      const labels = [...l.labels, ...staticNames];
      l.structuredMetadata = l.structuredMetadata.filter((f) => !labels.includes(f));
    }
  };
}

const field = (o: unknown, key: string): unknown =>
  o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>)[key] : undefined;

/**
 * The dag-sync container's resources for a job count (the rule schemas/spec/dag-sync.schema.json
 * states). Measured (packages/dag-sync bench): a sync holds about 5 MB of heap per 1,000 jobs
 * between cycles, and a first cycle of a 10,000-job manifest fits a 192 MB heap; Node.js itself
 * needs about 60Mi beside its heap.
 */
export function dagSyncResources(jobs: number) {
  const limitMi = Math.max(256, 128 + 16 * Math.ceil(jobs / 1000));
  const requestMi = Math.max(128, Math.ceil(limitMi / 2));
  return {
    requests: { cpu: '50m', memory: `${requestMi}Mi` },
    limits: { cpu: '500m', memory: `${limitMi}Mi` },
  };
}
