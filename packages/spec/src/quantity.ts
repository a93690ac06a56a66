const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** Kubernetes CPU quantity (`100m`, `0.5`, `2`) in millicores. The schema has checked its form. */
export function cpuMillis(q: string): number {
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000;
}

/** Kubernetes memory quantity (`384Mi`, `1G`, `1048576`) in bytes. The schema has checked its form. */
export function memoryBytes(q: string): number {
  const m = /^([0-9.]+)([A-Za-z]*)$/.exec(q);
  const unit = MEMORY_UNITS[m?.[2] ?? ''];
  if (!m || unit === undefined) throw new Error(`not a memory quantity: ${q}`);
  return Number(m[1]) * unit;
}
