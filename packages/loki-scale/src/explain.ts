import { cpuMillis, type LogstackModel, memoryBytes } from '@logstack/spec';
import { HEADROOM, LIMIT_KEYS, type LimitKey } from './limits.js';
import { type LokiPlan, MODE_CEILING_GB_PER_DAY, type PlanInput, planLoki, type ScaleMode } from './plan.js';
import { MIB, toMib } from './volume.js';

/**
 * Measured here with the real Vector 0.56.0 (../shared/bin) running the generated sidecar config
 * (bench/sidecar.bench.ts): 300,000 Airflow 3 JSON lines of 279 bytes shipped to a push endpoint on
 * 127.0.0.1 answering 204 took 24.9 and 26.3 s of CPU in two runs (12,000 and 11,400 lines per
 * CPU-second) and peaked at 83 to 96 MiB RSS reading as fast as it could; idle, Vector used 4m of
 * CPU. That build has no LTO: the release image is a bit faster, so these are on the safe side.
 */
export const SIDECAR_MEASURED = {
  linesPerCpuSecond: 11_000,
  idleCpuMillis: 4,
  peakRssBytes: 96 * MIB,
} as const;

export interface SidecarSizing {
  linesPerSecond: number;
  bytesPerSecond: number;
  /** Pushes one sidecar sends per second (at most). */
  pushesPerSecond: number;
  cpuRequestMillis: number;
  memoryRequestBytes: number;
  /** The spec's sidecar.resources requests. */
  specCpuMillis: number;
  specMemoryBytes: number;
  specCpuLimitMillis: number;
  /** Lines per second the spec's CPU limit can ship. */
  maxLinesPerSecondAtLimit: number;
}

export interface LimitCheck {
  key: LimitKey;
  name: string;
  /** What the peak needs, in the limit's unit (MiB/s, MiB, streams). */
  needed: number;
  /** Loki's default. */
  defaultValue: number;
  /** What this installation has: the generated value (in-chart) or the stated one (external). */
  effective: number;
  holdsWithDefault: boolean;
  holds: boolean;
  why: string;
}

export interface LokiCapacity {
  target: 'inChart' | 'external';
  plan: LokiPlan;
  /** The plan for the recommended mode when it differs from the chosen one. */
  recommendedPlan?: LokiPlan;
  sidecar?: SidecarSizing;
  /** Pushes per second all sidecars together send to Loki at the peak. */
  pushesPerSecond?: number;
  checks: LimitCheck[];
  warnings: string[];
}

const ceilTo = (n: number, step: number) => Math.ceil(n / step) * step;
const num = (v: number | string) => (typeof v === 'number' ? v : Number.NaN);

/**
 * One sidecar's pushes: a batch goes out when it is batch.timeoutMs old, holds batch.maxEvents
 * events or batch.maxBytes bytes, whichever comes first; below one line per timeout, each line
 * can be a push of its own.
 */
function pushesPerSidecar(model: LogstackModel, lines: number, entryBytes: number): number {
  if (lines <= 0) return 0;
  const b = model.loki.batch;
  return Math.max(
    Math.min(lines, 1000 / b.timeoutMs),
    lines / b.maxEvents,
    (lines * entryBytes) / b.maxBytes,
  );
}

function sidecarSizing(model: LogstackModel, perTask: number, entryBytes: number): SidecarSizing {
  const { requests, limits } = model.sidecar.resources;
  const m = SIDECAR_MEASURED;
  const cpu = ceilTo(m.idleCpuMillis + (perTask / m.linesPerCpuSecond) * 1000 * HEADROOM, 5);
  const limitMillis = cpuMillis(limits.cpu);
  return {
    linesPerSecond: perTask,
    bytesPerSecond: perTask * entryBytes,
    pushesPerSecond: pushesPerSidecar(model, perTask, entryBytes),
    cpuRequestMillis: Math.max(10, cpu),
    // Reading a file, Vector stops reading while Loki is slow (backpressure): memory follows its
    // buffers, not the rate. The measured peak plus a third, in 16Mi steps.
    memoryRequestBytes: ceilTo((m.peakRssBytes * 4) / 3, 16 * MIB),
    specCpuMillis: cpuMillis(requests.cpu),
    specMemoryBytes: memoryBytes(requests.memory),
    specCpuLimitMillis: limitMillis,
    maxLinesPerSecondAtLimit: Math.floor((m.linesPerCpuSecond * (limitMillis - m.idleCpuMillis)) / 1000),
  };
}

function limitChecks(model: LogstackModel, plan: LokiPlan, sidecar: SidecarSizing | undefined): LimitCheck[] {
  const v = plan.volume;
  const peak = toMib(v.peakBytesPerSecond);
  const hot = toMib(v.hottestStreamBytesPerSecond);
  const push = sidecar
    ? toMib(Math.min(model.loki.batch.maxBytes, model.loki.batch.maxEvents * v.entryBytes))
    : 0;
  const external = model.loki.mode === 'external';
  const effective = (key: LimitKey, dflt: number) => {
    const p = plan.limits[key];
    // External: only what the spec states about that Loki; in-chart: what the values set.
    if (external) return model.loki.limits[key] !== undefined ? num(p.value) : dflt;
    return num(p.value);
  };
  const check = (key: LimitKey, needed: number, dflt: number, why: string): LimitCheck => {
    const eff = effective(key, dflt);
    return {
      key,
      name: LIMIT_KEYS[key],
      needed: Number(needed.toFixed(3)),
      defaultValue: dflt,
      effective: eff,
      holdsWithDefault: needed <= dflt,
      holds: needed <= eff,
      why,
    };
  };
  return [
    check('ingestionRateMb', peak, 4, 'the peak of all sidecars together, MiB/s'),
    check(
      'ingestionBurstSizeMb',
      Math.max(push, peak * (model.loki.batch.timeoutMs / 1000) * 2),
      6,
      'one push, or two batch windows of the peak arriving at once, MiB',
    ),
    check('perStreamRateLimitMb', hot, 3, `the busiest stream, MiB/s (${v.hottestStreamBasis})`),
  ];
}

/**
 * Which Loki fits the volume and whether it takes the sidecars' peak: the plan of the chosen mode,
 * the recommended mode's plan when they differ, the per-sidecar sizing when a per-task rate is
 * known, and Loki's ingestion limits against the peak.
 */
export function explainLokiCapacity(model: LogstackModel, input: PlanInput = {}): LokiCapacity {
  const plan = planLoki(model, input);
  const v = plan.volume;
  const external = model.loki.mode === 'external';
  const warnings: string[] = [];
  const perTask =
    v.linesPerSecondPerTask ??
    (v.peakConcurrency && v.given ? v.peakLinesPerSecond / v.peakConcurrency : undefined);
  const sidecar = perTask !== undefined ? sidecarSizing(model, perTask, v.entryBytes) : undefined;
  const pushes = sidecar && v.peakConcurrency ? sidecar.pushesPerSecond * v.peakConcurrency : undefined;
  const checks = v.given ? limitChecks(model, plan, sidecar) : [];
  if (!external && v.given && v.gbPerDay > MODE_CEILING_GB_PER_DAY[plan.mode])
    warnings.push(
      `loki.scale.mode ${plan.mode} is meant for up to ${MODE_CEILING_GB_PER_DAY[plan.mode]} GB/day; ${v.gbPerDay} GB/day needs ${plan.recommendedMode}: set loki.scale.mode: ${plan.recommendedMode}`,
    );
  for (const c of checks)
    if (!c.holds)
      warnings.push(
        external
          ? `the external Loki's ${c.name} (${c.effective}${model.loki.limits[c.key] === undefined ? ', Loki’s default: state it in loki.limits' : ''}) is below the ${c.needed} the peak needs: pushes beyond it are refused with 429 and the sidecars retry until their drain times out; ask its operators for ${plan.limits[c.key].source === 'derived' ? plan.limits[c.key].value : Math.ceil(c.needed * HEADROOM)}`
          : `${c.name} ${c.effective} (loki.limits) is below the ${c.needed} the peak needs: remove it from loki.limits to get the derived ${Math.ceil(c.needed * HEADROOM)}, or raise it`,
      );
  if (sidecar && sidecar.specCpuMillis < sidecar.cpuRequestMillis)
    warnings.push(
      `sidecar.resources.requests.cpu ${sidecar.specCpuMillis}m is below the ${sidecar.cpuRequestMillis}m that ${sidecar.linesPerSecond} lines/s need`,
    );
  if (sidecar && sidecar.specMemoryBytes < sidecar.memoryRequestBytes)
    warnings.push(
      `sidecar.resources.requests.memory is below the ${sidecar.memoryRequestBytes / MIB}Mi the sidecar peaked at (plus a third)`,
    );
  if (sidecar && sidecar.linesPerSecond > sidecar.maxLinesPerSecondAtLimit)
    warnings.push(
      `a task writing ${sidecar.linesPerSecond} lines/s outruns the sidecar's CPU limit (${sidecar.specCpuLimitMillis}m ships about ${sidecar.maxLinesPerSecondAtLimit} lines/s): its log reaches Loki late and the drain may time out; raise sidecar.resources.limits.cpu`,
    );
  const recommendedPlan =
    !external && plan.recommendedMode !== plan.mode
      ? planLoki(model, { ...input, mode: plan.recommendedMode })
      : undefined;
  return {
    target: external ? 'external' : 'inChart',
    plan,
    ...(recommendedPlan ? { recommendedPlan } : {}),
    ...(sidecar ? { sidecar } : {}),
    ...(pushes !== undefined ? { pushesPerSecond: Number(pushes.toFixed(2)) } : {}),
    checks,
    warnings,
  };
}

export type { ScaleMode };
