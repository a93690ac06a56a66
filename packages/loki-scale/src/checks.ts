import type { LogstackModel, SemanticCheck, SemanticIssue } from '@logstack/spec';
import { type ComponentKey, MODE_COMPONENTS } from './plan.js';
import { resolveVolume } from './volume.js';

const componentsOfMode: SemanticCheck = (m) => {
  const { mode } = m.loki.scale;
  const allowed = MODE_COMPONENTS[mode];
  const out: SemanticIssue[] = [];
  for (const section of ['replicas', 'resources'] as const)
    for (const key of Object.keys(m.loki.scale[section]) as ComponentKey[])
      if (!allowed.includes(key))
        out.push({
          code: 'loki.scale-component-not-in-mode',
          pointer: `/loki/scale/${section}/${key}`,
          value: key,
          message: `"${key}" is not a component of loki.scale.mode ${mode}: the Loki chart would not run it`,
          allowed: allowed.join(', '),
          hint: `remove loki.scale.${section}.${key}, or choose the mode that runs it`,
        });
  return out;
};

const replication: SemanticCheck = (m) => {
  const s = m.loki.scale;
  const out: SemanticIssue[] = [];
  const rf = s.replicationFactor ?? (s.mode === 'monolithic' ? 1 : 3);
  if (s.mode === 'monolithic' && rf > 1)
    out.push({
      code: 'loki.scale-replication-monolithic',
      pointer: '/loki/scale/replicationFactor',
      value: rf,
      message: `replication factor ${rf} needs ${rf} ingesters, but monolithic runs one Loki pod`,
      allowed: '1 in monolithic; 2 to 5 in simpleScalable or distributed',
      hint: 'remove loki.scale.replicationFactor, or set loki.scale.mode to simpleScalable',
    });
  const writeKey = s.mode === 'simpleScalable' ? 'write' : s.mode === 'distributed' ? 'ingester' : undefined;
  const writers = writeKey ? s.replicas[writeKey] : undefined;
  if (writeKey && writers !== undefined && writers < rf)
    out.push({
      code: 'loki.scale-too-few-writers',
      pointer: `/loki/scale/replicas/${writeKey}`,
      value: writers,
      message: `${writers} ${writeKey} replicas cannot hold ${rf} copies of each stream (replication factor ${rf}); pushes would fail`,
      allowed: `at least ${rf}`,
      hint: `set loki.scale.replicas.${writeKey} to ${rf} or more, or lower loki.scale.replicationFactor`,
    });
  if (s.zones && s.mode !== 'distributed')
    out.push({
      code: 'loki.scale-zones-need-distributed',
      pointer: '/loki/scale/zones',
      value: s.zones,
      message: `zones are given but loki.scale.mode is ${s.mode}: the Loki chart makes only Distributed ingesters zone-aware`,
      allowed: 'zones with mode distributed',
      hint: 'set loki.scale.mode to distributed, or remove loki.scale.zones',
    });
  if (s.zones && s.mode === 'distributed' && writers !== undefined && writers % 3 !== 0)
    out.push({
      code: 'loki.scale-zones-uneven',
      pointer: '/loki/scale/replicas/ingester',
      value: writers,
      message: `${writers} ingesters do not split evenly over the 3 zones`,
      allowed: 'a multiple of 3',
      hint: `set loki.scale.replicas.ingester to ${Math.ceil(writers / 3) * 3}`,
    });
  return out;
};

const externalLoki: SemanticCheck = (m) => {
  if (m.loki.mode !== 'external') return [];
  const s = m.loki.scale;
  const set: [string, unknown][] = [
    ['mode', s.mode !== 'monolithic' ? s.mode : undefined],
    ['replicationFactor', s.replicationFactor],
    ['zones', s.zones],
    ['replicas', Object.keys(s.replicas).length ? s.replicas : undefined],
    ['resources', Object.keys(s.resources).length ? s.resources : undefined],
    ['caches', Object.keys(s.caches).length ? s.caches : undefined],
  ];
  return set
    .filter(([, v]) => v !== undefined)
    .map(([key, value]) => ({
      code: 'loki.scale-external',
      pointer: `/loki/scale/${key}`,
      value,
      message: `loki.scale.${key} sizes the in-chart Loki, but loki.mode is external: nothing would use it`,
      allowed:
        'loki.scale.volume only (explain checks it against loki.limits, the external Loki’s stated limits)',
      hint: `remove loki.scale.${key}, or set loki.mode to inChart`,
    }));
};

const volumeConsistent: SemanticCheck = (m: LogstackModel) => {
  const v = m.loki.scale.volume;
  if (v.gbPerDay === undefined || v.peakLinesPerSecond === undefined) return [];
  const r = resolveVolume(m);
  const averageLines = (v.gbPerDay * 1e9) / 86_400 / r.entryBytes;
  if (v.peakLinesPerSecond >= averageLines) return [];
  return [
    {
      code: 'loki.volume-peak-below-average',
      pointer: '/loki/scale/volume/peakLinesPerSecond',
      value: v.peakLinesPerSecond,
      message: `a peak of ${v.peakLinesPerSecond} lines/s is below the daily average that ${v.gbPerDay} GB/day means (${Math.ceil(averageLines)} lines/s of ${r.entryBytes} bytes)`,
      allowed: `at least ${Math.ceil(averageLines)}`,
      hint: 'check both figures, or give only one of them (the other is derived with peakToAverage)',
    },
  ];
};

/** The spec checks of loki.scale and loki.limits. */
export const lokiScaleChecks: SemanticCheck[] = [
  componentsOfMode,
  replication,
  externalLoki,
  volumeConsistent,
];
