import { SYNC_EXIT } from './report.js';

/** What one cycle of the loop reports. */
export interface CycleOutcome {
  line: string;
  code: number;
}

export interface LoopOptions {
  intervalMs: number;
  cycle: () => Promise<CycleOutcome>;
  log: (line: string) => void;
  /** Stop after this many cycles (tests); unset runs until the process ends. */
  maxCycles?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /** Called after every cycle that did not throw (the CLI writes its ready file here). */
  afterCycle?: (outcome: CycleOutcome) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `cycle` every interval. A cycle that throws is logged and the loop goes on: a broken
 * package or a full disk must not end the sidecar. One log line per cycle. Returns the last code.
 */
export async function runLoop(opts: LoopOptions): Promise<number> {
  const sleep = opts.sleep ?? defaultSleep;
  const now = opts.now ?? (() => new Date());
  let last = 0;
  for (let n = 1; opts.maxCycles === undefined || n <= opts.maxCycles; n++) {
    try {
      const outcome = await opts.cycle();
      last = outcome.code;
      opts.log(`${now().toISOString()} cycle ${n}: ${outcome.line}`);
      opts.afterCycle?.(outcome);
    } catch (err) {
      last = SYNC_EXIT.error;
      opts.log(`${now().toISOString()} cycle ${n} failed: ${(err as Error).message.split('\n')[0]}`);
    }
    if (opts.maxCycles !== undefined && n >= opts.maxCycles) break;
    await sleep(opts.intervalMs);
  }
  return last;
}
