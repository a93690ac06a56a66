/**
 * Defaults that depend on what else the user wrote, which a JSON Schema default cannot express.
 * Called with the spec as written (before the schema's defaults are applied); returns a function
 * that adjusts the defaulted data.
 */
export function derivedDefaults(written: unknown): (defaulted: unknown) => void {
  const loki = field(written, 'loki');
  const metadataWritten = field(loki, 'structuredMetadata') !== undefined;
  return (defaulted) => {
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
